import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BaselineComparison } from '../../../../src/core/run/types';
import { decideVerdict, isNothingToRemoveVerdict, nothingToRemove } from '../../../../src/core/run/verdict';

const NOTHING: BaselineComparison = { dhtEndpoints: [], newDhtEndpoints: [], otherServices: [{ socket: 'tcp/0.0.0.0:22', stillListening: true }], caveats: [] };

describe('a comparison with nothing to remove', () => {
  it('is one where detection confirmed nothing, nothing answers now and everything was checked', () => {
    assert.equal(nothingToRemove(NOTHING), true);
    assert.equal(nothingToRemove({ ...NOTHING, dhtEndpoints: [{ endpoint: '198.18.0.2:6881', before: true, now: false }] }), false);
    assert.equal(nothingToRemove({ ...NOTHING, newDhtEndpoints: ['198.18.0.2:6881'] }), false);
    assert.equal(nothingToRemove({ ...NOTHING, caveats: ['Verification ran no check.'] }), false);
    assert.equal(nothingToRemove({ ...NOTHING, otherServices: [{ socket: 'tcp/0.0.0.0:22', stillListening: false, unverified: 'the listing failed' }] }), false);
    assert.equal(nothingToRemove({ ...NOTHING, suspectSockets: [{ socket: 'tcp/0.0.0.0:6881', stillListening: false, unverified: 'the listing failed' }] }), false);
  });

  it('gives the verdict that the predicate recognises, and no other verdict is taken for it', () => {
    const verdict = decideVerdict(NOTHING, undefined, []);
    assert.equal(verdict.outcome, 'inconclusive');
    assert.equal(isNothingToRemoveVerdict(verdict, NOTHING), true);
    assert.equal(isNothingToRemoveVerdict(decideVerdict(NOTHING, { answer: 'not permitted', justification: '' }, []), NOTHING), true);
    // Inconclusive for another reason as well: a step's error, or a policy answer nobody knows.
    assert.equal(isNothingToRemoveVerdict(decideVerdict(NOTHING, undefined, ['Step relist-sockets failed: ss timed out.']), NOTHING), false);
    assert.equal(isNothingToRemoveVerdict(decideVerdict(NOTHING, { answer: 'ask legal', justification: '' }, []), NOTHING), false);
    // The same verdict text, but a comparison that had something to remove.
    assert.equal(isNothingToRemoveVerdict(verdict, { ...NOTHING, newDhtEndpoints: ['198.18.0.2:6881'] }), false);
  });
});
