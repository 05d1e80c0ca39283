// The CLI's exit code rests on this: a check that could not look is never "clean".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exposure } from '../../../src/cli/exposure';
import { parseRunbook } from '../../../src/core/runbook/parseRunbook';
import { createRun, finishStep, setVerdict } from '../../../src/core/run/runState';
import type { RunRecord } from '../../../src/core/run/types';
import { at, cleanVerificationCheck, detectionCheck, localCheck, RUNBOOK, SSHD } from '../core/run/fixtures';

const runbook = parseRunbook(readFileSync(resolve('runbooks/bittorrent-mainline-dht.md'), 'utf8')).runbook!;

function run(): RunRecord {
  return createRun({
    runId: '20250131T090000Z-3f9a2c', runbook: RUNBOOK, targets: { mode: 'this-machine' }, operator: { user: 'ci', host: 'agent' }, origin: 'cli', at: at(0),
    steps: runbook.phases.flatMap((p) => p.steps.map((s) => ({ id: s.id, phase: p.id, title: s.title }))),
  });
}

describe('exposure (the CLI exit code)', () => {
  it('is exposed when the latest detection check confirmed a DHT node', () => {
    const record = finishStep(run(), 'list-sockets', 'attention', at(1), { kind: 'check-listening-ports', at: at(1), result: detectionCheck() });
    assert.deepEqual([exposure(record, runbook, 'detection').exposed, exposure(record, runbook, 'detection').failed], [true, false]);
  });

  it('is clean only when every check could look', () => {
    const clean = finishStep(run(), 'list-sockets', 'passed', at(1), { kind: 'check-listening-ports', at: at(1), result: cleanVerificationCheck() });
    assert.deepEqual([exposure(clean, runbook, 'detection').exposed, exposure(clean, runbook, 'detection').failed], [false, false]);
    const blind = finishStep(run(), 'list-sockets', 'failed', at(1), { kind: 'check-listening-ports', at: at(1), result: localCheck([], [], { listingError: 'no ss, netstat or /proc' }) });
    const result = exposure(blind, runbook, 'detection');
    assert.equal(result.failed, true);
    assert.match(result.summary, /could not be listed/);
  });

  it('fails an inconclusive verdict, and reads a re-run by its latest result', () => {
    let record = finishStep(run(), 'relist-sockets', 'failed', at(1), { kind: 'error', at: at(1), action: 'check-listening-ports', message: 'ss timed out' });
    record = finishStep(record, 'relist-sockets', 'passed', at(2), { kind: 'check-listening-ports', at: at(2), result: localCheck([SSHD], []) });
    assert.equal(exposure(record, runbook, 'verification').failed, false, 'the earlier error was replaced by the re-run');
    record = setVerdict(record, { outcome: 'inconclusive', because: 'verification ran no probe' }, at(3));
    assert.equal(exposure(record, runbook, 'verification').failed, true);
  });
});
