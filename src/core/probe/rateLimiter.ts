// A token bucket for the send rate. Pure: the caller passes the clock, so the
// sweep can send in batches (a timer per packet would cost more than the send).
export class RateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(private readonly perSecond: number, nowMs: number, private readonly burst = Math.max(1, Math.min(perSecond / 50, 512))) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be above 0 packets per second, got ${perSecond}`);
    this.tokens = this.burst;
    this.lastMs = nowMs;
  }

  /** How many packets may go now (and takes them). */
  take(nowMs: number, wanted: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) * this.perSecond) / 1000);
    this.lastMs = nowMs;
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }

  /** Milliseconds until at least one packet may go. */
  waitMs(): number {
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}
