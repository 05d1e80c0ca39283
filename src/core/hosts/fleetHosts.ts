// One row per host of a fleet run (`dht-runbook merge`), each read from that
// host's own record: a run of "this machine" on the host, with its own
// detection, remediation and verification. The state comes from the host's
// detection (its findings, as runFindings makes them), the verdict from the
// host's own verdict, so the fleet view never re-decides what a host decided.
import type { Finding } from '../findings/types';
import { phaseStepRecords } from '../run/runEvidence';
import { runFindings } from '../run/stepRunner';
import type { ActionResult, FleetHost, FleetRun, RunRecord } from '../run/types';
import { isNothingToRemoveVerdict } from '../run/verdict';
import { fleetVerdict } from './fleetVerdict';
import type { HostRow, HostsOverview, HostState } from './types';

export function fleetHostsOf(fleet: FleetRun): HostsOverview {
  const rows = fleet.hosts.map(fleetHostRow);
  const counts: Record<HostState, number> = { answering: 0, silent: 0, unreachable: 0, 'not-probed': 0 };
  for (const row of rows) counts[row.state] += 1;
  const verdict = fleetVerdict(rows);
  return { hosts: rows, counts, verdict: { outcome: verdict.outcome, because: verdict.because } };
}

/** A finding id made unique across the fleet: `<host>/<finding id>`. */
export function fleetFindingId(host: string, findingId: string): string {
  return `${host}/${findingId}`;
}

export function fleetHostRow(entry: FleetHost): HostRow {
  const { host, record } = entry;
  // Nodes this host saw on other machines are those machines' findings, not this host's.
  const own = runFindings(record).filter((f) => f.where === 'this-machine');
  const confirmed = own.filter((f) => f.basis === 'krpc-reply');
  const endpoints = [...new Set(confirmed.flatMap((f) => f.dhtEndpoints))].sort();
  const client = confirmed.map((f) => f.client).find((c) => c !== undefined);
  const state = stateOf(record, confirmed, endpoints, client, own.length - confirmed.length);
  return {
    address: host,
    ...(record.operator.host !== '' && record.operator.host !== host ? { name: record.operator.host } : {}),
    state: state.state, because: state.because,
    ...(client === undefined ? {} : { client }),
    endpoints,
    findingIds: own.map((f) => fleetFindingId(host, f.id)),
    findings: own.map((f) => ({ id: fleetFindingId(host, f.id), title: f.title, ...(f.client === undefined ? {} : { client: f.client }) })),
    runId: entry.runId,
    verification: verificationOf(record, confirmed),
  };
}

function stateOf(record: RunRecord, confirmed: readonly Finding[], endpoints: readonly string[], client: string | undefined, suspects: number): { state: HostState; because: string } {
  if (confirmed.length > 0) return { state: 'answering', because: `${client ?? 'A DHT node'} answered a KRPC ping on ${endpoints.join(', ')}.` };
  const results = phaseStepRecords(record, 'detection').flatMap((s) => s.results);
  if (!results.some((r) => r.kind === 'check-listening-ports' || r.kind === 'probe-dht')) {
    return { state: 'not-probed', because: 'Detection has not run in the host\'s record.' };
  }
  const listingErrors = results.flatMap((r) => (r.kind === 'check-listening-ports' && r.result.listing.error !== undefined ? [r.result.listing.error] : []));
  return {
    state: 'silent',
    because: [
      'Detection ran on the host and no DHT node answered.',
      ...(suspects > 0 ? [`${suspects} BitTorrent suspect${suspects === 1 ? '' : 's'} did not answer a KRPC ping.`] : []),
      ...(listingErrors.length > 0 ? [`Its socket listing failed: ${listingErrors.at(-1)}.`] : []),
    ].join(' '),
  };
}

function verificationOf(record: RunRecord, confirmed: readonly Finding[]): HostRow['verification'] {
  const verdict = record.verdict;
  if (verdict === undefined) return { verdict: 'not-checked', because: 'Verification has not run in the host\'s record.', stillAnswering: [] };
  const comparison = latestCompareResult(record)?.comparison;
  const stillAnswering = comparison === undefined ? [] : [...comparison.dhtEndpoints.filter((e) => e.now).map((e) => e.endpoint), ...comparison.newDhtEndpoints];
  switch (verdict.outcome) {
    case 'remediated': return { verdict: 'remediated', because: verdict.because, stillAnswering: [] };
    case 'still-exposed': return { verdict: 'still-exposed', because: verdict.because, stillAnswering };
    case 'accepted-risk': return { verdict: 'accepted-risk', because: verdict.because, stillAnswering, justification: verdict.justification };
    case 'inconclusive':
      if (confirmed.length === 0 && comparison !== undefined && isNothingToRemoveVerdict(verdict, comparison)) {
        return { verdict: 'clean', because: 'Detection found no DHT node on the host and verification agrees: nothing to remove.', stillAnswering: [] };
      }
      return { verdict: 'inconclusive', because: verdict.because, stillAnswering };
  }
}

/** The record's latest baseline comparison (the last in step order, as the reports read it). */
export function latestCompareResult(record: RunRecord): Extract<ActionResult, { kind: 'compare-baseline' }> | undefined {
  return Object.values(record.steps).flatMap((s) => s.results).filter((r): r is Extract<ActionResult, { kind: 'compare-baseline' }> => r.kind === 'compare-baseline').at(-1);
}
