// Which reader a report file needs, from its name and its first bytes: a
// .nessus file or one that starts with markup is Nessus XML, a .csv file or
// one whose first line names "Plugin ID" is a Nessus CSV export, anything
// else a plain host list. The content decides over the name when they
// disagree on XML, so a report saved as .txt still reads as what it is.
import type { ScanReportFormat } from './types';

export function detectReportFormat(fileName: string, head: string): ScanReportFormat {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.nessus') || lower.endsWith('.xml') || text.startsWith('<')) return 'nessus';
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (lower.endsWith('.csv') || /(^|,)\s*"?plugin id"?\s*(,|$)/i.test(firstLine)) return 'nessus-csv';
  return 'host-list';
}
