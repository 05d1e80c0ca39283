// The queries a sweep has sent and not yet seen answered or expired. Every
// query waits the same timeout, so expiry order is send order: a FIFO queue
// suffices. Memory is bounded by what is in flight (rate x timeout), never by
// the size of the target list.
import type { Endpoint } from './types';
import { endpointKey } from './types';

export interface OutstandingQuery {
  readonly transactionKey: string;
  readonly endpoint: Endpoint;
  readonly endpointKey: string;
  readonly sentAtMs: number;
  readonly deadlineMs: number;
  readonly sentBytes: Uint8Array;
  settled: boolean;
}

export type MatchResult =
  | { readonly matched: true; readonly query: OutstandingQuery }
  | { readonly matched: false; readonly reason: 'unknown-transaction' | 'wrong-source' };

export class OutstandingQueries {
  private readonly byTransaction = new Map<string, OutstandingQuery>();
  private readonly byEndpoint = new Map<string, OutstandingQuery>();
  private queue: OutstandingQuery[] = [];
  private head = 0;

  constructor(private readonly timeoutMs: number) {}

  get size(): number {
    return this.byTransaction.size;
  }

  hasTransaction(transactionKey: string): boolean {
    return this.byTransaction.has(transactionKey);
  }

  /** The query in flight to this endpoint, if any. */
  forEndpoint(endpoint: Endpoint): OutstandingQuery | undefined {
    return this.byEndpoint.get(endpointKey(endpoint));
  }

  add(transactionKey: string, endpoint: Endpoint, sentBytes: Uint8Array, nowMs: number): OutstandingQuery {
    const query: OutstandingQuery = {
      transactionKey, endpoint, endpointKey: endpointKey(endpoint), sentAtMs: nowMs,
      deadlineMs: nowMs + this.timeoutMs, sentBytes, settled: false,
    };
    this.byTransaction.set(transactionKey, query);
    this.byEndpoint.set(query.endpointKey, query);
    this.queue.push(query);
    return query;
  }

  /**
   * Takes the query a reply answers: same transaction id AND the very address
   * and port it went to. A matching id from elsewhere is not an answer.
   */
  match(transactionKey: string, fromAddress: string, fromPort: number): MatchResult {
    const query = this.byTransaction.get(transactionKey);
    if (!query) return { matched: false, reason: 'unknown-transaction' };
    if (query.endpointKey !== endpointKey({ address: fromAddress, port: fromPort })) {
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
    this.byTransaction.delete(query.transactionKey);
    if (this.byEndpoint.get(query.endpointKey) === query) this.byEndpoint.delete(query.endpointKey);
  }
}
