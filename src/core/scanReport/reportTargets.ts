// A report's hosts as a run's targets: each host with the ports the scanner
// saw the finding on plus the usual DHT ports, written in the probe's target
// syntax, so the run's probe steps sweep them with the existing engine (one
// sweep, every host) and the record keeps the report's facts beside them.
import type { RunTargets } from '../run/types';
import { parseTargets } from '../targets/parseTargets';
import { parsePortSpec, type PortRange } from '../targets/portSpec';
import { ScanReportError, type ImportedReport } from './types';

/** The ports probed on every report host besides those the scanner saw. */
export const USUAL_DHT_PORTS = '6881-6889,51413';

export function reportRunTargets(report: ImportedReport, usualPorts: string = USUAL_DHT_PORTS): Extract<RunTargets, { mode: 'hosts' }> {
  if (report.hosts.length === 0) {
    throw new ScanReportError('no-hosts', `${report.name} has no host with the DHT finding (Nessus plugin 50677 or 50676): ${report.counts.items} finding${report.counts.items === 1 ? '' : 's'} of other plugins on ${report.counts.hostsSeen} host${report.counts.hostsSeen === 1 ? '' : 's'} were skipped. Nothing to run.`);
  }
  const usual = parsePortSpec(usualPorts);
  const usualRanges = usual.ok ? usual.ranges : [];
  const checked = report.hosts.map((host) => ({ host, target: targetHost(host.address) }));
  return {
    mode: 'hosts',
    text: checked.map(({ host, target }) => `${target.text}:${portText(host.ports, usualRanges)}`).join('\n'),
    // Addresses as the probe writes them (RFC 5952 for IPv6), so replies match their host.
    fromReport: { format: report.format, name: report.name, sha256: report.sha256, hosts: checked.map(({ host, target }) => ({ ...host, address: target.address })) },
  };
}

/** The host as the probe's target parser reads it; a report host it would not probe is refused by name. */
function targetHost(address: string): { text: string; address: string } {
  const parsed = parseTargets(address, { defaultPorts: [{ first: 6881, last: 6881 }] });
  const target = parsed.ok && parsed.targets.length === 1 ? parsed.targets[0] : undefined;
  if (target === undefined || target.kind === 'cidr') {
    const why = parsed.ok ? 'it is not one host' : parsed.errors.map((e) => e.reason).join('; ');
    throw new ScanReportError('bad-host', `The report's host "${address.slice(0, 120)}" cannot be probed: ${why}. Correct it in the report, or list the hosts in a plain host list.`);
  }
  if (target.kind === 'hostname') return { text: target.host, address: target.host };
  const zoned = `${target.address}${target.zone === undefined ? '' : `%${target.zone}`}`;
  return { text: target.family === 6 ? `[${zoned}]` : zoned, address: target.address };
}

function portText(seen: readonly number[], usual: readonly PortRange[]): string {
  const inUsual = (p: number) => usual.some((r) => p >= r.first && p <= r.last);
  const extra = [...new Set(seen.filter((p) => !inUsual(p)))].sort((a, b) => a - b);
  return [...usual.map((r) => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)), ...extra.map(String)].join(',');
}
