// Reads `ss -H -l -n -p -t -u -e` (iproute2). One row per socket:
//   udp UNCONN 0 0 127.0.0.1:40004 0.0.0.0:* users:(("node",pid=7598,fd=23)) uid:1000 ino:9061 sk:2 cgroup:/ <->
// The process name is printed raw between quotes and may hold spaces, commas
// and quotes, so holders are matched on their `",pid=N,fd=N)` tail.
import { parseAddress, parsePort, splitHostPort } from './addresses';
import { MAX_LINE_LENGTH, mergeSocketRows, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult, SocketProcess } from './types';

/** The arguments this parser expects `ss` to have been run with. */
export const SS_ARGS = ['-H', '-l', '-n', '-p', '-t', '-u', '-e'] as const;

// `s`: a row joined from continuation lines holds newlines (see joinContinuations).
const ROW = /^(tcp|udp)\s+(\S+)\s+\d+\s+\d+\s+(\S+)\s+\S+(.*)$/s;
// A name is the kernel's comm, at most 15 bytes (so at most 15 characters):
// the bound keeps a row whose list is broken from reaching into the next row's.
const HOLDER = /\("(.{0,15}?)",pid=(\d+),fd=(\d+)\)(?=,\(|\))/ys;
/** The netids ss prints first on a row (ss(8) `-A`). */
const NETID = /^(?:tcp|udp|raw|mptcp|sctp|dccp|tipc|xdp|icmp6?|nl|u_\w+|p_\w+|v_\w+)\s/;

export function parseSs(output: string): SocketParseResult {
  const warnings = new WarningList();
  const rows: ListeningSocket[] = [];
  for (const { line, number } of joinContinuations(splitLines(output))) {
    const trimmed = line.trim();
    if (trimmed === '' || /^(Netid|State)\s/.test(trimmed)) continue;
    if (trimmed.length > MAX_LINE_LENGTH) { warnings.skipped(number, trimmed, 'line too long'); continue; }
    const row = ROW.exec(trimmed);
    if (row === null) { warnings.skipped(number, trimmed, 'not an ss socket row'); continue; }
    const [, protocol, state, local, rest] = row as unknown as [string, 'tcp' | 'udp', string, string, string];
    if (!(protocol === 'tcp' ? state === 'LISTEN' : state === 'UNCONN')) continue;
    const socket = parseRow(protocol, local, rest);
    if (typeof socket === 'string') { warnings.skipped(number, trimmed, socket); continue; }
    if (socket.holdersUnreadable) warnings.skipped(number, trimmed, 'unreadable users:(...) list; the socket is kept without an owner');
    rows.push(socket.socket);
  }
  return { sockets: mergeSocketRows(rows), warnings: warnings.toArray() };
}

/**
 * ss prints process names raw, so a name holding a newline (a process can
 * write anything to /proc/self/comm) splits its row. What the next line starts
 * with proves nothing: a name can hold "x\ntcp LISTEN 0", and that line would
 * look like a row of its own. The row's structure decides instead: while its
 * users:(("...",pid=N,fd=N)) list is still open, the row is not complete, and
 * the following lines belong to it, whatever they start with, up to the line
 * where the list closes. If the list never closes within a name's reach, only
 * the lines that cannot be rows are joined, so a broken row cannot swallow good ones.
 */
function joinContinuations(lines: readonly string[]): { line: string; number: number }[] {
  const joined: { line: string; number: number }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    let row = line;
    let end = index;
    if (holdersOpen(line)) {
      for (let next = index + 1; next < lines.length && next - index <= MAX_NAME_LINES && row.length <= MAX_LINE_LENGTH; next++) {
        const candidate = `${row}\n${lines[next] ?? ''}`;
        if (!holdersOpen(candidate)) {
          row = candidate;
          end = next;
          break;
        }
        row = candidate;
      }
      if (end === index) {
        // Never closed: the list is broken. Lines that cannot be rows of their
        // own still belong to it (its inode and uid follow the names); the
        // next line that starts like a row is left to be one.
        row = line;
        while (end + 1 < lines.length && end - index < MAX_NAME_LINES && !NETID.test((lines[end + 1] ?? '').trimStart()) && row.length <= MAX_LINE_LENGTH) {
          end += 1;
          row = `${row}\n${lines[end] ?? ''}`;
        }
      }
    }
    joined.push({ line: row, number: index + 1 });
    index = end;
  }
  return joined;
}

/**
 * Linux cuts a process name to 15 bytes (TASK_COMM_LEN), so it holds at most
 * 15 newlines, and one ss row spans at most 16 lines.
 */
const MAX_NAME_LINES = 15;

/** Whether a row starts with a netid and has a users:( list not yet closed. */
function holdersOpen(row: string): boolean {
  const usersAt = row.indexOf('users:(');
  return usersAt >= 0 && NETID.test(row.trimStart()) && parseHolders(row, usersAt + 'users:('.length) === undefined;
}

function parseRow(protocol: 'tcp' | 'udp', local: string, rest: string): { socket: ListeningSocket; holdersUnreadable: boolean } | string {
  const usersAt = rest.indexOf('users:(');
  let holders: SocketProcess[] = [];
  let details = rest;
  let holdersUnreadable = false;
  if (usersAt >= 0) {
    const parsed = parseHolders(rest, usersAt + 'users:('.length);
    if (parsed === undefined) {
      // Keep the socket: a listener with no owner is worth more than no listener.
      // Its own fields follow the names, so read them after the last `))`.
      holdersUnreadable = true;
      details = rest.slice(rest.lastIndexOf('))') + 2);
    } else {
      holders = parsed.holders;
      details = rest.slice(0, usersAt) + rest.slice(parsed.end);
    }
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
  return { socket, holdersUnreadable };
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
