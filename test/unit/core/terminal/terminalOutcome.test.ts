import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOutcome, type TerminalOutcome } from '../../../../src/core/terminal/terminalOutcome';
import { recordedStatus } from '../../../support/recordedStatus';

const base = { commandLine: 'sudo systemctl stop transmission-daemon.service', terminalName: 'Runbook: Stop the service', shell: 'posix' as const, startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T00:00:01.000Z' };

describe('terminal outcome to step status, through the record', () => {
  const integration = (exitCode: number | undefined): TerminalOutcome => ({ ...base, how: 'shell-integration', exitCode, output: '', outputCutChars: 0 });

  it('passes only on exit code 0', () => {
    assert.equal(recordedStatus(integration(0)), 'passed');
  });

  it('fails on any other exit code, including 127 (command not found) and 130 (Ctrl+C)', () => {
    for (const code of [1, 3, 127, 130, 255, -1]) assert.equal(recordedStatus(integration(code)), 'failed', String(code));
  });

  it('never passes an unknown exit code', () => {
    assert.equal(recordedStatus(integration(undefined)), 'attention');
    assert.match(describeOutcome(integration(undefined)), /could not tell its exit code/);
  });

  it('takes the person\'s statement, either way', () => {
    assert.equal(recordedStatus({ ...base, how: 'person-said', outcome: 'succeeded', reason: 'unsupported-shell' }), 'passed');
    assert.equal(recordedStatus({ ...base, how: 'person-said', outcome: 'failed', reason: 'not-activated' }), 'failed');
    assert.match(describeOutcome({ ...base, how: 'person-said', outcome: 'failed', reason: 'not-activated' }), /person said the command failed/);
  });

  it('fails an interrupted command, whatever exit code came with it', () => {
    for (const exitCode of [undefined, 0, 130]) {
      const outcome: TerminalOutcome = { ...base, how: 'interrupted', cause: 'cancelled', stage: 'running', exitCode, output: '', outputCutChars: 0 };
      assert.equal(recordedStatus(outcome), 'failed');
    }
  });
});
