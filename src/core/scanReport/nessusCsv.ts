// The Nessus CSV export's logic, fed one parsed record at a time (the CSV
// parser in src/node/scanReport/readNessusCsv.ts handles quoting). The export
// writes a header row, then one row per finding; its standard columns are
// "Plugin ID", "CVE", "CVSS v2.0 Base Score", "Risk", "Host", "Protocol",
// "Port", "Name", "Synopsis", "Description", "Solution", "See Also",
// "Plugin Output", and newer releases add more ("CVSS v3.0 Base Score",
// "VPR Score", "Risk Factor", "BID", "XREF", "Plugin Publication Date", and,
// when chosen, "IP Address", "FQDN", "NetBios", "Host Start", "Host End").
// Headers are matched without regard to case, spaces or a BOM, and columns
// may come in any order.
import { isDhtPlugin, severityWord } from './dhtPlugins';
import { ReportHosts } from './reportHosts';
import { ScanReportError, type ImportCounts, type ReportHost } from './types';

/** The columns a run cannot do without. */
export const REQUIRED_COLUMNS = ['Plugin ID', 'Host', 'Protocol', 'Port'] as const;
/** Columns read when present. */
const OPTIONAL_COLUMNS = {
  risk: ['Risk', 'Risk Factor', 'Severity'],
  name: ['Name', 'Plugin Name'],
  output: ['Plugin Output'],
  address: ['IP Address', 'Host IP'],
  fqdn: ['FQDN', 'DNS Name'],
  netbios: ['NetBios', 'NetBIOS Name', 'NetBIOS'],
  start: ['Host Start', 'Scan Start'],
  end: ['Host End', 'Scan End'],
} as const;

type Field = 'pluginId' | 'host' | 'protocol' | 'port' | keyof typeof OPTIONAL_COLUMNS;

/** The lines of the file a record spans, counted from 1: one, or several for a quoted field with line breaks. */
export interface CsvRecordLines { readonly first: number; readonly last: number }

/** "Record 2 (line 2)", or "Record 2 (lines 2-4)" for a record whose plugin output spans lines. */
export function recordPlace(record: number, lines: CsvRecordLines): string {
  return `Record ${record} (${linesText(lines)})`;
}

function linesText(lines: CsvRecordLines): string {
  return lines.first === lines.last ? `line ${lines.first}` : `lines ${lines.first}-${lines.last}`;
}

function normalise(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

export class NessusCsvBuilder {
  private columns: Partial<Record<Field, number>> | undefined;
  private width = 0;
  private readonly hostsWithFinding = new ReportHosts();
  private readonly hostsSeen = new Set<string>();
  private items = 0;
  private kept = 0;

  /** `record` counts from 1 (the header); `lines` are where the record starts and ends. */
  addRecord(fields: readonly string[], record: number, lines: CsvRecordLines): void {
    if (this.columns === undefined) {
      this.readHeader(fields, lines);
      return;
    }
    const line = lines.first;
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    if (fields.length !== this.width) {
      throw new ScanReportError('bad-row', `${recordPlace(record, lines)} has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${this.width}. Check the quoting of that row (a plugin output with an unescaped quote, say) or export the report again.`, { record, line });
    }
    this.items += 1;
    const value = (field: Field) => {
      const index = this.columns?.[field];
      return index === undefined ? undefined : fields[index]?.trim();
    };
    const host = value('host') ?? '';
    if (host !== '' && this.hostsSeen.size < 1_000_000) this.hostsSeen.add(host.toLowerCase());
    const pluginId = value('pluginId') ?? '';
    if (!isDhtPlugin(pluginId)) return;
    if (host === '') throw new ScanReportError('bad-row', `${recordPlace(record, lines)} is a finding of plugin ${pluginId} with an empty Host column.`, { record, line });
    const portText = value('port') ?? '';
    const port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port > 65535) {
      throw new ScanReportError('bad-row', `${recordPlace(record, lines)}: the Port column holds "${portText.slice(0, 40)}", not a port number from 0 to 65535.`, { record, line });
    }
    this.kept += 1;
    const severity = severityWord(value('risk') ?? '');
    const name = value('fqdn') || value('netbios') || undefined;
    const address = value('address') || undefined;
    const scanTime = value('start') || value('end') || undefined;
    const output = value('output') || undefined;
    const protocol = value('protocol') || undefined;
    this.hostsWithFinding.add({
      host, pluginId: pluginId.trim(), port,
      ...(address === undefined ? {} : { address }), ...(name === undefined ? {} : { name }), ...(protocol === undefined ? {} : { protocol }),
      ...(severity === undefined ? {} : { severity }), ...(output === undefined ? {} : { output }), ...(scanTime === undefined ? {} : { scanTime }),
    }, { record, line });
  }

  finish(): { hosts: ReportHost[]; counts: ImportCounts } {
    if (this.columns === undefined) throw new ScanReportError('empty', 'The CSV file is empty: a Nessus CSV export starts with a header row ("Plugin ID","CVE",…,"Host","Protocol","Port",…).');
    return { hosts: this.hostsWithFinding.hosts(), counts: { items: this.items, kept: this.kept, skipped: this.items - this.kept, hostsSeen: this.hostsSeen.size } };
  }

  private readHeader(fields: readonly string[], lines: CsvRecordLines): void {
    const index = new Map<string, number>();
    fields.forEach((f, i) => { if (!index.has(normalise(f))) index.set(normalise(f), i); });
    const find = (names: readonly string[]) => names.map((n) => index.get(normalise(n))).find((i) => i !== undefined);
    const columns: Partial<Record<Field, number>> = {};
    const required: Record<(typeof REQUIRED_COLUMNS)[number], Field> = { 'Plugin ID': 'pluginId', Host: 'host', Protocol: 'protocol', Port: 'port' };
    const missing: string[] = [];
    for (const name of REQUIRED_COLUMNS) {
      const i = find([name]);
      if (i === undefined) missing.push(name); else columns[required[name]] = i;
    }
    if (missing.length > 0) {
      const seen = fields.slice(0, 12).map((f) => `"${f.replace(/^\uFEFF/, '').trim().slice(0, 40)}"`).join(', ');
      throw new ScanReportError('missing-columns', `Not a Nessus CSV export: the header (${linesText(lines)}) lacks the column${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')}. It has ${seen}${fields.length > 12 ? ', …' : ''}. Export the scan as CSV from Nessus with at least Plugin ID, Host, Protocol and Port.`, { record: 1, line: lines.first });
    }
    for (const [field, names] of Object.entries(OPTIONAL_COLUMNS) as [keyof typeof OPTIONAL_COLUMNS, readonly string[]][]) {
      const i = find(names);
      if (i !== undefined) columns[field] = i;
    }
    this.columns = columns;
    this.width = fields.length;
  }
}
