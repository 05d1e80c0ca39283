// Where a run stands and what to do next, from the bundled runbook and a
// record built by the same functions the editor uses: the phase state is
// truthful (all "needs attention" is not a check mark), items of a step that
// repeats are counted per finding, and the next move follows the runbook's
// order, its conditions and what runs by itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../src/core/findings/types';
import { createRun, skipStep } from '../../../src/core/run/runState';
import { isAutomaticStep, itemRecord } from '../../../src/core/run/stepRunner';
import type { ActionResult, RunRecord, StepStatus } from '../../../src/core/run/types';
import { parseRunbook } from '../../../src/core/runbook/parseRunbook';
import type { Step } from '../../../src/core/runbook/model';
import { isAutomatic } from '../../../src/node/run/runAutomaticAction';
import { nextMove, phaseItemStatuses, phaseProgress } from '../../../src/extension/run/runProgress';
import { timelineHtml, timelineMarks } from '../../../src/extension/run/timelineSvg';

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const phase = (id: string) => runbook.phases.find((p) => p.id === id)!;
const t = (message: string, ...args: (string | number | boolean)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
const automatic = (step: Step) => isAutomaticStep(step, isAutomatic);

function newRecord(): RunRecord {
  return createRun({
    runId: 'run-1', runbook: { id: runbook.id, version: '1', title: runbook.title, contentHash: 'x', source: 'bundled', path: 'bundled' },
    targets: { mode: 'this-machine' }, operator: { user: 'ann', host: 'web-07' }, origin: 'editor',
    steps: runbook.phases.flatMap((p) => p.steps.map((s) => ({ id: s.id, phase: p.id, title: s.title }))), at: '2025-03-01T10:00:00.000Z',
  });
}

/** Sets a step's (or a finding's part) status and times directly, as a finished run would hold them. */
function withStatus(record: RunRecord, stepId: string, status: StepStatus, findingId?: string, results: ActionResult[] = [], at = '2025-03-01T10:01:00.000Z'): RunRecord {
  const step = record.steps[stepId]!;
  const part = { status, results, startedAt: at, endedAt: at };
  if (findingId === undefined) return { ...record, steps: { ...record.steps, [stepId]: { ...step, ...part } } };
  return { ...record, steps: { ...record.steps, [stepId]: { ...step, findings: { ...(step.findings ?? {}), [findingId]: part } } } };
}

const finding: Finding = {
  id: 'local-700-77', where: 'this-machine', host: 'web-07', basis: 'krpc-reply', title: 'transmission-da', pid: 700, processName: 'transmission-da',
  endpoints: [{ label: 'udp/0.0.0.0:51413', protocol: 'udp', confirmed: true }], dhtEndpoints: ['127.0.0.1:51413'],
};
const statusFrom = (record: RunRecord) => (stepId: string, findingId?: string): StepStatus => itemRecord(record, stepId, findingId)?.status ?? 'pending';

describe('phase state and counts', () => {
  it('says "needs attention" for a phase whose items all need attention, never passed', () => {
    assert.equal(phaseProgress(['attention', 'attention', 'attention']).state, 'attention');
    assert.equal(phaseProgress(['passed', 'attention', 'skipped']).state, 'attention');
    assert.equal(phaseProgress(['passed', 'failed', 'attention']).state, 'failed');
    assert.equal(phaseProgress(['passed', 'skipped']).state, 'passed');
    assert.equal(phaseProgress(['skipped', 'skipped']).state, 'skipped');
    assert.equal(phaseProgress(['pending', 'pending']).state, 'pending');
    assert.equal(phaseProgress(['passed', 'pending']).state, 'partial');
    assert.equal(phaseProgress(['passed', 'running', 'pending']).state, 'running');
    assert.deepEqual({ ...phaseProgress(['passed', 'attention', 'pending', 'running']) }.done, 2);
  });

  it('counts a step that repeats once per finding', () => {
    let record = newRecord();
    const remediation = phase('remediation');
    const perFinding = remediation.steps.filter((s) => s.forEach === 'finding').length;
    const plain = remediation.steps.length - perFinding;
    const second: Finding = { ...finding, id: 'local-900-88', pid: 900 };
    assert.equal(phaseItemStatuses(remediation, [finding, second], statusFrom(record)).length, plain + 2 * perFinding);
    assert.equal(phaseItemStatuses(remediation, [], statusFrom(record)).length, remediation.steps.length, 'without findings each step counts once');
    record = withStatus(record, 'policy-decision', 'passed', finding.id);
    assert.equal(phaseProgress(phaseItemStatuses(remediation, [finding, second], statusFrom(record))).done, 1);
  });
});

describe('the next move', () => {
  it('is the detection phase\'s automatic steps at the start', () => {
    const record = newRecord();
    assert.deepEqual(nextMove({ runbook, record, findings: [], statusOf: statusFrom(record), isAutomaticStep: automatic, actionsDisabled: false }), { kind: 'phase', phase: 'detection' });
  });

  it('is the first finding\'s decision once detection is done, then the steps the answer lets run; never a ruled-out step', () => {
    let record = newRecord();
    for (const s of phase('detection').steps) record = withStatus(record, s.id, 'attention');
    const move = (r: RunRecord) => nextMove({ runbook, record: r, findings: [finding], statusOf: statusFrom(r), isAutomaticStep: automatic, actionsDisabled: false });
    assert.deepEqual(move(record), { kind: 'item', stepId: 'policy-decision', findingId: finding.id });
    const answer: ActionResult = { kind: 'decision', at: '2025-03-01T10:02:00.000Z', question: 'q', answer: 'not permitted', justification: 'policy', by: 'ann', actionId: phase('remediation').steps.find((s) => s.id === 'policy-decision')!.actions[0]!.id };
    record = withStatus(record, 'policy-decision', 'passed', finding.id, [answer]);
    // "Record the exception" applies only to "permitted": the next move skips over it.
    assert.deepEqual(move(record), { kind: 'item', stepId: 'stop-process', findingId: finding.id });
  });

  it('waits while anything runs, and is nothing when actions are off', () => {
    const record = newRecord();
    const running = (id: string) => (id === 'list-sockets' ? 'running' : 'pending');
    assert.equal(nextMove({ runbook, record, findings: [], statusOf: running, isAutomaticStep: automatic, actionsDisabled: false }), undefined);
    assert.equal(nextMove({ runbook, record, findings: [], statusOf: statusFrom(record), isAutomaticStep: automatic, actionsDisabled: true }), undefined);
  });
});

describe('the timeline', () => {
  it('draws one mark per timed item, in its phase\'s row, with the same facts as text', () => {
    let record = newRecord();
    record = withStatus(record, 'list-sockets', 'attention', undefined, [], '2025-03-01T10:01:00.000Z');
    record = skipStep(record, 'record-exception@local-700-77', 'Not needed', '2025-03-01T10:05:00.000Z');
    const marks = timelineMarks(runbook, record, [finding]);
    assert.deepEqual(marks.map((m) => [m.phase, m.status]), [[phase('detection').title, 'attention'], [phase('remediation').title, 'skipped']]);
    const html = timelineHtml(runbook, record, [finding], t, (ms) => new Date(ms).toISOString().slice(11, 16), (s) => s);
    assert.match(html, /<svg [^>]*role="img" aria-labelledby="timeline-title timeline-desc"/);
    assert.equal((html.match(/<rect class="tl-mark tl-/g) ?? []).length, 2);
    assert.match(html, /<rect class="tl-mark tl-attention"/);
    assert.match(html, /<desc id="timeline-desc">[^<]*Phase 1: Detection: 1 items, 10:01–10:01/);
    assert.match(html, /Phase 3: Verification: not started/);
    assert.match(html, /<li>10:05–10:05 · Phase 2: Remediation · Record the exception \(transmission-da\): skipped<\/li>/);
    assert.equal(timelineHtml(runbook, newRecord(), [], t, String, (s) => s), '', 'nothing happened: no picture');
  });
});
