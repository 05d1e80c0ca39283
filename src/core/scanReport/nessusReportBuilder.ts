// The .nessus (v2) reader's logic, fed by a streaming XML parser's events
// (src/node/scanReport/readNessusXml.ts wires sax to it). It keeps only what
// a run needs: for each ReportHost, its name and the HostProperties tags that
// say who and when (host-ip, host-fqdn, netbios-name, HOST_START, HOST_END),
// and the ReportItems of the DHT plugins with their port, protocol, severity
// and plugin_output. Every other element is counted and dropped as it
// passes; its text is never gathered. The file's structure, from Tenable's
// "Nessus v2 File Format":
//   <NessusClientData_v2>
//     <Policy>…</Policy>
//     <Report name="…">
//       <ReportHost name="192.0.2.7">
//         <HostProperties><tag name="host-ip">192.0.2.7</tag>…</HostProperties>
//         <ReportItem port="6881" svc_name="…" protocol="udp" severity="1" pluginID="50677" pluginName="…" pluginFamily="…">
//           <plugin_output>…</plugin_output> …
//         </ReportItem> …
import { isDhtPlugin, severityWord } from './dhtPlugins';
import { freshString } from './freshString';
import { ReportHosts, type KeptFinding } from './reportHosts';
import { ScanReportError, type ImportCounts, type ReportHost } from './types';

export interface XmlAt { readonly line: number; readonly column: number }

export const NESSUS_ROOT = 'NessusClientData_v2';
/** Characters of one kept text (a host property, a plugin output): a longer one is refused. */
export const MAX_KEPT_TEXT = 64 * 1024;
/** Element nesting of a .nessus file is 5 deep; anything past this is not a Nessus report. */
export const MAX_DEPTH = 32;

const HOST_TAGS = new Set(['host-ip', 'host-fqdn', 'netbios-name', 'hostname', 'HOST_START', 'HOST_END']);

interface OpenElement { readonly name: string; readonly line: number; readonly column: number }

interface PendingItem { port?: number; protocol?: string; pluginId: string; severity?: string; output?: string }

interface HostDraft { name: string; tags: Map<string, string>; items: PendingItem[] }

export class NessusReportBuilder {
  private readonly stack: OpenElement[] = [];
  private readonly hostsWithFinding = new ReportHosts();
  private host: HostDraft | undefined;
  private item: PendingItem | undefined;
  /** The text being gathered, and what it is for. */
  private capture: { kind: 'tag'; tag: string; text: string } | { kind: 'output'; text: string } | undefined;
  private items = 0;
  private kept = 0;
  private hostsSeen = 0;
  private sawRoot = false;

  openTag(name: string, attributes: Readonly<Record<string, string>>, at: XmlAt): void {
    if (this.stack.length === 0) this.checkRoot(name, at);
    if (this.stack.length >= MAX_DEPTH) {
      throw new ScanReportError('too-deep', `Elements nest more than ${MAX_DEPTH} deep at line ${at.line}, column ${at.column}: a Nessus report nests 5 deep. This is not a Nessus v2 report.`, at);
    }
    const parent = this.stack[this.stack.length - 1]?.name;
    this.stack.push({ name, line: at.line, column: at.column });
    if (name === 'ReportHost' && parent === 'Report') {
      this.hostsSeen += 1;
      this.host = { name: freshString(attributes['name'] ?? ''), tags: new Map(), items: [] };
    } else if (name === 'tag' && parent === 'HostProperties' && this.host) {
      const tag = attributes['name'] ?? '';
      if (HOST_TAGS.has(tag)) this.capture = { kind: 'tag', tag: freshString(tag), text: '' };
    } else if (name === 'ReportItem' && parent === 'ReportHost' && this.host) {
      this.items += 1;
      const pluginId = (attributes['pluginID'] ?? '').trim();
      if (isDhtPlugin(pluginId)) this.item = itemFrom(pluginId, attributes);
    } else if (name === 'plugin_output' && parent === 'ReportItem' && this.item) {
      this.capture = { kind: 'output', text: '' };
    }
  }

  /** Whether text is being kept now (inside a wanted host property or a DHT finding's plugin output). */
  get wantsText(): boolean {
    return this.capture !== undefined;
  }

  text(text: string, at: XmlAt): void {
    if (!this.capture) return;
    if (this.capture.text.length + text.length > MAX_KEPT_TEXT) {
      const open = this.stack[this.stack.length - 1];
      const what = this.capture.kind === 'tag' ? `The host property "${this.capture.tag}"` : 'The plugin output';
      throw new ScanReportError('too-large-item', `${what} that starts at line ${open?.line ?? at.line}, column ${open?.column ?? at.column} is longer than ${MAX_KEPT_TEXT} characters; a Nessus report's are a few hundred. Check that the file is a real export.`, open ?? at);
    }
    this.capture.text += text;
  }

  closeTag(name: string): void {
    this.stack.pop();
    if (this.capture && (name === 'tag' || name === 'plugin_output')) {
      if (this.capture.kind === 'tag') this.host?.tags.set(this.capture.tag, freshString(this.capture.text.trim()));
      else if (this.item) this.item.output = freshString(this.capture.text);
      this.capture = undefined;
    } else if (name === 'ReportItem' && this.item) {
      this.host?.items.push(this.item);
      this.item = undefined;
    } else if (name === 'ReportHost' && this.host) {
      this.finishHost(this.host);
      this.host = undefined;
    }
  }

  /** Where the file ends: every element must be closed, and the root must have been seen. */
  finish(at: XmlAt): { hosts: ReportHost[]; counts: ImportCounts } {
    if (!this.sawRoot) throw new ScanReportError('empty', 'The file has no XML element at all: it is not a Nessus v2 report (those start with <NessusClientData_v2>).', at);
    const open = this.stack[this.stack.length - 1];
    if (open) {
      throw new ScanReportError('truncated', `The file is cut short: it ends at line ${at.line} inside <${open.name}> (opened at line ${open.line}, column ${open.column}), with ${this.stack.length} element${this.stack.length === 1 ? '' : 's'} still open. Export the report again or copy it whole.`, at);
    }
    return { hosts: this.hostsWithFinding.hosts(), counts: { items: this.items, kept: this.kept, skipped: this.items - this.kept, hostsSeen: this.hostsSeen } };
  }

  /** Where the parser is, for messages: the innermost open element. */
  innermost(): OpenElement | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Called for every element opened at the top level: the first must be the report's root, and none may follow it. */
  private checkRoot(name: string, at: XmlAt): void {
    if (this.sawRoot) {
      // sax's strict mode lets a second root through when only markup or whitespace lies between the two, as in two files joined.
      throw new ScanReportError('not-xml', `Not well-formed XML: a second root element <${name.slice(0, 40)}> starts at line ${at.line}, column ${at.column}, after the report's <${NESSUS_ROOT}> has ended; an XML file has one root element. Import only the Nessus report (it may have been joined with another file), or export the scan again.`, at);
    }
    this.sawRoot = true;
    if (name === NESSUS_ROOT) return;
    const hint = name === 'NessusClientData' ? ' It is the old v1 format: export the scan again as "Nessus" (.nessus v2).' : ' Export the scan as "Nessus" (.nessus) or CSV.';
    throw new ScanReportError('not-nessus', `Not a Nessus v2 report: the root element is <${name}> (line ${at.line}, column ${at.column}), not <${NESSUS_ROOT}>.${hint}`, at);
  }

  private finishHost(host: HostDraft): void {
    const tags = host.tags;
    const name = tags.get('host-fqdn') || tags.get('netbios-name') || tags.get('hostname') || undefined;
    const address = tags.get('host-ip') || undefined;
    const scanTime = tags.get('HOST_START') || tags.get('HOST_END') || undefined;
    for (const item of host.items) {
      this.kept += 1;
      const finding: KeptFinding = {
        host: host.name || address || name || '',
        ...(address === undefined ? {} : { address }), ...(name === undefined ? {} : { name }), ...(scanTime === undefined ? {} : { scanTime }),
        pluginId: item.pluginId,
        ...(item.port === undefined ? {} : { port: item.port }), ...(item.protocol === undefined ? {} : { protocol: item.protocol }),
        ...(item.severity === undefined ? {} : { severity: item.severity }), ...(item.output === undefined ? {} : { output: item.output }),
      };
      if (finding.host !== '') this.hostsWithFinding.add(finding, {});
    }
  }
}

function itemFrom(pluginId: string, attributes: Readonly<Record<string, string>>): PendingItem {
  const port = Number(attributes['port']);
  const severity = severityWord(attributes['severity'] ?? '');
  const protocol = attributes['protocol']?.trim();
  return {
    pluginId: freshString(pluginId),
    ...(Number.isInteger(port) && port > 0 && port <= 65535 ? { port } : {}),
    ...(protocol ? { protocol: freshString(protocol) } : {}),
    ...(severity === undefined ? {} : { severity }),
  };
}
