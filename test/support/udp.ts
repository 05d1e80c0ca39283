import * as dgram from 'node:dgram';

export function bindUdp(type: 'udp4' | 'udp6', address: string, port = 0): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(type);
    socket.once('error', reject);
    socket.bind(port, address, () => resolve(socket));
  });
}

export function closeUdp(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}
