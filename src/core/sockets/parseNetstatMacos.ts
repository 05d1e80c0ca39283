// Reads macOS `netstat -anvW -p tcp` and `-p udp`. The columns after the
// addresses changed between releases, so each section's header decides:
//   (state)  rhiwat shiwat    pid   epid  state ...                 (10.x, 11)
//   (state)  rxbytes txbytes rhiwat shiwat    pid   epid state ...  (12, 13)
//   (state)  rxbytes txbytes rhiwat shiwat          process:pid    state ... (14 and later)
// In the last form the name is cut to 16 characters and may hold spaces:
//   tcp46  0  0  *.5948  *.*  LISTEN  0  0  131072  131072 MSP Anywhere Dae:602  00180 ...
// Addresses end in `.port`; `*` is the any address; `tcp46` is dual-stack.
import { parseAddress, parsePort, splitHostPort } from './addresses';
import { MAX_LINE_LENGTH, mergeSocketRows, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult, SocketProcess } from './types';

/** The arguments this parser expects, run once with `tcp` and once with `udp`. */
export const NETSTAT_MACOS_ARGS = (protocol: 'tcp' | 'udp'): string[] => ['-a', '-n', '-v', '-W', '-p', protocol];

type OwnerColumn = { kind: 'pid'; index: number } | { kind: 'process:pid'; index: number } | { kind: 'none' };

const ROW = /^(tcp|udp)(4|6|46)\s+\d+\s+\d+\s+(\S+)\s+(\S+)\s+(.*)$/;
const STATE = /^[A-Z][A-Z0-9_]*$/;

export function parseNetstatMacos(output: string): SocketParseResult {
  const warnings = new WarningList();
  const rows: ListeningSocket[] = [];
  let owner: OwnerColumn = { kind: 'none' };
  let warnedNoOwner = false;
  splitLines(output).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || /^Active (Internet|LOCAL|Multipath)/.test(trimmed)) return;
    if (trimmed.length > MAX_LINE_LENGTH) return warnings.skipped(index + 1, trimmed, 'line too long');
    if (/^Proto\s/.test(trimmed)) {
      owner = ownerColumnOf(trimmed);
      return;
    }
    const row = ROW.exec(trimmed);
    if (row === null) return warnings.skipped(index + 1, trimmed, 'not a netstat socket row');
    const [, proto, version, local, foreign, rest] = row as unknown as [string, 'tcp' | 'udp', '4' | '6' | '46', string, string, string];
    const fields = rest.split(/\s+/);
    // TCP rows carry a state word; UDP rows leave the (state) column empty.
    const state = proto === 'tcp' && STATE.test(fields[0] ?? '') ? fields.shift() : undefined;
    if (proto === 'tcp' ? state !== 'LISTEN' : foreign !== '*.*') return;
    const socket = localSocket(proto, version, local);
    if (socket === undefined) {
      if (!local.startsWith('*.*')) warnings.skipped(index + 1, trimmed, `bad local address ${local}`);
      return;
    }
    const process = processOf(owner, fields);
    if (process !== undefined) socket.process = process;
    else if (owner.kind === 'none' && !warnedNoOwner) {
      warnedNoOwner = true;
      warnings.add('The netstat header names no pid column, so no socket has an owner; run netstat with -v.');
    }
    rows.push(socket);
  });
  return { sockets: mergeSocketRows(rows), warnings: warnings.toArray() };
}

/** Where the owner sits among the columns after (state). */
function ownerColumnOf(header: string): OwnerColumn {
  const columns = header.split(/\s+/);
  const stateAt = columns.indexOf('(state)');
  if (stateAt < 0) return { kind: 'none' };
  const after = columns.slice(stateAt + 1);
  const combined = after.indexOf('process:pid');
  if (combined >= 0) return { kind: 'process:pid', index: combined };
  const pid = after.indexOf('pid');
  return pid >= 0 ? { kind: 'pid', index: pid } : { kind: 'none' };
}

function processOf(owner: OwnerColumn, fields: string[]): SocketProcess | undefined {
  if (owner.kind === 'pid') {
    const pid = fields[owner.index];
    return pid !== undefined && /^\d+$/.test(pid) && pid !== '0' ? { pid: Number(pid) } : undefined;
  }
  if (owner.kind === 'process:pid') {
    // The name may hold spaces: join fields until one ends in `:<digits>`.
    for (let end = owner.index; end < fields.length; end++) {
      const match = /^(.*):(\d+)$/.exec(fields.slice(owner.index, end + 1).join(' '));
      if (match !== null) {
        const [, name, pid] = match as unknown as [string, string, string];
        return name === '' ? { pid: Number(pid) } : { pid: Number(pid), name };
      }
    }
  }
  return undefined;
}

function localSocket(protocol: 'tcp' | 'udp', version: '4' | '6' | '46', local: string): ListeningSocket | undefined {
  const hostPort = splitHostPort(local, '.');
  const port = hostPort && parsePort(hostPort.port);
  if (hostPort === undefined || port === undefined) return undefined;
  const family = version === '4' ? 4 : 6;
  if (hostPort.host === '*') {
    const socket: ListeningSocket = { protocol, family, localAddress: family === 4 ? '0.0.0.0' : '::', localPort: port };
    if (version === '46') socket.dualStack = true;
    return socket;
  }
  const address = parseAddress(hostPort.host);
  if (address === undefined) return undefined;
  const socket: ListeningSocket = { protocol, family: address.family, localAddress: address.address, localPort: port };
  if (address.zone !== undefined) socket.interface = address.zone;
  return socket;
}
