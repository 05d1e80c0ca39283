// The run panel's messages are untrusted: only those naming real steps,
// actions, phases and answers of the bundled runbook get through.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRunbook } from '../../../src/core/runbook/parseRunbook';
import { validatePanelMessage, type StepLookup } from '../../../src/extension/run/panelMessages';

const runbook = parseRunbook(readFileSync(resolve('runbooks/bittorrent-mainline-dht.md'), 'utf8')).runbook!;
const lookup: StepLookup = {
  findStep: (id) => {
    for (const phase of runbook.phases) {
      const step = phase.steps.find((s) => s.id === id);
      if (step) return { phase, step };
    }
    return undefined;
  },
  hasFinding: (id) => id === 'local-4242-99',
};
const decision = lookup.findStep('policy-decision')!.step.actions[0]!;

describe('run panel messages', () => {
  it('accepts a message that names a real step, action, answer', () => {
    assert.deepEqual(validatePanelMessage({ command: 'answerDecision', step: 'policy-decision', action: decision.id, answer: 'not permitted', finding: 'local-4242-99' }, lookup),
      { command: 'answerDecision', step: 'policy-decision', action: decision.id, answer: 'not permitted', finding: 'local-4242-99' });
    assert.deepEqual(validatePanelMessage({ command: 'skipStep', step: 'stop-process', finding: 'local-4242-99' }, lookup), { command: 'skipStep', step: 'stop-process', finding: 'local-4242-99' });
    assert.deepEqual(validatePanelMessage({ command: 'runPhase', phase: 'detection' }, lookup), { command: 'runPhase', phase: 'detection' });
  });

  it('refuses anything else, and says why', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ command: 'rm -rf' }, /unknown command/],
      [{ command: 'runAction', step: 'no-such-step' }, /no step/],
      [{ command: 'runAction', step: 'list-sockets', action: 'policy-decision.1' }, /no action/],
      [{ command: 'answerDecision', step: 'policy-decision', action: decision.id, answer: 'maybe' }, /not an answer/],
      [{ command: 'runPhase', phase: 'cleanup' }, /no phase/],
      // Only this machine's commands run: a platform is no longer the page's to choose.
      [{ command: 'runCommand', step: 'stop-process', finding: 'local-4242-99', os: 'linux' }, /unexpected field "os"/],
      [{ command: 'runCommand', step: 'stop-process', finding: 'local-1-1' }, /no finding "local-1-1"/],
      [{ command: 'runCommand', step: 'stop-process' }, /repeats for each finding/],
      [{ command: 'runAction', step: 'list-sockets', finding: 'local-4242-99' }, /does not repeat for each finding/],
      [{ command: 'runAction', step: 'list-sockets', extra: 1 }, /unexpected field/],
      [{ command: 'runAction', step: { toString: () => 'x' } }, /not a short string/],
      [{ command: 'runAction' }, /needs a step/],
      [{ command: 'skipStep', step: 'x'.repeat(500) }, /not a short string/],
    ];
    for (const [message, reason] of cases) {
      const result = validatePanelMessage(message, lookup);
      assert.equal(typeof result, 'string', JSON.stringify(message));
      assert.match(result as string, reason);
    }
  });
});
