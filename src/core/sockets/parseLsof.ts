// Reads lsof's field output (macOS, also Linux), from two runs:
//   lsof -b -w -nP -iTCP -sTCP:LISTEN +c 0 -F pcuLftPnT
//   lsof -b -w -nP -iUDP +c 0 -F pcuLftPnT
// (One run with both -iTCP -sTCP:LISTEN and -iUDP lists no UDP at all: a
// state inclusion list drops every file without a state, and UDP has none.)
// One field per line, the first character naming it: `p` starts a process
// set (then `c` command, `u` uid, `L` login), `f` starts a file within it
// (then `t` IPv4/IPv6, `P` TCP/UDP, `n` address, `T` TCP details such as
// `TST=LISTEN`). Other documented field letters are read past; a line that
// is no field at all, or a used field with an impossible value, is reported.
import { parseAddress, parsePort, splitHostPort } from './addresses';
import { MAX_LINE_LENGTH, mergeSocketRows, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult, SocketProcess } from './types';

/**
 * The two argument lists this parser expects `lsof` to have been run with; `+c 0`
 * keeps whole names. `-b` avoids kernel calls that can block for ever (stat on a
 * dead NFS mount puts lsof in uninterruptible sleep), `-w` hides the warnings
 * that -b then prints.
 */
export const LSOF_RUNS = [
  ['-b', '-w', '-nP', '-iTCP', '-sTCP:LISTEN', '+c', '0', '-F', 'pcuLftPnT'],
  ['-b', '-w', '-nP', '-iUDP', '+c', '0', '-F', 'pcuLftPnT'],
] as const;

/** What the fields this parser reads may hold; anything else is not lsof output. */
const FIELD_VALUES: Record<string, RegExp> = {
  p: /^\d{1,10}$/,
  f: /^[\w-]{1,16}$/,
  u: /^\d{1,10}$/,
  t: /^[\w-]{1,16}$/,
  P: /^[\w-]{1,16}$/,
  T: /^[A-Z]{2,3}=\S*$/,
  c: /^[^\t]{1,256}$/,
  L: /^[^\s]{1,64}$/,
};
/** The other field letters lsof documents; they are read past. */
const OTHER_FIELDS = /^[aCdDFgGikKlmMnNoRsSz]$/;

interface FileFields {
  fd?: string;
  type?: string;
  protocol?: string;
  name?: string;
  tcpState?: string;
  line: number;
}

export function parseLsof(output: string): SocketParseResult {
  const warnings = new WarningList();
  const rows: ListeningSocket[] = [];
  let holder: SocketProcess | undefined;
  let file: FileFields | undefined;
  const flush = (): void => {
    if (file !== undefined && holder !== undefined) {
      const socket = socketOf(file, holder, warnings);
      if (socket !== undefined) rows.push(socket);
    }
    file = undefined;
  };
  splitLines(output).forEach((raw, index) => {
    // With -F0 fields end in NUL instead of a newline; accept both.
    for (const line of raw.split('\0')) {
      if (line === '') continue;
      if (line.length > MAX_LINE_LENGTH) { warnings.skipped(index + 1, line, 'line too long'); continue; }
      const field = line[0] ?? '';
      const value = line.slice(1);
      const valid = FIELD_VALUES[field];
      if (valid !== undefined && !valid.test(value)) {
        warnings.skipped(index + 1, line, `bad "${field}" field`);
        // Files after a broken process line must not be credited to the process before it.
        if (field === 'p') { flush(); holder = undefined; }
        continue;
      }
      if (valid === undefined && !OTHER_FIELDS.test(field)) { warnings.skipped(index + 1, line, 'not an lsof field'); continue; }
      if (field === 'p') {
        flush();
        holder = { pid: Number(value) };
      } else if (field === 'f') {
        flush();
        file = { fd: value, line: index + 1 };
      } else if (holder !== undefined && file === undefined) {
        if (field === 'c') holder.name = value;
        else if (field === 'u') holder.uid = Number(value);
        else if (field === 'L') holder.user = value;
      } else if (file !== undefined) {
        if (field === 't') file.type = value;
        else if (field === 'P') file.protocol = value;
        else if (field === 'n') file.name = value;
        else if (field === 'T' && value.startsWith('ST=')) file.tcpState = value.slice(3);
      }
    }
  });
  flush();
  return { sockets: mergeSocketRows(rows), warnings: warnings.toArray() };
}

function socketOf(file: FileFields, holder: SocketProcess, warnings: WarningList): ListeningSocket | undefined {
  const protocol = file.protocol === 'TCP' ? 'tcp' : file.protocol === 'UDP' ? 'udp' : undefined;
  if (protocol === undefined || file.name === undefined) return undefined;
  // A name with `->` is a connected socket; TCP must also say LISTEN when lsof tells the state.
  if (file.name.includes('->')) return undefined;
  if (protocol === 'tcp' && file.tcpState !== undefined && file.tcpState !== 'LISTEN') return undefined;
  const hostPort = splitHostPort(file.name);
  const port = hostPort && parsePort(hostPort.port);
  if (hostPort === undefined || port === undefined) {
    // `*:*` is a UDP socket with no local port yet: nothing listens on it.
    if (!file.name.endsWith(':*')) warnings.skipped(file.line, `n${file.name}`, 'bad socket address');
    return undefined;
  }
  const family = file.type === 'IPv6' ? 6 : 4;
  let socket: ListeningSocket;
  if (hostPort.host === '*') {
    socket = { protocol, family, localAddress: family === 6 ? '::' : '0.0.0.0', localPort: port };
  } else {
    const address = parseAddress(hostPort.host);
    if (address === undefined) {
      warnings.skipped(file.line, `n${file.name}`, 'bad socket address');
      return undefined;
    }
    socket = { protocol, family: address.family, localAddress: address.address, localPort: port };
    if (address.zone !== undefined) socket.interface = address.zone;
  }
  const process: SocketProcess = { ...holder };
  const fd = file.fd !== undefined && /^\d+$/.test(file.fd) ? Number(file.fd) : undefined;
  if (fd !== undefined) process.fd = fd;
  socket.process = process;
  return socket;
}
