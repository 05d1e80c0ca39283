// The per-host table as plain text, for the CLI's `run` output and the log:
// host, name, state, client, verdict, one row per host, columns padded.
import { terminalSafe } from '../text/terminalSafe';
import type { HostsOverview } from './types';

const MAX_CELL = 40;

export function formatHostTable(overview: HostsOverview): string {
  const header = ['host', 'name', 'state', 'client', 'verdict'];
  const rows = overview.hosts.map((h) => [h.address, h.name ?? '', h.state, h.client ?? '', h.verification.verdict].map(cell));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const c = overview.counts;
  const lines = [
    `Hosts: ${overview.hosts.length} (answering ${c.answering}, silent ${c.silent}, unreachable ${c.unreachable}, not probed ${c['not-probed']})`,
    line(header),
    ...rows.map(line),
  ];
  if (overview.verdict) lines.push(`Hosts verdict: ${overview.verdict.outcome}: ${overview.verdict.because}`);
  return lines.join('\n');
}

/** Names and clients come from reports and from the network: shown escaped and shortened. */
function cell(value: string): string {
  const safe = terminalSafe(value);
  return safe.length <= MAX_CELL ? safe : `${safe.slice(0, MAX_CELL - 1)}…`;
}
