// Reads net-tools `netstat -l -n -p -t -u -e -W` on Linux:
//   Proto Recv-Q Send-Q Local Address  Foreign Address  State   User  Inode  PID/Program name
//   tcp        0      0 0.0.0.0:40031  0.0.0.0:*        LISTEN  0     10007  7601/spaced argv, z
//   udp6       0      0 :::40007       :::*                     0     9064   -
// UDP rows have no State. The program name is the last column and may hold
// spaces, so it is everything after `PID/` (net-tools cuts it at 20 characters).
import { parseAddress, parsePort, splitHostPort } from './addresses';
import { MAX_LINE_LENGTH, mergeSocketRows, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult } from './types';

/**
 * The arguments this parser expects `netstat` to have been run with. `-W`
 * (wide) keeps long IPv6 addresses whole: without it netstat cuts them to fit
 * a 23-character column (`fe80::fc:ff:fe00:1:38895` comes out as
 * `fe80::fc:ff:fe00::38895`). The columns stay whitespace-separated either way.
 */
export const NETSTAT_LINUX_ARGS = ['-l', '-n', '-p', '-t', '-u', '-e', '-W'] as const;

const ROW = /^(tcp6?|udp6?)\s+\d+\s+\d+\s+(\S+)\s+\S+\s+(?:([A-Z][A-Z0-9_]*)\s+)?(\S+)\s+(\d+)(?:\s+(?:(\d+)\/(.*)|-))?\s*$/;

export function parseNetstatLinux(output: string): SocketParseResult {
  const warnings = new WarningList();
  const rows: ListeningSocket[] = [];
  splitLines(output).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || isPreamble(trimmed)) return;
    if (trimmed.length > MAX_LINE_LENGTH) return warnings.skipped(index + 1, trimmed, 'line too long');
    const row = ROW.exec(trimmed);
    if (row === null) return warnings.skipped(index + 1, trimmed, 'not a netstat socket row');
    const [, proto, local, state, user, inode, pid, program] = row as unknown as [string, string, string, string | undefined, string, string, string | undefined, string | undefined];
    const protocol = proto.startsWith('tcp') ? 'tcp' : 'udp';
    // -l lists unconnected UDP sockets; a connected one says ESTABLISHED.
    if (protocol === 'tcp' ? state !== 'LISTEN' : state === 'ESTABLISHED') return;
    const hostPort = splitHostPort(local);
    const port = hostPort && parsePort(hostPort.port);
    const address = hostPort && parseAddress(hostPort.host);
    if (port === undefined || address === undefined) return warnings.skipped(index + 1, trimmed, `bad local address ${local}`);
    // netstat prints an IPv4-mapped address of an IPv6 socket (`::ffff:127.0.0.1`)
    // as plain IPv4 on a tcp6/udp6 row; name it as ss and /proc do.
    const mapped = proto.endsWith('6') && address.family === 4;
    const socket: ListeningSocket = mapped
      ? { protocol, family: 6, localAddress: `::ffff:${address.address}`, localPort: port, inode: Number(inode) }
      : { protocol, family: address.family, localAddress: address.address, localPort: port, inode: Number(inode) };
    if (/^\d+$/.test(user)) socket.uid = Number(user);
    if (address.zone !== undefined) socket.interface = address.zone;
    if (pid !== undefined) {
      socket.process = { pid: Number(pid) };
      const name = program?.trim();
      if (name) socket.process.name = name;
    }
    rows.push(socket);
  });
  return { sockets: mergeSocketRows(rows), warnings: warnings.toArray() };
}

/** The title, the column header and the "not all processes" note. */
function isPreamble(line: string): boolean {
  return /^Active (Internet|UNIX)/.test(line)
    || /^Proto\s+Recv-Q/.test(line)
    || /^\(?(Not all processes|will not be shown|Only processes owned)/.test(line);
}
