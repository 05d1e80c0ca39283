// Gathers the kept findings of a report into one entry per host: the ports
// and protocols the scanner saw, which DHT plugins fired, the highest
// severity, the first plugin output (the DHT plugin's before its companion's)
// and the scan time. Only findings of the DHT plugins ever reach it, so its
// size follows the hosts with the finding, not the size of the report.
import { canonicalIpAddress } from '../targets/ipAddress';
import { DHT_PLUGIN_ID, higherSeverity } from './dhtPlugins';
import { freshString } from './freshString';
import { MAX_KEPT_OUTPUT, MAX_REPORT_HOSTS, ScanReportError, type ReportHost, type ReportPosition } from './types';

export interface KeptFinding {
  /** The host as the report names it (ReportHost name, CSV Host): the key findings are grouped by. */
  readonly host: string;
  /** The scanner's address for it (host-ip, IP Address), when the report gives one. */
  readonly address?: string;
  readonly name?: string;
  readonly protocol?: string;
  readonly port?: number;
  readonly pluginId: string;
  readonly severity?: string;
  readonly output?: string;
  readonly scanTime?: string;
}

interface Draft {
  host: string;
  address?: string;
  name?: string;
  ports: Set<number>;
  protocols: Set<string>;
  pluginIds: Set<string>;
  severity?: string;
  output?: string;
  outputPlugin?: string;
  scanTime?: string;
}

export class ReportHosts {
  private readonly drafts = new Map<string, Draft>();

  get size(): number {
    return this.drafts.size;
  }

  add(given: KeptFinding, position: ReportPosition): void {
    const finding = detach(given);
    const key = finding.host.trim().toLowerCase();
    let draft = this.drafts.get(key);
    if (!draft) {
      if (this.drafts.size >= MAX_REPORT_HOSTS) {
        throw new ScanReportError('too-many-hosts', `The report names more than ${MAX_REPORT_HOSTS} hosts with the DHT finding (at ${position.record !== undefined ? `record ${position.record}` : `line ${position.line ?? '?'}`}); split it into smaller reports.`, position);
      }
      draft = { host: finding.host.trim(), ports: new Set(), protocols: new Set(), pluginIds: new Set() };
      this.drafts.set(key, draft);
    }
    draft.address ??= finding.address;
    draft.name ??= finding.name;
    draft.scanTime ??= finding.scanTime;
    if (finding.port !== undefined && finding.port > 0 && finding.port <= 65535) draft.ports.add(finding.port);
    if (finding.protocol) draft.protocols.add(finding.protocol.toLowerCase());
    draft.pluginIds.add(finding.pluginId);
    draft.severity = higherSeverity(draft.severity, finding.severity);
    // The DHT plugin's own output says most (the node's reply); the companion's fills in otherwise.
    if (finding.output && (draft.output === undefined || (draft.outputPlugin !== DHT_PLUGIN_ID && finding.pluginId === DHT_PLUGIN_ID))) {
      draft.output = shorten(finding.output.trim());
      draft.outputPlugin = finding.pluginId;
    }
  }

  /** Every host, by address then name, so the same report always gives the same list. */
  hosts(): ReportHost[] {
    return [...this.drafts.values()].map(toHost).sort((a, b) => a.address.localeCompare(b.address) || (a.name ?? '').localeCompare(b.name ?? ''));
  }
}

/** The finding's strings, copied away from the parser's chunks (see freshString). */
function detach(finding: KeptFinding): KeptFinding {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(finding)) copy[key] = typeof value === 'string' ? freshString(value) : value;
  return copy as unknown as KeptFinding;
}

function toHost(draft: Draft): ReportHost {
  const given = draft.address?.trim() || draft.host;
  // One spelling per address (RFC 5952 for IPv6), as the probe and its replies write it.
  const canonical = canonicalIpAddress(given);
  const address = canonical.ok ? canonical.address : given;
  const name = draft.name?.trim() || (draft.host !== address ? draft.host : undefined);
  return {
    address,
    ...(name === undefined ? {} : { name }),
    ports: [...draft.ports].sort((a, b) => a - b),
    ...(draft.protocols.size === 0 ? {} : { protocols: [...draft.protocols].sort() }),
    pluginIds: [...draft.pluginIds].sort(),
    ...(draft.severity === undefined ? {} : { severity: draft.severity }),
    ...(draft.output === undefined || draft.output === '' ? {} : { output: draft.output }),
    ...(draft.scanTime === undefined ? {} : { scanTime: draft.scanTime }),
  };
}

function shorten(text: string): string {
  return text.length <= MAX_KEPT_OUTPUT ? text : `${text.slice(0, MAX_KEPT_OUTPUT - 1)}…`;
}
