import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../../src/core/probe/rateLimiter';

describe('RateLimiter', () => {
  it('grants no more than the rate over time', () => {
    const limiter = new RateLimiter(1000, 0);
    let granted = 0;
    for (let ms = 0; ms <= 1000; ms += 1) granted += limiter.take(ms, 1000);
    // One second at 1000/s, plus the initial burst of 20.
    assert.ok(granted >= 1000 && granted <= 1021, `granted ${granted}`);
  });

  it('tells how long to wait when empty', () => {
    const limiter = new RateLimiter(10, 0);
    limiter.take(0, 100);
    assert.equal(limiter.take(0, 1), 0);
    assert.equal(limiter.waitMs(), 100);
    assert.equal(limiter.take(100, 1), 1);
  });

  it('refuses a rate that is not above zero', () => {
    assert.throws(() => new RateLimiter(0, 0), /rate must be above 0/);
  });
});
