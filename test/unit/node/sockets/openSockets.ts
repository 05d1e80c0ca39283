// Opens real listening sockets for the lister tests: TCP and UDP, IPv4 and
// IPv6, loopback and the any address, each on a port the kernel picks.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface OpenedSocket {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  localAddress: string;
  localPort: number;
}

const HOSTS: { host: string; family: 4 | 6 }[] = [
  { host: '127.0.0.1', family: 4 }, { host: '0.0.0.0', family: 4 }, { host: '::1', family: 6 }, { host: '::', family: 6 },
];

export async function openSockets(): Promise<{ opened: OpenedSocket[]; close: () => Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const opened: OpenedSocket[] = [];
  for (const { host, family } of HOSTS) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host, ipv6Only: host === '::1' }, resolve);
    });
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    opened.push({ protocol: 'tcp', family, localAddress: host, localPort: (server.address() as AddressInfo).port });

    const udp = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6' });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, resolve);
    });
    closers.push(() => new Promise((resolve) => udp.close(() => resolve())));
    opened.push({ protocol: 'udp', family, localAddress: host, localPort: udp.address().port });
  }
  return { opened, close: async () => { await Promise.all(closers.map((c) => c())); } };
}

/** A port nobody listens on for TCP or UDP on 127.0.0.1 and ::1, at the moment of asking. */
export async function freePort(): Promise<number> {
  for (;;) {
    const { opened, close } = await openSockets();
    const port = opened[0]?.localPort ?? 0;
    await close();
    const probe = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen({ port, host: '::', ipv6Only: false }, () => resolve(true));
    });
    await new Promise((resolve) => probe.close(resolve));
    if (free) return port;
  }
}
