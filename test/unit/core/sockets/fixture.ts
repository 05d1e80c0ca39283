// Reads a socket fixture; tests run from the repository root.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ListeningSocket } from '../../../../src/core/sockets/types';

export function fixture(name: string): string {
  return readFileSync(resolve('test/fixtures/sockets', name), 'utf8');
}

/** `tcp 4 127.0.0.1:40000`, the identity of a socket regardless of owner. */
export function keyOf(socket: ListeningSocket): string {
  const host = socket.family === 6 ? `[${socket.localAddress}]` : socket.localAddress;
  return `${socket.protocol}${socket.family} ${host}:${socket.localPort}`;
}

export function find(sockets: readonly ListeningSocket[], key: string): ListeningSocket {
  const found = sockets.find((s) => keyOf(s) === key);
  if (found === undefined) throw new Error(`no socket ${key} in ${sockets.map(keyOf).join(', ')}`);
  return found;
}
