// Reads Windows `netstat -ano`:
//   Active Connections
//
//     Proto  Local Address          Foreign Address        State           PID
//     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1060
//     TCP    [::]:135               [::]:0                 LISTENING       1060
//     UDP    [fe80::1%4]:1900       *:*                                    2808
// The title, header and state words are translated on non-English Windows
// (ABHÖREN, ÉCOUTE, ...), so a TCP socket counts as listening by its empty
// foreign address (`0.0.0.0:0`, `[::]:0`), never by the state word.
import { parseAddress, parsePort, splitHostPort } from './addresses';
import { MAX_LINE_LENGTH, mergeSocketRows, splitLines, WarningList } from './parserSupport';
import type { ListeningSocket, SocketParseResult } from './types';

/** The arguments this parser expects `netstat` to have been run with. */
export const NETSTAT_WINDOWS_ARGS = ['-a', '-n', '-o'] as const;

// The state may be two words in some languages (Italian "IN ASCOLTO").
const ROW = /^(TCP|UDP)\s+(\S+)\s+(\S+)\s+(?:\S+(?:\s\S+)?\s+)?(\d+)$/i;
const UNCONNECTED_TCP = new Set(['0.0.0.0:0', '[::]:0']);

export function parseNetstatWindows(output: string): SocketParseResult {
  const warnings = new WarningList();
  const rows: ListeningSocket[] = [];
  splitLines(output).forEach((line, index) => {
    const trimmed = line.trim();
    // Titles and column headers hold no digits, in any language.
    if (trimmed === '' || (!/\d/.test(trimmed) && !/^(TCP|UDP)\s/i.test(trimmed))) return;
    if (trimmed.length > MAX_LINE_LENGTH) return warnings.skipped(index + 1, trimmed, 'line too long');
    const row = ROW.exec(trimmed);
    if (row === null) return warnings.skipped(index + 1, trimmed, 'not a netstat socket row');
    const [, proto, local, foreign, pid] = row as unknown as [string, string, string, string, string];
    const protocol = proto.toUpperCase() === 'TCP' ? 'tcp' : 'udp';
    if (protocol === 'tcp' ? !UNCONNECTED_TCP.has(foreign) : foreign !== '*:*') return;
    const hostPort = splitHostPort(local);
    const port = hostPort && parsePort(hostPort.port);
    const address = hostPort && parseAddress(hostPort.host);
    if (port === undefined || address === undefined) return warnings.skipped(index + 1, trimmed, `bad local address ${local}`);
    const socket: ListeningSocket = { protocol, family: address.family, localAddress: address.address, localPort: port };
    if (address.zone !== undefined) socket.interface = address.zone;
    // Windows always prints a pid; 0 is the idle process, which owns nothing real.
    if (pid !== '0') socket.process = { pid: Number(pid) };
    rows.push(socket);
  });
  return { sockets: mergeSocketRows(rows), warnings: warnings.toArray() };
}
