import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addResult, endRun, finishStep, RunStateError, setNote, setVerdict, skipStep, startStep,
} from '../../../../src/core/run/runState';
import { newRunId } from '../../../../src/core/run/runId';
import { validateRunRecord } from '../../../../src/core/run/validateRecord';
import type { RunRecord } from '../../../../src/core/run/types';
import { at, newRun, STEPS, walkedRun } from './fixtures';

/** Freezes a record all the way down, so a transition that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('run state transitions', () => {
  it('creates a run with every step pending, in runbook order, at revision 1', () => {
    const run = newRun();
    assert.equal(run.revision, 1);
    assert.equal(run.schema, 'dht-runbook/run-record@2');
    assert.deepEqual(Object.keys(run.steps), STEPS.map((s) => s.id));
    assert.deepEqual(run.steps['policy-decision'], { phase: 'remediation', title: 'Decide whether the client is allowed', status: 'pending', results: [] });
    assert.equal(run.startedAt, run.updatedAt);
  });

  it('bumps the revision and updatedAt on every transition, and never changes its input', () => {
    const start = deepFreeze(newRun());
    const running = startStep(start, 'list-sockets', at(1));
    assert.equal(running.revision, 2);
    assert.equal(running.updatedAt, at(1));
    assert.equal(running.steps['list-sockets']?.status, 'running');
    assert.equal(start.steps['list-sockets']?.status, 'pending');
    const noted = setNote(deepFreeze(running), 'list-sockets', 'a note', at(2));
    assert.equal(noted.revision, 3);
    const confirm = { kind: 'confirm' as const, at: at(3), statement: 'Users informed.', by: 'alice' };
    const added = addResult(deepFreeze(noted), 'list-sockets', confirm, at(3));
    assert.equal(added.revision, 4);
    assert.equal(added.steps['list-sockets']?.status, 'running', 'adding a result leaves the status alone');
    assert.deepEqual(added.steps['list-sockets']?.results, [confirm]);
  });

  it('keeps every attempt when a step is run again, and clears what a re-run makes stale', () => {
    let run = newRun();
    const first = { kind: 'error' as const, at: at(1), action: 'list-sockets.1', message: 'ss not found' };
    run = finishStep(startStep(run, 'list-sockets', at(1)), 'list-sockets', 'failed', at(2), first);
    run = skipStep(run, 'list-sockets', 'Will retry after installing iproute2.', at(3));
    run = startStep(run, 'list-sockets', at(4));
    const step = run.steps['list-sockets'];
    assert.equal(step?.status, 'running');
    assert.equal(step?.startedAt, at(4));
    assert.equal(step?.endedAt, undefined);
    assert.equal(step?.skipReason, undefined);
    assert.ok(!('endedAt' in (step ?? {})), 'absent, not undefined: the JSON round trip stays exact');
    assert.deepEqual(step?.results, [first]);
  });

  it('finishes a step that was never started, with start = end', () => {
    const run = finishStep(newRun(), 'policy-decision', 'passed', at(5));
    assert.equal(run.steps['policy-decision']?.startedAt, at(5));
    assert.equal(run.steps['policy-decision']?.endedAt, at(5));
  });

  it('skips a step only with a reason, and clears a note with an empty one', () => {
    assert.throws(() => skipStep(newRun(), 'stop-service', '  ', at(1)), RunStateError);
    const skipped = skipStep(newRun(), 'stop-service', 'No service: the client ran from a shell.', at(1));
    assert.equal(skipped.steps['stop-service']?.status, 'skipped');
    assert.equal(skipped.steps['stop-service']?.endedAt, at(1));
    const noted = setNote(skipped, 'stop-service', 'checked with ps', at(2));
    assert.ok(!('note' in (setNote(noted, 'stop-service', '', at(3)).steps['stop-service'] ?? {})));
  });

  it('refuses an unknown step, and changes after the run ended except notes', () => {
    assert.throws(() => startStep(newRun(), 'no-such-step', at(1)), /no step "no-such-step"/);
    assert.throws(() => startStep(newRun(), '__proto__', at(1)), RunStateError);
    const ended = endRun(newRun(), at(9));
    assert.throws(() => startStep(ended, 'list-sockets', at(10)), /ended at/);
    assert.throws(() => setVerdict(ended, { outcome: 'remediated', because: 'x' }, at(10)), RunStateError);
    assert.throws(() => endRun(ended, at(10)), RunStateError);
    assert.equal(setNote(ended, 'list-sockets', 'reviewed by bob', at(10)).steps['list-sockets']?.note, 'reviewed by bob');
  });
});

describe('schema round trip', () => {
  it('create -> transitions -> JSON -> validate gives back an equal record', () => {
    for (const record of [walkedRun(), walkedRun({ remaining: true }), newRun()]) {
      const text = JSON.stringify(record, null, 2);
      const result = validateRunRecord(text);
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.deepEqual(result.record, record);
      assert.deepEqual(JSON.parse(JSON.stringify(result.record)) as RunRecord, record);
    }
  });

  it('the walked run carries its verdict and end', () => {
    const run = walkedRun();
    assert.equal(run.verdict?.outcome, 'remediated');
    assert.equal(run.endedAt, at(25));
    assert.equal(run.revision, 1 + 17, 'created at 1, then 17 transitions');
  });
});

describe('run ids', () => {
  it('sort by start time and are safe file names', () => {
    assert.equal(newRunId('2025-01-31T09:30:00.123Z', '3F9A2C'), '20250131T093000Z-3f9a2c');
    assert.throws(() => newRunId('2025-01-31T09:30:00Z', '../x'), RangeError);
  });
});
