import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statusOfResult, statusOfStep } from '../../../../src/core/run/stepStatus';
import type { ActionResult } from '../../../../src/core/run/types';
import type { Step } from '../../../../src/core/runbook/model';
import { at, detectionCheck, cleanVerificationCheck, localCheck, SSHD, sweep, QBT_FINDING } from './fixtures';

const check = (result = detectionCheck()): ActionResult => ({ kind: 'check-listening-ports', at: at(1), result });
const command = (actionId: string, exitCode = 0): ActionResult => ({ kind: 'command', at: at(2), platform: 'linux', commandLine: 'true', terminalName: 't', by: 'alice', exitCode, reportedBy: 'shell-integration', actionId });

const twoCommands: Step = {
  id: 'stop-service', title: 'Stop and disable its service', markdown: '', line: 0,
  actions: [
    { kind: 'command', id: 'stop-service.1', commands: { linux: 'systemctl stop x' }, placeholders: [], line: 1 },
    { kind: 'command', id: 'stop-service.2', commands: { linux: 'systemctl disable x' }, placeholders: [], line: 2 },
  ],
};

describe('step status', () => {
  it('reads a DHT node at detection as work to do, at verification as a failure', () => {
    assert.equal(statusOfResult(check(), 'detection'), 'attention');
    assert.equal(statusOfResult(check(), 'verification'), 'failed');
    assert.equal(statusOfResult(check(cleanVerificationCheck()), 'verification'), 'passed');
    const probe: ActionResult = { kind: 'probe-dht', at: at(1), targets: 'x', endpointCount: 1, summary: sweep([QBT_FINDING]) };
    assert.equal(statusOfResult(probe, 'detection'), 'attention');
  });

  it('never reads a check that could not look as passed', () => {
    assert.equal(statusOfResult(check(localCheck([], [], { listingError: 'ss: not found' })), 'detection'), 'failed');
    const cancelled = localCheck([SSHD], []);
    const withCancelledProbe = { ...cancelled, probe: { ...sweep([]), cancelled: true } };
    assert.equal(statusOfResult(check(withCancelledProbe), 'verification'), 'failed');
  });

  it('keeps a step open until every one of its actions has run', () => {
    assert.equal(statusOfStep(twoCommands, [], 'remediation'), 'pending');
    assert.equal(statusOfStep(twoCommands, [command('stop-service.1')], 'remediation'), 'attention');
    assert.equal(statusOfStep(twoCommands, [command('stop-service.1'), command('stop-service.2')], 'remediation'), 'passed');
  });

  it('a command passes only on evidence: exit 0 or the person\'s word; a non-zero exit fails, no outcome needs attention', () => {
    const one: Step = { ...twoCommands, actions: twoCommands.actions.slice(0, 1) };
    const bare: ActionResult = { kind: 'command', at: at(2), platform: 'linux', commandLine: 'true', terminalName: 't', by: 'alice', actionId: 'stop-service.1' };
    assert.equal(statusOfStep(one, [command('stop-service.1', 1)], 'remediation'), 'failed');
    assert.equal(statusOfStep(one, [bare], 'remediation'), 'attention');
    assert.equal(statusOfStep(one, [{ ...bare, reportedBy: 'person', outcome: 'succeeded' }], 'remediation'), 'passed');
    assert.equal(statusOfStep(one, [{ ...bare, reportedBy: 'person', outcome: 'failed' }], 'remediation'), 'failed');
    assert.equal(statusOfStep(one, [{ ...bare, outcome: 'interrupted' }], 'remediation'), 'failed');
  });

  it('counts the latest result of each action: a re-run replaces, it does not add up', () => {
    const listStep: Step = { id: 'relist', title: 'List again', markdown: '', line: 0, actions: [{ kind: 'check-listening-ports', id: 'relist.1', allUdp: true, line: 1 }] };
    const before = { ...check(), actionId: 'relist.1' };
    const after = { ...check(cleanVerificationCheck()), actionId: 'relist.1' };
    assert.equal(statusOfStep(listStep, [before, after], 'verification'), 'passed');
    assert.equal(statusOfStep(listStep, [after, before], 'verification'), 'failed');
  });
});
