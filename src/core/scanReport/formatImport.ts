// What an import found, as text: the file, the counts, and one row per host
// with the finding. For `dht-runbook import-report` and the editor's log.
import { terminalSafe } from '../text/terminalSafe';
import type { ImportedReport } from './types';

const FORMAT_NAMES = { nessus: 'Nessus .nessus (v2 XML)', 'nessus-csv': 'Nessus CSV export', 'host-list': 'host list' } as const;

export function formatImport(report: ImportedReport): string {
  const c = report.counts;
  const lines = [
    `${report.name}: ${FORMAT_NAMES[report.format]}, ${report.bytes} bytes, SHA-256 ${report.sha256}`,
    report.format === 'host-list'
      ? `${c.items} host line${c.items === 1 ? '' : 's'} read.`
      : `${c.items} finding${c.items === 1 ? '' : 's'} on ${c.hostsSeen} host${c.hostsSeen === 1 ? '' : 's'} read: ${c.kept} of the DHT plugins (50677, 50676) kept, ${c.skipped} of other plugins skipped.`,
  ];
  if (report.hosts.length === 0) {
    lines.push(report.format === 'host-list' ? 'No hosts in the list.' : 'No host carries the DHT finding.');
    return lines.join('\n');
  }
  lines.push(`${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'}${report.format === 'host-list' ? '' : ' with the DHT finding'}:`);
  const header = ['host', 'name', 'ports', 'plugins', 'severity', 'scanned'];
  const rows = report.hosts.map((h) => [h.address, h.name ?? '', h.ports.join(',') || '-', h.pluginIds.join(',') || '-', h.severity ?? '', h.scanTime ?? ''].map(cell));
  const widths = header.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  lines.push(line(header), ...rows.map(line));
  return lines.join('\n');
}

function cell(value: string): string {
  const safe = terminalSafe(value);
  return safe.length <= 48 ? safe : `${safe.slice(0, 47)}…`;
}
