// Per-host run records as a fleet brings them back: each a run of "this
// machine" on its host, walked with the real transitions and decided by the
// real comparison and verdict rules, from checks built like checkLocal's
// (test/unit/core/run/fixtures.ts). Every host runs the same qBittorrent on the
// same address, as cloned machines do, so ids and endpoints repeat across hosts.
import assert from 'node:assert/strict';
import { mergeRecords, type MergeInput } from '../../../../src/core/fleet/mergeRecords';
import { compareWithBaseline } from '../../../../src/core/run/baseline';
import { findingDecisions, findingVerdicts, runVerdict } from '../../../../src/core/run/findingVerdicts';
import { phaseChecks } from '../../../../src/core/run/runEvidence';
import { addFindingParts, createRun, endRun, finishStep, setVerdict, startStep, stepKey, type StepOutline } from '../../../../src/core/run/runState';
import { runFindings } from '../../../../src/core/run/stepRunner';
import type { RunbookRef, RunRecord, RunTargets } from '../../../../src/core/run/types';
import { reportRunTargets } from '../../../../src/core/scanReport/reportTargets';
import { at, cleanVerificationCheck, finding, localCheck, NGINX, QBT_FINDING, QBT_TCP, QBT_UDP, RUNBOOK, SSHD, STEPS, sweep } from '../run/fixtures';

export type HostScenario = 'remediated' | 'clean' | 'still-exposed' | 'accepted-risk' | 'unverified' | 'listing-failed';

export const HOST_STEPS: readonly StepOutline[] = [
  { id: 'list-sockets', phase: 'detection', title: 'List listening sockets and their owners' },
  { id: 'probe-this-machine', phase: 'detection', title: 'Confirm DHT nodes on this machine' },
  { id: 'policy-decision', phase: 'remediation', title: 'Decide whether the client is allowed' },
  { id: 'relist-sockets', phase: 'verification', title: 'List listening sockets again' },
  { id: 'reprobe-this-machine', phase: 'verification', title: 'Confirm again on this machine' },
  { id: 'compare-baseline', phase: 'verification', title: 'Compare with the baseline' },
];

export const JUSTIFICATION = 'Seedbox approved in ticket SEC-77.';

/** One host's run. `start` (minutes past nine) sets its start time and run id. */
export function hostRecord(host: string, scenario: HostScenario, options: { start?: number; runbook?: RunbookRef } = {}): RunRecord {
  const start = options.start ?? 0;
  const found = scenario !== 'clean';
  let run = createRun({
    runId: `20250131T09${String(start).padStart(2, '0')}00Z-${host.replace(/[^a-z0-9]/g, '')}`,
    runbook: options.runbook ?? RUNBOOK,
    targets: { mode: 'this-machine' },
    operator: { user: 'root', host },
    origin: 'cli',
    steps: HOST_STEPS,
    at: at(start),
  });
  const detection = found ? localCheck([SSHD, NGINX, QBT_UDP, QBT_TCP], [QBT_FINDING], { minute: start + 1 }) : localCheck([SSHD, NGINX], [], { minute: start + 1 });
  run = finishStep(startStep(run, 'list-sockets', at(start + 1)), 'list-sockets', found ? 'attention' : 'passed', at(start + 1, 30), { kind: 'check-listening-ports', at: at(start + 1, 30), result: detection });
  run = finishStep(startStep(run, 'probe-this-machine', at(start + 2)), 'probe-this-machine', found ? 'attention' : 'passed', at(start + 2, 30), {
    kind: 'probe-dht', at: at(start + 2, 30), targets: 'this machine, the 1 UDP endpoints the listing found', endpointCount: 1, summary: sweep(found ? [QBT_FINDING] : []),
  });
  const ids = runFindings(run).map((f) => f.id);
  if (ids.length > 0) run = addFindingParts(run, 'policy-decision', ids, at(start + 3));
  for (const id of ids) {
    const permitted = scenario === 'accepted-risk';
    run = finishStep(startStep(run, stepKey('policy-decision', id), at(start + 3)), stepKey('policy-decision', id), 'passed', at(start + 4), {
      kind: 'decision', at: at(start + 4), question: 'Is this client permitted by your organisation\'s policy?', answer: permitted ? 'permitted' : 'not permitted',
      justification: permitted ? JUSTIFICATION : 'Policy IT-7 forbids file sharing on servers.', by: 'root',
    });
  }
  if (scenario === 'unverified') return run;
  const remaining = scenario === 'still-exposed' || scenario === 'accepted-risk';
  const verification = scenario === 'listing-failed' ? localCheck([], [], { minute: start + 10, listingError: 'ss exited with 1: Cannot open netlink socket', output: '' })
    : remaining ? localCheck([SSHD, NGINX, QBT_UDP], [finding('198.18.0.2', 6881, { minute: start + 10 })], { minute: start + 10 })
    : cleanVerificationCheck();
  run = finishStep(startStep(run, 'relist-sockets', at(start + 10)), 'relist-sockets', 'passed', at(start + 10, 30), { kind: 'check-listening-ports', at: at(start + 10, 30), result: verification });
  run = finishStep(startStep(run, 'reprobe-this-machine', at(start + 11)), 'reprobe-this-machine', 'passed', at(start + 11, 30), {
    kind: 'probe-dht', at: at(start + 11, 30), targets: 'this machine, the 1 UDP endpoints the listing found', endpointCount: 1,
    summary: sweep(remaining ? [finding('198.18.0.2', 6881, { minute: start + 11 })] : []),
  });
  // As the compare-baseline action decides: the comparison, each finding's verdict, the run's.
  const comparison = compareWithBaseline(phaseChecks(run, 'detection', 'all'), phaseChecks(run, 'verification', 'latest-per-step'));
  const findings = runFindings(run);
  const decisions = findingDecisions(run);
  const verdict = runVerdict(comparison, findings, decisions, [], {}, undefined);
  run = finishStep(startStep(run, 'compare-baseline', at(start + 12)), 'compare-baseline', verdict.outcome === 'remediated' || verdict.outcome === 'accepted-risk' ? 'passed' : 'attention', at(start + 12, 30), {
    kind: 'compare-baseline', at: at(start + 12, 30), comparison, verdict, findings: findingVerdicts(findings, comparison, decisions, []),
  });
  run = setVerdict(run, verdict, at(start + 13));
  return endRun(run, at(start + 14));
}

/** The hosts of a Nessus report with the DHT finding, as `run --from-report` makes them the run's targets. */
export const REPORT_TARGETS = reportRunTargets({
  format: 'nessus', name: 'lab-scan.nessus', sha256: 'a'.repeat(64), bytes: 1000,
  counts: { items: 12, kept: 2, skipped: 10, hostsSeen: 5 },
  hosts: [
    { address: '198.18.0.2', name: 'seedbox', ports: [6881], protocols: ['udp'], pluginIds: ['50677'], severity: 'Low' },
    { address: '198.18.0.3', name: 'mediabox', ports: [51413], pluginIds: ['50677'] },
  ],
});

/**
 * A run over other hosts made from one machine ("vm"), as `run --from-report`
 * or `run --targets` makes it: this machine's sockets hold nothing, the probe
 * of the targets finds a node on 198.18.0.2, and verification still finds it,
 * so the run's own verdict is "still exposed" (the real comparison and rules).
 */
export function runOverHosts(targets: Extract<RunTargets, { mode: 'hosts' }>): RunRecord {
  let run = createRun({ runId: '20250131T093000Z-0ver4a11', runbook: RUNBOOK, targets, operator: { user: 'alice', host: 'vm' }, origin: 'cli', steps: STEPS, at: at(30) });
  run = finishStep(startStep(run, 'list-sockets', at(31)), 'list-sockets', 'passed', at(31, 30), { kind: 'check-listening-ports', at: at(31, 30), result: localCheck([SSHD, NGINX], [], { minute: 31 }) });
  run = finishStep(startStep(run, 'probe-run-targets', at(32)), 'probe-run-targets', 'attention', at(32, 30), {
    kind: 'probe-dht', at: at(32, 30), targets: targets.text, endpointCount: 20, summary: sweep([finding('198.18.0.2', 6881, { minute: 32 })]),
  });
  run = finishStep(startStep(run, 'relist-sockets', at(33)), 'relist-sockets', 'passed', at(33, 30), { kind: 'check-listening-ports', at: at(33, 30), result: localCheck([SSHD, NGINX], [], { minute: 33 }) });
  run = finishStep(startStep(run, 'reprobe-run-targets', at(34)), 'reprobe-run-targets', 'attention', at(34, 30), {
    kind: 'probe-dht', at: at(34, 30), targets: targets.text, endpointCount: 20, summary: sweep([finding('198.18.0.2', 6881, { minute: 34 })]),
  });
  const comparison = compareWithBaseline(phaseChecks(run, 'detection', 'all'), phaseChecks(run, 'verification', 'latest-per-step'));
  const findings = runFindings(run);
  const decisions = findingDecisions(run);
  const verdict = runVerdict(comparison, findings, decisions, [], {}, undefined);
  run = finishStep(startStep(run, 'compare-baseline', at(35)), 'compare-baseline', 'attention', at(35, 30), {
    kind: 'compare-baseline', at: at(35, 30), comparison, verdict, findings: findingVerdicts(findings, comparison, decisions, []),
  });
  run = setVerdict(run, verdict, at(36));
  return endRun(run, at(37));
}

export const MERGED_AT = at(40);

/** The pure merge of these records, which must succeed. */
export function fleetOf(...records: RunRecord[]): RunRecord {
  const merged = mergeRecords(records.map((record, i): MergeInput => ({ source: `records/${i}.json`, record })), { at: MERGED_AT, randomHex: 'f1ee7a11', operator: { user: 'alice', host: 'controller' } });
  assert.ok(merged.ok, merged.ok ? '' : merged.problems.join('\n'));
  return merged.record;
}
