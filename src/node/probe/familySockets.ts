// One UDP socket per address family for a whole sweep, opened on first use.
import * as dgram from 'node:dgram';
import type { IpFamily } from '../../core/targets/ipAddress';

export type DatagramHandler = (datagram: Buffer, from: dgram.RemoteInfo) => void;
export type SendErrorHandler = (error: Error) => void;

// Large buffers so a burst of replies during a fast sweep is not dropped by the kernel.
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

export class FamilySockets {
  private readonly opened = new Map<IpFamily, dgram.Socket>();
  private readonly failed = new Map<IpFamily, Error>();

  constructor(private readonly onDatagram: DatagramHandler, private readonly onSendError: SendErrorHandler) {}

  /** The open socket for `family`, or the reason it could not be opened. */
  async get(family: IpFamily): Promise<dgram.Socket | Error> {
    const open = this.opened.get(family) ?? this.failed.get(family);
    if (open) return open;
    try {
      const socket = await this.open(family);
      this.opened.set(family, socket);
      return socket;
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      this.failed.set(family, reason);
      return reason;
    }
  }

  /** Datagrams still queued in the OS-facing send queues. */
  queuedSends(): number {
    let queued = 0;
    for (const socket of this.opened.values()) queued += socket.getSendQueueCount();
    return queued;
  }

  close(): void {
    for (const socket of this.opened.values()) {
      try { socket.close(); } catch { /* already closed */ }
    }
    this.opened.clear();
  }

  private open(family: IpFamily): Promise<dgram.Socket> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6', ipv6Only: family === 6 });
      socket.on('message', this.onDatagram);
      socket.once('error', (error) => {
        // A family this host lacks (no IPv6, say): close what was created, report why.
        try { socket.close(); } catch { /* never bound */ }
        reject(error);
      });
      socket.bind({ port: 0, address: family === 4 ? '0.0.0.0' : '::', exclusive: true }, () => {
        socket.removeAllListeners('error');
        // Sends without a callback report failures here (EACCES for a broadcast address, ...).
        socket.on('error', this.onSendError);
        try {
          socket.setRecvBufferSize(SOCKET_BUFFER_BYTES);
          socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
        } catch { /* the OS may cap these; the defaults still work */ }
        resolve(socket);
      });
    });
  }
}
