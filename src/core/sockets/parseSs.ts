// Reads `ss -H -l -n -p -t -u -e` (iproute2). One row per socket:
//   udp UNCONN 0 0 127.0.0.1:40004 0.0.0.0:* users:(("node",pid=7598,fd=23)) uid:1000 ino:9061 sk:2 cgroup:/ <->
// The process name is printed raw between quotes and may hold spaces, commas
// and quotes, so holders are matched on their `",pid=N,fd=N)` tail.
import { parseAddress, parsePort, splitHostPort } from './addresses';
import { MAX_LINE_LENGTH, mergeSocketRows, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult, SocketProcess } from './types';

/** The arguments this parser expects `ss` to have been run with. */
export const SS_ARGS = ['-H', '-l', '-n', '-p', '-t', '-u', '-e'] as const;

const ROW = /^(tcp|udp)\s+(\S+)\s+\d+\s+\d+\s+(\S+)\s+\S+(.*)$/;
const HOLDER = /\("(.*?)",pid=(\d+),fd=(\d+)\)(?=,\(|\))/y;

export function parseSs(output: string): SocketParseResult {
  const warnings = new WarningList();
  const rows: ListeningSocket[] = [];
  splitLines(output).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || /^(Netid|State)\s/.test(trimmed)) return;
    if (trimmed.length > MAX_LINE_LENGTH) return warnings.skipped(index + 1, trimmed, 'line too long');
    const row = ROW.exec(trimmed);
    if (row === null) return warnings.skipped(index + 1, trimmed, 'not an ss socket row');
    const [, protocol, state, local, rest] = row as unknown as [string, 'tcp' | 'udp', string, string, string];
    if (!(protocol === 'tcp' ? state === 'LISTEN' : state === 'UNCONN')) return;
    const socket = parseRow(protocol, local, rest);
    if (typeof socket === 'string') return warnings.skipped(index + 1, trimmed, socket);
    rows.push(socket);
  });
  return { sockets: mergeSocketRows(rows), warnings: warnings.toArray() };
}

function parseRow(protocol: 'tcp' | 'udp', local: string, rest: string): ListeningSocket | string {
  const usersAt = rest.indexOf('users:(');
  let holders: SocketProcess[] = [];
  let details = rest;
  if (usersAt >= 0) {
    const parsed = parseHolders(rest, usersAt + 'users:('.length);
    if (parsed === undefined) return 'unreadable users:(...) list';
    holders = parsed.holders;
    details = rest.slice(0, usersAt) + rest.slice(parsed.end);
  }
  const hostPort = splitHostPort(local);
  const port = hostPort && parsePort(hostPort.port);
  if (hostPort === undefined || port === undefined) return `bad local address ${local}`;
  const v6only = /(?:^|\s)v6only:([01])(?=\s|$)/.exec(details)?.[1];
  const socket = localSocket(protocol, hostPort.host, port, v6only);
  if (socket === undefined) return `bad local address ${local}`;
  const inode = /(?:^|\s)ino:(\d+)(?=\s|$)/.exec(details)?.[1];
  const uid = /(?:^|\s)uid:(\d+)(?=\s|$)/.exec(details)?.[1];
  if (inode !== undefined) socket.inode = Number(inode);
  if (uid !== undefined) socket.uid = Number(uid);
  const [first, ...others] = holders;
  if (first !== undefined) socket.process = first;
  if (others.length > 0) socket.otherProcesses = others;
  return socket;
}

/** `*` is the IPv6 any address of a dual-stack socket (ss prints `[::]` when v6only). */
function localSocket(protocol: 'tcp' | 'udp', host: string, port: number, v6only: string | undefined): ListeningSocket | undefined {
  if (host === '*') {
    // Old ss releases printed `*` for the IPv4 any address too; they print no v6only.
    if (v6only === undefined) return { protocol, family: 4, localAddress: '0.0.0.0', localPort: port };
    return { protocol, family: 6, localAddress: '::', localPort: port, dualStack: v6only === '0' };
  }
  const address = parseAddress(host);
  if (address === undefined) return undefined;
  const socket: ListeningSocket = { protocol, family: address.family, localAddress: address.address, localPort: port };
  if (address.zone !== undefined) socket.interface = address.zone;
  if (address.family === 6 && v6only !== undefined && address.address === '::') socket.dualStack = v6only === '0';
  return socket;
}

function parseHolders(text: string, start: number): { holders: SocketProcess[]; end: number } | undefined {
  const holders: SocketProcess[] = [];
  let at = start;
  for (;;) {
    HOLDER.lastIndex = at;
    const match = HOLDER.exec(text);
    if (match === null) return undefined;
    const [, name, pid, fd] = match as unknown as [string, string, string, string];
    const holder: SocketProcess = { pid: Number(pid), fd: Number(fd) };
    if (name !== '') holder.name = name;
    if (!holders.some((h) => h.pid === holder.pid)) holders.push(holder);
    at = HOLDER.lastIndex;
    if (text[at] === ')') return { holders, end: at + 1 };
    at += 1; // the comma between holders
  }
}
