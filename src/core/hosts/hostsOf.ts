// From a run record to one row per target host. The hosts are the scanner
// report's (RunTargets' fromReport) or the addresses and names typed as the
// run's targets, plus any other address that answered (a range's members).
// Which probes count: the latest attempt of each probe step whose targets
// were the run's targets (the probe writes them as its `targets` text), in
// detection for the state and in verification for the verdict. Findings come
// from findingsOf (runFindings), which already groups another host's replies
// by address and node id; this only files them under their host.
import { endpointKey, type SweepSummary } from '../probe/types';
import { clientOf } from '../run/labels';
import { phaseStepRecords } from '../run/runEvidence';
import { runFindings } from '../run/stepRunner';
import type { ResolvedName, RunPhaseId, RunRecord } from '../run/types';
import { canonicalIpAddress } from '../targets/ipAddress';
import { parseTargets } from '../targets/parseTargets';
import { fleetHostsOf } from './fleetHosts';
import type { HostRow, HostsOverview, HostState, HostVerdict } from './types';
import { plural } from '../text/sentences';

interface TargetHost { address: string; name?: string; report?: HostRow['report'] }

/** Per-host rows for a run over hosts or a fleet run; undefined for a run of this machine. */
export function hostsOf(record: RunRecord): HostsOverview | undefined {
  if (record.fleet !== undefined) return fleetHostsOf(record.fleet);
  if (record.targets.mode !== 'hosts') return undefined;
  const targets = targetHosts(record.targets);
  const detectionProbes = runTargetProbes(record, 'detection');
  const verificationProbes = runTargetProbes(record, 'verification');
  const detection = detectionProbes.map((p) => p.summary);
  const verification = verificationProbes.map((p) => p.summary);
  const findings = runFindings(record).filter((f) => f.where === 'remote');
  // A host given by name is every address its name resolved to (replies name addresses).
  const addressesOf = (target: TargetHost, probes: readonly TargetProbe[]): Set<string> => {
    const addresses = new Set([target.address]);
    for (const probe of probes) for (const name of probe.resolved) if (name.name === target.address) for (const a of name.addresses) addresses.add(a);
    return addresses;
  };
  // Addresses outside the listed hosts that answered (members of a typed range) get rows too.
  const listed = new Set(targets.flatMap((t) => [...addressesOf(t, detectionProbes)]));
  for (const summary of detection) {
    for (const reply of summary.findings) {
      if (!listed.has(reply.endpoint.address)) { listed.add(reply.endpoint.address); targets.push({ address: reply.endpoint.address }); }
    }
  }
  const rows = targets.map((target): HostRow => {
    const atDetection = addressesOf(target, detectionProbes);
    const seen = observe(atDetection, detection);
    const now = observe(addressesOf(target, verificationProbes), verification);
    const state = stateOf(target.address, seen, detection);
    const verdict = verdictOf(state.state, seen, now, verification);
    const hostFindings = findings.filter((f) => atDetection.has(f.host));
    return {
      address: target.address,
      ...(target.name === undefined ? {} : { name: target.name }),
      state: state.state, because: state.because,
      ...(seen.client === undefined ? {} : { client: seen.client }),
      endpoints: seen.endpoints,
      findingIds: hostFindings.map((f) => f.id),
      findings: hostFindings.map((f) => ({ id: f.id, title: f.title, ...(f.client === undefined ? {} : { client: f.client }) })),
      ...(target.report === undefined ? {} : { report: target.report }),
      ...(seen.failures === undefined ? {} : { sendFailures: seen.failures.codes }),
      verification: verdict,
    };
  });
  const counts: Record<HostState, number> = { answering: 0, silent: 0, unreachable: 0, 'not-probed': 0 };
  for (const row of rows) counts[row.state] += 1;
  const verdict = verification.length === 0 ? undefined : runVerdict(rows);
  return { hosts: rows, counts, ...(verdict === undefined ? {} : { verdict }) };
}

function targetHosts(targets: Extract<RunRecord['targets'], { mode: 'hosts' }>): TargetHost[] {
  if (targets.fromReport) {
    return targets.fromReport.hosts.map((h) => ({
      address: h.address, ...(h.name === undefined ? {} : { name: h.name }),
      report: { ports: h.ports, pluginIds: h.pluginIds, ...(h.severity === undefined ? {} : { severity: h.severity }), ...(h.scanTime === undefined ? {} : { scanTime: h.scanTime }) },
    }));
  }
  // Typed targets: each address or name is a host; a range's members appear when they answer.
  const parsed = parseTargets(targets.text, { defaultPorts: [{ first: 6881, last: 6881 }] });
  if (!parsed.ok) return [];
  const hosts = new Map<string, TargetHost>();
  for (const target of parsed.targets) {
    if (target.kind === 'address') hosts.set(target.address, { address: target.address });
    else if (target.kind === 'hostname') hosts.set(target.host, { address: target.host });
  }
  return [...hosts.values()];
}

interface TargetProbe { summary: SweepSummary; resolved: readonly ResolvedName[] }

/** The latest sweep of each step of the phase that probed the run's targets, with the names it resolved. */
function runTargetProbes(record: RunRecord, phase: RunPhaseId): TargetProbe[] {
  const text = record.targets.mode === 'hosts' ? record.targets.text.trim() : '';
  const sweeps: TargetProbe[] = [];
  for (const step of phaseStepRecords(record, phase)) {
    const probes = [step, ...Object.values(step.findings ?? {})].flatMap((s) => s.results).filter((r) => r.kind === 'probe-dht' && r.targets.trim() === text);
    const last = probes.at(-1);
    if (last?.kind === 'probe-dht') sweeps.push({ summary: last.summary, resolved: Array.isArray(last.resolved) ? last.resolved : [] });
  }
  return sweeps;
}

interface Observation {
  endpoints: string[];
  client?: string;
  failures?: { sent: number; failed: number; codes: Readonly<Record<string, number>> };
  cancelled: boolean;
}

function observe(addresses: ReadonlySet<string>, sweeps: readonly SweepSummary[]): Observation {
  const endpoints = new Set<string>();
  let client: string | undefined;
  let failures: Observation['failures'];
  for (const sweep of sweeps) {
    for (const reply of sweep.findings) {
      if (!addresses.has(reply.endpoint.address)) continue;
      endpoints.add(endpointKey(reply.endpoint));
      client ??= clientOf(reply);
    }
    const failedSends = Array.isArray(sweep.addressSendFailures) ? sweep.addressSendFailures.filter((f) => f !== null && typeof f === 'object' && addresses.has(f.address)) : [];
    for (const failed of failedSends) {
      if (typeof failed.sent !== 'number' || typeof failed.failed !== 'number') continue;
      failures = { sent: (failures?.sent ?? 0) + failed.sent, failed: (failures?.failed ?? 0) + failed.failed, codes: { ...failures?.codes, ...failed.codes } };
    }
  }
  return {
    endpoints: [...endpoints].sort(), ...(client === undefined ? {} : { client }), ...(failures === undefined ? {} : { failures }),
    cancelled: sweeps.some((s) => s.cancelled),
  };
}

function stateOf(address: string, seen: Observation, sweeps: readonly SweepSummary[]): { state: HostState; because: string } {
  if (seen.endpoints.length > 0) {
    return { state: 'answering', because: `${seen.client ?? 'A DHT node'} answered a KRPC ping on ${seen.endpoints.join(', ')}.` };
  }
  if (sweeps.length === 0) return { state: 'not-probed', because: 'Detection has not probed the run\'s hosts yet.' };
  if (seen.failures && seen.failures.failed >= seen.failures.sent) {
    return { state: 'unreachable', because: `Every query to it was refused by this machine's network stack (${codes(seen.failures.codes)}): no route to it from here.` };
  }
  if (seen.cancelled) return { state: 'not-probed', because: 'The probe was cancelled before it finished; nothing answered until then.' };
  if (canonicalIpAddress(address).ok === false) {
    return { state: 'silent', because: `No address of ${address} answered (the probe resolves names to every address).` };
  }
  return { state: 'silent', because: 'Probed on every target port; nothing answered.' };
}

function verdictOf(state: HostState, seen: Observation, now: Observation, sweeps: readonly SweepSummary[]): HostRow['verification'] {
  if (sweeps.length === 0) return { verdict: 'not-checked', because: 'Verification has not probed the hosts yet.', stillAnswering: [] };
  if (now.endpoints.length > 0) {
    const newOnes = now.endpoints.filter((e) => !seen.endpoints.includes(e));
    return { verdict: 'still-exposed', because: `Still answering on ${now.endpoints.join(', ')}${newOnes.length > 0 && seen.endpoints.length > 0 ? ` (new: ${newOnes.join(', ')})` : ''}.`, stillAnswering: now.endpoints };
  }
  if (now.failures && now.failures.failed >= now.failures.sent) {
    return { verdict: 'not-checked', because: `Verification could not reach it (${codes(now.failures.codes)}), so its endpoints are not seen, not proven gone.`, stillAnswering: [] };
  }
  if (now.cancelled) return { verdict: 'not-checked', because: 'Verification\'s probe was cancelled before it finished.', stillAnswering: [] };
  if (state === 'answering') return { verdict: 'remediated', because: `${seen.endpoints.join(', ')} no longer answer${seen.endpoints.length === 1 ? 's' : ''}.`, stillAnswering: [] };
  return { verdict: 'clean', because: 'Nothing answered at detection or at verification.', stillAnswering: [] };
}

function runVerdict(rows: readonly HostRow[]): { outcome: HostVerdict; because: string } {
  const count = (verdict: HostVerdict) => rows.filter((r) => r.verification.verdict === verdict).length;
  const exposed = count('still-exposed');
  const unchecked = count('not-checked');
  const remediated = count('remediated');
  if (exposed > 0) return { outcome: 'still-exposed', because: `${plural(exposed, 'host')} still answer${exposed === 1 ? 's' : ''} as a DHT node.` };
  if (unchecked > 0) return { outcome: 'not-checked', because: `${plural(unchecked, 'host')} could not be checked; the others are ${remediated > 0 ? 'remediated or clean' : 'clean'}.` };
  if (remediated > 0) return { outcome: 'remediated', because: `${plural(remediated, 'host')} no longer answer${remediated === 1 ? 's' : ''}; ${plural(rows.length - remediated, 'other host')} never answered.` };
  return { outcome: 'clean', because: `None of the ${plural(rows.length, 'host')} answered as a DHT node.` };
}

function codes(byCode: Readonly<Record<string, number>>): string {
  return Object.entries(byCode).map(([code, n]) => `${code} ×${n}`).join(', ') || 'refused';
}
