// The per-host table as plain text, for the CLI's `run` and `merge` output and
// the log, one row per host, columns padded. A run over hosts shows host,
// name, state, client, verdict; a fleet run (merge) shows each host's
// findings with their clients instead, and why a host is not remediated.
import { terminalSafe } from '../text/terminalSafe';
import type { HostRow, HostsOverview } from './types';

const MAX_CELL = 40;
const MAX_FINDINGS_CELL = 72;

export interface HostTableOptions {
  /** A fleet run's table: host, state, findings (with client), verdict, and the reasons below it. */
  readonly fleet?: boolean;
}

export function formatHostTable(overview: HostsOverview, options: HostTableOptions = {}): string {
  const fleet = options.fleet === true;
  const header = fleet ? ['host', 'state', 'findings', 'verdict'] : ['host', 'name', 'state', 'client', 'verdict'];
  const rows = overview.hosts.map((h) => (fleet
    ? [cell(h.address), cell(h.state), cell(findingsCell(h), MAX_FINDINGS_CELL), cell(h.verification.verdict)]
    : [h.address, h.name ?? '', h.state, h.client ?? '', h.verification.verdict].map((v) => cell(v))));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const c = overview.counts;
  const lines = [
    `Hosts: ${overview.hosts.length} (answering ${c.answering}, silent ${c.silent}, unreachable ${c.unreachable}, not probed ${c['not-probed']})`,
    line(header),
    ...rows.map(line),
  ];
  if (fleet) {
    // Why each host that is not done is not done: the table's cells are too short for it.
    for (const h of overview.hosts.filter((r) => !['remediated', 'clean'].includes(r.verification.verdict))) {
      lines.push(`  ${terminalSafe(h.address)}: ${terminalSafe(h.verification.because)}`);
    }
  }
  if (overview.verdict) lines.push(`${fleet ? 'Fleet verdict' : 'Hosts verdict'}: ${overview.verdict.outcome}: ${overview.verdict.because}`);
  return lines.join('\n');
}

/** "transmission-daemon (Transmission 3.0.0)", several joined by "; "; "-" for none. */
function findingsCell(row: HostRow): string {
  if (row.findings.length === 0) return '-';
  return row.findings.map((f) => (f.client === undefined || f.title.includes(f.client) ? f.title : `${f.title} (${f.client})`)).join('; ');
}

/** Names and clients come from reports, records and the network: shown escaped and shortened. */
function cell(value: string, max = MAX_CELL): string {
  const safe = terminalSafe(value);
  return safe.length <= max ? safe : `${safe.slice(0, max - 1)}…`;
}
