// Reads the kernel's own tables, /proc/net/{tcp,tcp6,udp,udp6}:
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
//    0: 0100007F:9C40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9057 ...
// Addresses are hex 32-bit words in the kernel's byte order; ports are hex.
// A TCP socket listens in state 0A; an unconnected UDP socket sits in 07 with
// no remote address. No process column: owners come from /proc/<pid>/fd.
import { formatIpv6 } from './addresses';
import { MAX_LINE_LENGTH, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult, SocketProtocol } from './types';

export type ProcNetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface ProcNetOptions {
  /** Byte order of the machine that wrote the table; x86 and ARM are little-endian. */
  littleEndian?: boolean;
}

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';
const ROW = /^\d+:\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]{2})\s+\S+\s+\S+\s+\S+\s+(\d+)\s+\d+\s+(\d+)(?:\s|$)/;

export function parseProcNet(table: ProcNetTable, output: string, options: ProcNetOptions = {}): SocketParseResult {
  const littleEndian = options.littleEndian ?? true;
  const protocol: SocketProtocol = table.startsWith('tcp') ? 'tcp' : 'udp';
  const hexLength = table.endsWith('6') ? 32 : 8;
  const warnings = new WarningList();
  const sockets: ListeningSocket[] = [];
  splitLines(output).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('sl ')) return;
    if (trimmed.length > MAX_LINE_LENGTH) return warnings.skipped(index + 1, trimmed, 'line too long');
    const row = ROW.exec(trimmed);
    if (row === null) return warnings.skipped(index + 1, trimmed, `not a /proc/net/${table} row`);
    const [, localHex, localPortHex, remoteHex, remotePortHex, state, uid, inode] = row as unknown as string[] as [string, string, string, string, string, string, string, string];
    if (localHex.length !== hexLength) return warnings.skipped(index + 1, trimmed, `address length does not fit /proc/net/${table}`);
    const listening = protocol === 'tcp'
      ? state.toUpperCase() === TCP_LISTEN
      : state.toUpperCase() === UDP_UNCONNECTED && /^0+$/.test(remoteHex) && /^0+$/.test(remotePortHex);
    if (!listening) return;
    const localAddress = hexLength === 8 ? ipv4FromHex(localHex, littleEndian) : ipv6FromHex(localHex, littleEndian);
    sockets.push({
      protocol,
      family: hexLength === 8 ? 4 : 6,
      localAddress,
      localPort: parseInt(localPortHex, 16),
      uid: Number(uid),
      inode: Number(inode),
    });
  });
  return { sockets, warnings: warnings.toArray() };
}

/** The four bytes of one 32-bit word, in network order. */
function wordBytes(hex8: string, littleEndian: boolean): number[] {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex8.slice(i, i + 2), 16));
  return littleEndian ? bytes.reverse() : bytes;
}

function ipv4FromHex(hex: string, littleEndian: boolean): string {
  return wordBytes(hex, littleEndian).join('.');
}

function ipv6FromHex(hex: string, littleEndian: boolean): string {
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8), littleEndian));
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIpv6(groups);
}
