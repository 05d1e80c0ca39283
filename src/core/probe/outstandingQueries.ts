// The queries a sweep has sent and not yet seen answered or expired. Every
// query waits the same timeout, so expiry order is send order: a FIFO queue
// suffices. Memory is bounded by what is in flight (rate x timeout), never by
// the size of the target list. Transaction ids are 32-bit numbers here: the
// sweep sends 4-byte ids, so a reply with any other length is not ours.
import type { Endpoint } from './types';
import { endpointKey } from './types';

export interface OutstandingQuery {
  readonly transaction: number;
  readonly endpoint: Endpoint;
  readonly sentAtMs: number;
  readonly deadlineMs: number;
  settled: boolean;
}

export type MatchResult =
  | { readonly matched: true; readonly query: OutstandingQuery }
  | { readonly matched: false; readonly reason: 'unknown-transaction' | 'wrong-source' };

export class OutstandingQueries {
  private readonly byTransaction = new Map<number, OutstandingQuery>();
  /** Only kept when retries need to find an endpoint's query in flight. */
  private readonly byEndpoint: Map<string, OutstandingQuery> | undefined;
  private queue: OutstandingQuery[] = [];
  private head = 0;

  constructor(private readonly timeoutMs: number, options: { readonly indexByEndpoint: boolean }) {
    this.byEndpoint = options.indexByEndpoint ? new Map() : undefined;
  }

  get size(): number {
    return this.byTransaction.size;
  }

  hasTransaction(transaction: number): boolean {
    return this.byTransaction.has(transaction);
  }

  /** The query in flight to this endpoint, if any (needs indexByEndpoint). */
  forEndpoint(endpoint: Endpoint): OutstandingQuery | undefined {
    return this.byEndpoint?.get(endpointKey(endpoint));
  }

  add(transaction: number, endpoint: Endpoint, nowMs: number): OutstandingQuery {
    const query: OutstandingQuery = { transaction, endpoint, sentAtMs: nowMs, deadlineMs: nowMs + this.timeoutMs, settled: false };
    this.byTransaction.set(transaction, query);
    this.byEndpoint?.set(endpointKey(endpoint), query);
    this.queue.push(query);
    return query;
  }

  /**
   * Takes the query a reply answers: same transaction id AND the very address
   * and port it went to. A matching id from elsewhere is not an answer.
   */
  match(transaction: number, fromAddress: string, fromPort: number): MatchResult {
    const query = this.byTransaction.get(transaction);
    if (!query) return { matched: false, reason: 'unknown-transaction' };
    if (query.endpoint.port !== fromPort || !sameAddress(query.endpoint.address, fromAddress)) {
      return { matched: false, reason: 'wrong-source' };
    }
    this.settle(query);
    return { matched: true, query };
  }

  /** Drops every query whose deadline has passed; returns how many. */
  expire(nowMs: number): number {
    let expired = 0;
    while (this.head < this.queue.length) {
      const query = this.queue[this.head]!;
      if (!query.settled && query.deadlineMs > nowMs) break;
      if (!query.settled) {
        this.settle(query);
        expired += 1;
      }
      this.head += 1;
    }
    // Compact now and then so the array does not keep settled entries alive.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return expired;
  }

  /** The earliest deadline still pending, if any. */
  nextDeadline(): number | undefined {
    for (let i = this.head; i < this.queue.length; i += 1) {
      const query = this.queue[i]!;
      if (!query.settled) return query.deadlineMs;
    }
    return undefined;
  }

  private settle(query: OutstandingQuery): void {
    query.settled = true;
    this.byTransaction.delete(query.transaction);
    if (this.byEndpoint) {
      const key = endpointKey(query.endpoint);
      if (this.byEndpoint.get(key) === query) this.byEndpoint.delete(key);
    }
  }
}

/** Link-local replies may or may not carry the zone the query named. */
function sameAddress(queried: string, from: string): boolean {
  if (queried === from) return true;
  const bare = (a: string) => a.split('%')[0];
  return queried.includes('%') && bare(queried) === bare(from);
}
