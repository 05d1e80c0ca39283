// A sweep's replies the way a person reads them: one row per program (a DHT
// node, known by its node id), its endpoints together, programs filed by host.
// The grouping itself is the findings model's (findingsOf), so the probe panel
// names the same programs as the run panel does.
import { findingsOf } from '../../core/findings/findingsOf';
import type { Finding } from '../../core/findings/types';
import { endpointKey, type DhtNodeFinding, type SweepSummary } from '../../core/probe/types';

export interface ProbeProgram {
  readonly finding: Finding;
  /** Its replies, one per endpoint it answered on, in endpoint order. */
  readonly replies: readonly DhtNodeFinding[];
}

export interface ProbeHost {
  /** This machine's name, or the address that answered. */
  readonly host: string;
  readonly where: Finding['where'];
  readonly programs: readonly ProbeProgram[];
  readonly endpointCount: number;
}

export interface ProbeGroups {
  readonly hosts: readonly ProbeHost[];
  readonly programCount: number;
  readonly endpointCount: number;
}

export function probeGroups(summary: SweepSummary, thisMachine: boolean, hostname: string): ProbeGroups {
  const findings = findingsOf({ checks: [], probes: [{ summary, thisMachine }], hostname });
  const byEndpoint = new Map<string, DhtNodeFinding[]>();
  for (const reply of summary.findings) {
    const key = endpointKey(reply.endpoint);
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), reply]);
  }
  const hosts = new Map<string, { host: string; where: Finding['where']; programs: ProbeProgram[] }>();
  for (const finding of findings) {
    const replies = finding.dhtEndpoints.flatMap((key) => (byEndpoint.get(key) ?? []).filter((r) => finding.nodeIdHex === undefined || r.nodeIdHex === finding.nodeIdHex));
    const group = hosts.get(finding.host) ?? { host: finding.host, where: finding.where, programs: [] };
    group.programs.push({ finding, replies });
    hosts.set(finding.host, group);
  }
  // This machine first, then other hosts by address, so a re-render keeps its order.
  const ordered = [...hosts.values()]
    .sort((a, b) => Number(b.where === 'this-machine') - Number(a.where === 'this-machine') || a.host.localeCompare(b.host, 'en', { numeric: true }))
    .map((h) => ({ ...h, endpointCount: h.programs.reduce((n, p) => n + p.finding.endpoints.length, 0) }));
  return {
    hosts: ordered,
    programCount: findings.length,
    endpointCount: ordered.reduce((n, h) => n + h.endpointCount, 0),
  };
}
