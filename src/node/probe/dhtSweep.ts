// The DHT sweep: KRPC pings to many endpoints from one socket per family,
// rate-limited, replies matched by transaction id and source, one timeout at
// the end. Cost is send time plus one timeout, not targets times timeout.
import { randomBytes, randomFillSync } from 'node:crypto';
import type * as dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { toHex } from '../../core/krpc/ids';
import { describeRejectReason, parseKrpcMessage, NODE_ID_LENGTH } from '../../core/krpc/messages';
import { createPingTemplate, queryFromTemplate, type PingTemplate } from '../../core/krpc/pingTemplate';
import { findingFromReply } from '../../core/probe/findingFromReply';
import { OutstandingQueries } from '../../core/probe/outstandingQueries';
import { RateLimiter } from '../../core/probe/rateLimiter';
import { endpointKey, type DhtNodeFinding, type Endpoint, type SweepProgress, type SweepSettings, type SweepSummary } from '../../core/probe/types';
import type { IpFamily } from '../../core/targets/ipAddress';
import { FamilySockets } from './familySockets';

export const DEFAULT_SWEEP_SETTINGS: SweepSettings = { timeoutMs: 1500, retries: 1, ratePerSecond: 5000 };

export interface SweepOptions extends Partial<SweepSettings> {
  /** Called once per pass; must yield the same endpoints in the same order each time. */
  readonly endpoints: () => Iterable<Endpoint>;
  readonly signal?: AbortSignal;
  readonly onFinding?: (finding: DhtNodeFinding) => void;
  readonly onProgress?: (progress: SweepProgress) => void;
}

const TRANSACTION_ID_BYTES = 4;
const MAX_QUEUED_SENDS = 2048;
const RANDOM_POOL_BYTES = 64 * 1024;
const MAX_BATCH = 512;
const PROGRESS_INTERVAL_MS = 250;
/** Addresses whose sends are counted one by one (for "every send to it failed"); past this many the count stops. */
const MAX_TRACKED_ADDRESSES = 65_536;

export async function sweepForDhtNodes(options: SweepOptions): Promise<SweepSummary> {
  const settings: SweepSettings = {
    timeoutMs: options.timeoutMs ?? DEFAULT_SWEEP_SETTINGS.timeoutMs,
    retries: options.retries ?? DEFAULT_SWEEP_SETTINGS.retries,
    ratePerSecond: options.ratePerSecond ?? DEFAULT_SWEEP_SETTINGS.ratePerSecond,
  };
  validateSettings(settings);
  return new Sweep(settings, options).run();
}

function validateSettings(settings: SweepSettings): void {
  if (!Number.isFinite(settings.timeoutMs) || settings.timeoutMs < 1) throw new RangeError(`timeout must be at least 1 ms, got ${settings.timeoutMs}`);
  if (!Number.isInteger(settings.retries) || settings.retries < 0 || settings.retries > 10) throw new RangeError(`retries must be a whole number from 0 to 10, got ${settings.retries}`);
  if (!Number.isFinite(settings.ratePerSecond) || settings.ratePerSecond <= 0) throw new RangeError(`rate must be above 0 packets per second, got ${settings.ratePerSecond}`);
}

class Sweep {
  private readonly nodeId = new Uint8Array(randomBytes(NODE_ID_LENGTH));
  private readonly outstanding: OutstandingQueries;
  private readonly answered = new Set<string>();
  private readonly findings: DhtNodeFinding[] = [];
  private readonly ignored: Record<string, number> = {};
  private readonly sendFailures: Record<string, number> = {};
  /** Sends and refusals per address, so a host whose every send failed reads as unreachable, not silent. */
  private readonly sendsByAddress = new Map<string, { sent: number; failed: number; codes: Record<string, number> }>();
  private readonly template: PingTemplate;
  private readonly sockets = new FamilySockets((datagram, from) => this.onDatagram(datagram, from), (error) => this.countSendFailure(error));
  private readonly socketFor = new Map<IpFamily, dgram.Socket | Error>();
  private readonly randomPool = Buffer.alloc(RANDOM_POOL_BYTES);
  private randomOffset = RANDOM_POOL_BYTES;
  private readonly startedMs = performance.now();
  private readonly startedWall = Date.now();
  private packetsSent = 0;
  private endpointsProbed = 0;
  private ignoredTotal = 0;
  private pass = 0;
  private lastProgressMs = 0;

  constructor(private readonly settings: SweepSettings, private readonly options: SweepOptions) {
    this.outstanding = new OutstandingQueries(settings.timeoutMs, { indexByEndpoint: settings.retries > 0 });
    this.template = createPingTemplate(this.nodeId, TRANSACTION_ID_BYTES, { readOnly: true });
  }

  async run(): Promise<SweepSummary> {
    const { signal } = this.options;
    try {
      const limiter = new RateLimiter(this.settings.ratePerSecond, performance.now());
      for (this.pass = 0; this.pass <= this.settings.retries && !signal?.aborted; this.pass += 1) {
        await this.sendPass(limiter);
      }
      await this.waitForOutstanding();
    } finally {
      this.sockets.close();
    }
    return this.summary();
  }

  private async sendPass(limiter: RateLimiter): Promise<void> {
    const { signal } = this.options;
    const iterator = this.options.endpoints()[Symbol.iterator]();
    let next = iterator.next();
    while (!next.done && !signal?.aborted) {
      let now = performance.now();
      this.outstanding.expire(now);
      this.reportProgress(now);
      let granted = this.sockets.queuedSends() < MAX_QUEUED_SENDS ? limiter.take(now, MAX_BATCH) : 0;
      if (granted === 0) {
        await delay(Math.max(1, limiter.waitMs()));
        continue;
      }
      while (granted > 0 && !next.done) {
        const endpoint = next.value;
        if (this.pass > 0) {
          const key = endpointKey(endpoint);
          if (this.answered.has(key)) { next = iterator.next(); continue; }
          // A retry waits for the previous query to time out, so it never
          // races a slow first answer.
          const previous = this.outstanding.forEndpoint(endpoint);
          if (previous) {
            await this.sleepUntil(previous.deadlineMs);
            now = performance.now();
            this.outstanding.expire(now);
            if (this.answered.has(key)) { next = iterator.next(); continue; }
          }
        }
        if (!this.socketFor.has(endpoint.family)) this.socketFor.set(endpoint.family, await this.sockets.get(endpoint.family));
        this.sendQuery(endpoint, now);
        granted -= 1;
        next = iterator.next();
      }
      // Let replies and send callbacks run between batches.
      await new Promise((r) => setImmediate(r));
    }
  }

  private sendQuery(endpoint: Endpoint, now: number): void {
    if (this.pass === 0) this.endpointsProbed += 1;
    const socket = this.socketFor.get(endpoint.family);
    const sends = this.sendsTo(endpoint.address);
    if (!socket || socket instanceof Error) {
      this.countSendFailure(socket ?? new Error('no socket'), sends);
      return;
    }
    const transaction = this.newTransaction();
    const packet = queryFromTemplate(this.template, transactionBytes(transaction));
    this.outstanding.add(transaction, endpoint, now);
    this.packetsSent += 1;
    // With a callback, a refused send is reported here, for its address, instead of as a socket error.
    socket.send(packet, endpoint.port, endpoint.address, (error) => { if (error) this.countSendFailure(error, sends); });
  }

  /** The address's send counts (one more send), or undefined once too many addresses are tracked. */
  private sendsTo(address: string): { sent: number; failed: number; codes: Record<string, number> } | undefined {
    let sends = this.sendsByAddress.get(address);
    if (!sends && this.sendsByAddress.size < MAX_TRACKED_ADDRESSES) {
      sends = { sent: 0, failed: 0, codes: {} };
      this.sendsByAddress.set(address, sends);
    }
    if (sends) sends.sent += 1;
    return sends;
  }

  /** Unpredictable (from the CSPRNG, drawn in bulk), and unique among the queries outstanding. */
  private newTransaction(): number {
    for (;;) {
      if (this.randomOffset + 4 > RANDOM_POOL_BYTES) {
        randomFillSync(this.randomPool);
        this.randomOffset = 0;
      }
      const transaction = this.randomPool.readUInt32BE(this.randomOffset);
      this.randomOffset += 4;
      if (!this.outstanding.hasTransaction(transaction)) return transaction;
    }
  }

  private onDatagram(datagram: Buffer, from: dgram.RemoteInfo): void {
    const receivedAt = performance.now();
    const bytes = new Uint8Array(datagram.buffer, datagram.byteOffset, datagram.byteLength);
    const parsed = parseKrpcMessage(bytes);
    if (!parsed.ok) { this.countIgnored(describeRejectReason(parsed.reason)); return; }
    const message = parsed.message;
    // A real node may query us before it answers; that is not an answer.
    if (message.kind === 'query') { this.countIgnored('a query from a node, not a reply'); return; }
    const match = message.transactionId.length === TRANSACTION_ID_BYTES
      ? this.outstanding.match(transactionNumber(message.transactionId), from.address, from.port)
      : { matched: false as const, reason: 'unknown-transaction' as const };
    if (!match.matched) {
      this.countIgnored(match.reason === 'wrong-source'
        ? 'our transaction id from an address we did not query'
        : 'a reply to no outstanding query (unknown or expired transaction)');
      return;
    }
    this.answered.add(endpointKey(match.query.endpoint));
    const sent = queryFromTemplate(this.template, transactionBytes(match.query.transaction));
    const finding = findingFromReply(message, match.query, sent, Uint8Array.from(bytes), receivedAt, (ms) => this.wallClock(ms));
    this.findings.push(finding);
    this.options.onFinding?.(finding);
  }

  private async waitForOutstanding(): Promise<void> {
    const { signal } = this.options;
    while (!signal?.aborted && (this.outstanding.size > 0 || this.sockets.queuedSends() > 0)) {
      const now = performance.now();
      this.outstanding.expire(now);
      this.reportProgress(now);
      const deadline = this.outstanding.nextDeadline();
      await delay(deadline === undefined ? 5 : Math.max(1, Math.min(50, deadline - now)));
    }
    this.reportProgress(performance.now(), true);
  }

  private async sleepUntil(deadlineMs: number): Promise<void> {
    const { signal } = this.options;
    while (!signal?.aborted) {
      const now = performance.now();
      if (now >= deadlineMs) return;
      this.reportProgress(now);
      await delay(Math.max(1, Math.min(50, deadlineMs - now)));
    }
  }

  private countIgnored(reason: string): void {
    this.ignored[reason] = (this.ignored[reason] ?? 0) + 1;
    this.ignoredTotal += 1;
  }

  private countSendFailure(error: unknown, sends?: { failed: number; codes: Record<string, number> }): void {
    // Counted per packet; the sweep goes on (one bad address must not end it).
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'ERROR';
    this.sendFailures[code] = (this.sendFailures[code] ?? 0) + 1;
    if (sends) {
      sends.failed += 1;
      sends.codes[code] = (sends.codes[code] ?? 0) + 1;
    }
  }

  private addressSendFailures(): NonNullable<SweepSummary['addressSendFailures']> {
    const failures: NonNullable<SweepSummary['addressSendFailures']>[number][] = [];
    for (const [address, sends] of this.sendsByAddress) {
      if (sends.failed > 0) failures.push({ address, sent: sends.sent, failed: sends.failed, codes: { ...sends.codes } });
    }
    return failures;
  }

  private reportProgress(now: number, force = false): void {
    if (!this.options.onProgress || (!force && now - this.lastProgressMs < PROGRESS_INTERVAL_MS)) return;
    this.lastProgressMs = now;
    this.options.onProgress({ packetsSent: this.packetsSent, endpointsProbed: this.endpointsProbed, found: this.findings.length, ignored: this.ignoredTotal, pass: this.pass });
  }

  private wallClock(monotonicMs: number): Date {
    return new Date(this.startedWall + (monotonicMs - this.startedMs));
  }

  private summary(): SweepSummary {
    const addressSendFailures = this.addressSendFailures();
    return {
      endpointsProbed: this.endpointsProbed,
      packetsSent: this.packetsSent,
      sendFailures: { ...this.sendFailures },
      findings: [...this.findings],
      ignored: { ...this.ignored },
      ignoredTotal: this.ignoredTotal,
      cancelled: this.options.signal?.aborted ?? false,
      durationMs: Math.round(performance.now() - this.startedMs),
      nodeIdHex: toHex(this.nodeId),
      settings: this.settings,
      ...(addressSendFailures.length === 0 ? {} : { addressSendFailures }),
      ...(this.sendsByAddress.size >= MAX_TRACKED_ADDRESSES ? { addressSendsTruncated: true } : {}),
    };
  }
}

function transactionBytes(transaction: number): Uint8Array {
  return new Uint8Array([transaction >>> 24, (transaction >>> 16) & 0xff, (transaction >>> 8) & 0xff, transaction & 0xff]);
}

function transactionNumber(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}
