// One UDP socket per address family for a whole sweep, opened on first use.
import * as dgram from 'node:dgram';
import type { IpFamily } from '../../core/targets/ipAddress';

export type DatagramHandler = (datagram: Buffer, from: dgram.RemoteInfo) => void;

// Large buffers so a burst of replies during a fast sweep is not dropped by the kernel.
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

export class FamilySockets {
  private readonly sockets = new Map<IpFamily, Promise<dgram.Socket>>();
  private closed = false;

  constructor(private readonly onDatagram: DatagramHandler) {}

  /** The socket for `family`, bound to an ephemeral port on every address. */
  get(family: IpFamily): Promise<dgram.Socket> {
    let socket = this.sockets.get(family);
    if (!socket) {
      socket = this.open(family);
      this.sockets.set(family, socket);
    }
    return socket;
  }

  async close(): Promise<void> {
    this.closed = true;
    const opened = await Promise.allSettled(this.sockets.values());
    for (const result of opened) {
      if (result.status === 'fulfilled') {
        try { result.value.close(); } catch { /* already closed */ }
      }
    }
  }

  private open(family: IpFamily): Promise<dgram.Socket> {
    return new Promise((resolve, reject) => {
      if (this.closed) { reject(new Error('the sweep is over')); return; }
      const socket = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6', ipv6Only: family === 6 });
      socket.on('message', this.onDatagram);
      socket.once('error', reject);
      socket.bind({ port: 0, address: family === 4 ? '0.0.0.0' : '::', exclusive: true }, () => {
        socket.removeListener('error', reject);
        // Later socket errors (ICMP-driven on some platforms) must not crash the host.
        socket.on('error', () => undefined);
        try {
          socket.setRecvBufferSize(SOCKET_BUFFER_BYTES);
          socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
        } catch { /* the OS may cap these; the defaults still work */ }
        resolve(socket);
      });
    });
  }
}
