// A plain list of hosts: one address or name per line (optionally with the
// ports to probe, "host:6881,51413"), "#" starts a comment, blank lines are
// skipped. Each line is checked by the probe's own target parser, so what the
// list accepts is exactly what a run can probe; a CIDR range is refused (one
// line, one host: a range belongs in the run's typed targets).
import { parseTargets } from '../targets/parseTargets';
import type { PortRange } from '../targets/portSpec';
import { ReportHosts } from './reportHosts';
import { ScanReportError, type ImportCounts, type ReportHost } from './types';

/** Lines longer than this are not a host name (253 characters) with a port list. */
export const MAX_HOST_LINE = 2048;

export function parseHostList(text: string): { hosts: ReportHost[]; counts: ImportCounts } {
  const hosts = new ReportHosts();
  let items = 0;
  let lineNumber = 0;
  let start = 0;
  const body = text.replace(/^\uFEFF/, '');
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    lineNumber += 1;
    const raw = body.slice(start, end);
    start = end + 1;
    if (raw.length > MAX_HOST_LINE) {
      throw new ScanReportError('bad-host', `Line ${lineNumber} of the host list is ${raw.length} characters long: one line holds one host (an address or a name, optionally ":ports").`, { line: lineNumber });
    }
    const hash = raw.indexOf('#');
    const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (line === '') continue;
    items += 1;
    // Port 0 stands for "no ports named": the parser needs defaults, and no real port is 0.
    const parsed = parseTargets(line, { defaultPorts: [{ first: 0, last: 0 }], maxEndpoints: 65_536 });
    if (!parsed.ok) {
      throw new ScanReportError('bad-host', `Line ${lineNumber} of the host list: ${parsed.errors.map((e) => e.message).join('; ')}.`, { line: lineNumber });
    }
    if (parsed.targets.length !== 1) {
      throw new ScanReportError('bad-host', `Line ${lineNumber} of the host list names ${parsed.targets.length} hosts ("${line.slice(0, 80)}"): put one host on each line.`, { line: lineNumber });
    }
    const target = parsed.targets[0]!;
    if (target.kind === 'cidr') {
      throw new ScanReportError('bad-host', `Line ${lineNumber} of the host list is a range (${target.network}/${target.prefix}): list one host per line, or type the range as the run's targets.`, { line: lineNumber });
    }
    const address = target.kind === 'address' ? target.address : target.host;
    const ports = expand(target.ports);
    if (ports.length === 0) hosts.add({ host: address, pluginId: 'host-list' }, { line: lineNumber });
    for (const port of ports) hosts.add({ host: address, pluginId: 'host-list', port }, { line: lineNumber });
  }
  const list = hosts.hosts().map((h) => ({ ...h, pluginIds: [] }));
  return { hosts: list, counts: { items, kept: items, skipped: 0, hostsSeen: list.length } };
}

/** The ports a line names, at most 1024 of them (a host line names a few; the usual ports are added anyway). */
function expand(ranges: readonly PortRange[]): number[] {
  const ports: number[] = [];
  for (const range of ranges) {
    for (let p = Math.max(range.first, 1); p <= range.last && ports.length < 1024; p += 1) ports.push(p);
  }
  return ports;
}
