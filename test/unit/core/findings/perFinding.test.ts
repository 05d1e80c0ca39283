// Findings and the per-finding rules of the one step runner, on the bundled
// runbook as it is shipped: two clients on one host, one remote node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findingsOf } from '../../../../src/core/findings/findingsOf';
import type { ProgramFacts } from '../../../../src/core/programs/types';
import type { LocalCheckResult } from '../../../../src/core/localCheck/types';
import { compareWithBaseline } from '../../../../src/core/run/baseline';
import { findingDecisions, findingVerdicts, runVerdict } from '../../../../src/core/run/findingVerdicts';
import { phaseChecks } from '../../../../src/core/run/runEvidence';
import { createRun, finishStep, startStep, stepKey } from '../../../../src/core/run/runState';
import { conditionState, itemStatus, materialiseFindings, recordItemResults, runFindings, workItems } from '../../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../../src/core/run/types';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';
import { at, finding, localCheck, proc, RUNBOOK, sock, SSHD, NGINX, sweep } from '../run/fixtures';

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;

const QBT = proc(812, 'qbittorrent-nox');
const DELUGE = proc(900, 'deluged');

function twoClients(options: { after?: boolean } = {}): LocalCheckResult {
  const sockets = options.after === true
    ? [sock('tcp', '0.0.0.0', 22, proc(611, 'sshd')), sock('tcp', '0.0.0.0', 80, proc(720, 'nginx')), sock('udp', '0.0.0.0', 6884, DELUGE)]
    : [SSHD, NGINX, sock('udp', '0.0.0.0', 6881, QBT), sock('udp', '::', 6881, QBT), sock('tcp', '0.0.0.0', 6881, QBT), sock('udp', '0.0.0.0', 6884, DELUGE)];
  const replies = options.after === true ? [finding('198.18.0.2', 6884, { minute: 20 })] : [finding('198.18.0.2', 6881), finding('198.18.0.2', 6884)];
  const check = localCheck(sockets, replies, options.after === true ? { minute: 20 } : {});
  const facts = (pid: number, program: string, pkg: string, runtime?: string): ProgramFacts => ({
    process: { pid, startTicks: String(pid * 10), executable: runtime ?? program, commandLine: runtime === undefined ? [program] : [runtime, program] },
    program: { path: program, foundBy: runtime === undefined ? 'the executable' : 'argv[1]', ...(runtime === undefined ? {} : { runtime: { kind: 'python' as const, executable: runtime } }) },
    install: { kind: 'deb', manager: 'apt', package: pkg },
    service: { manager: 'systemd', scope: 'system', unit: `${pkg}.service` },
  });
  return {
    ...check,
    owners: [
      { pid: 812, packageManager: 'dpkg', packages: ['qbittorrent-nox'], serviceManager: 'systemd', program: facts(812, '/usr/bin/qbittorrent-nox', 'qbittorrent-nox') },
      { pid: 900, packageManager: 'dpkg', packages: ['deluged'], serviceManager: 'systemd', program: facts(900, '/usr/bin/deluged', 'deluged', '/usr/bin/python3.11') },
    ],
  };
}

function detected(): RunRecord {
  const steps = runbook.phases.flatMap((p) => p.steps.map((s) => ({ id: s.id, phase: p.id, title: s.title })));
  let run = createRun({ runId: 'r1', runbook: RUNBOOK, targets: { mode: 'hosts', text: '198.18.0.9' }, operator: { user: 'alice', host: 'web-07' }, origin: 'cli', steps, at: at(0) });
  run = startStep(run, 'list-sockets', at(1));
  run = finishStep(run, 'list-sockets', 'attention', at(2), { kind: 'check-listening-ports', at: at(2), result: twoClients() });
  // A remote node answering on two addresses with one node id.
  const remote = sweep([finding('198.18.0.9', 51413), { ...finding('198.18.0.9', 6881) }]);
  run = startStep(run, 'probe-run-targets', at(3));
  run = finishStep(run, 'probe-run-targets', 'attention', at(4), { kind: 'probe-dht', at: at(4), targets: '198.18.0.9', endpointCount: 2, summary: remote });
  return materialiseFindings(run, runbook, at(4));
}

test('one finding per program: a process on several sockets and addresses is one finding, a remote node on two ports is one', () => {
  const findings = runFindings(detected());
  const titles = findings.map((f) => `${f.where}:${f.title}`);
  assert.deepEqual(titles.sort(), ['remote:libtorrent (Rasterbar) 2.0.8 on 198.18.0.9', 'this-machine:deluged', 'this-machine:qbittorrent-nox']);
  const qbt = findings.find((f) => f.pid === 812)!;
  assert.equal(qbt.id, 'local-812-8120');
  assert.deepEqual(qbt.endpoints.map((e) => e.label), ['udp/0.0.0.0:6881', 'tcp/0.0.0.0:6881', 'udp/[::]:6881']);
  assert.deepEqual(qbt.dhtEndpoints, ['198.18.0.2:6881']);
  assert.equal(findings.some((f) => f.processName === 'sshd' || f.processName === 'nginx'), false);
  const remote = findings.find((f) => f.where === 'remote')!;
  assert.deepEqual(remote.dhtEndpoints, ['198.18.0.9:51413', '198.18.0.9:6881']);
});

test('findingsOf without any reply or suspect finds nothing', () => {
  assert.deepEqual(findingsOf({ checks: [localCheck([SSHD, NGINX], [])], probes: [] }), []);
});

test('remediation items repeat per finding, and one finding\'s answer rules out only its own steps', () => {
  let run = detected();
  const items = workItems(runbook, run, 'remediation');
  const decisions = items.filter((i) => i.step.id === 'policy-decision');
  assert.equal(decisions.length, 3);
  const qbt = decisions.find((i) => i.finding?.pid === 812)!;
  const deluge = decisions.find((i) => i.finding?.pid === 900)!;
  const decide = (item: typeof qbt, answer: string) => recordItemResults(run, runbook, item, [{ kind: 'decision', at: at(5), question: 'q', answer, justification: 'Seeds our ISO images.', by: 'alice', actionId: 'policy-decision.1' }], at(5), () => at(5));
  run = decide(qbt, 'permitted');
  run = decide(deluge, 'not permitted');
  const stopItems = workItems(runbook, run, 'remediation').filter((i) => i.step.id === 'stop-process');
  const stopQbt = stopItems.find((i) => i.finding?.pid === 812)!;
  const stopDeluge = stopItems.find((i) => i.finding?.pid === 900)!;
  assert.equal(itemStatus(run, stopQbt), 'skipped');
  assert.match(run.steps['stop-process']!.findings![stopQbt.finding!.id]!.skipReason!, /"permitted"/);
  assert.equal(itemStatus(run, stopDeluge), 'pending');
  assert.deepEqual(conditionState(run, runbook, stopDeluge), { state: 'met' });
  const remote = stopItems.find((i) => i.finding?.where === 'remote')!;
  assert.equal(conditionState(run, runbook, remote).state, 'unanswered');
  // The step's own status sums up its findings: one skipped, two to do.
  assert.equal(run.steps['stop-process']!.status, 'attention');
  assert.equal(stepKey('stop-process', 'local-900-9000'), 'stop-process@local-900-9000');
});

test('per-finding verdicts: the permitted client is an accepted risk, the removed one remediated, and the run says both', () => {
  let run = detected();
  const local = workItems(runbook, run, 'remediation').filter((i) => i.step.id === 'policy-decision' && i.finding?.where === 'this-machine');
  for (const item of local) {
    run = recordItemResults(run, runbook, item, [{ kind: 'decision', at: at(5), question: 'q', answer: item.finding!.pid === 900 ? 'permitted' : 'not permitted', justification: 'Policy IT-7.', by: 'alice' }], at(5), () => at(5));
  }
  run = startStep(run, 'relist-sockets', at(19));
  run = finishStep(run, 'relist-sockets', 'passed', at(20), { kind: 'check-listening-ports', at: at(20), result: twoClients({ after: true }) });
  const findings = runFindings(run).filter((f) => f.where === 'this-machine');
  const comparison = compareWithBaseline({ checks: phaseChecks(run, 'detection', 'all').checks, probes: [] }, phaseChecks(run, 'verification', 'latest-per-step'));
  const decisions = findingDecisions(run);
  const perFinding = findingVerdicts(findings, comparison, decisions, []);
  assert.deepEqual(perFinding.map((v) => [v.title, v.verdict.outcome]).sort(), [['deluged', 'accepted-risk'], ['qbittorrent-nox', 'remediated']]);
  const verdict = runVerdict(comparison, findings, decisions, [], {}, undefined);
  assert.equal(verdict.outcome, 'accepted-risk');
  assert.match(verdict.because, /deluged is permitted by policy and still runs/);
  // Without the exception, the same state is still exposed.
  const strict = runVerdict(comparison, findings, new Map([...decisions].map(([id, d]) => [id, { ...d, answer: 'not permitted' }])), [], {}, undefined);
  assert.equal(strict.outcome, 'still-exposed');
});
