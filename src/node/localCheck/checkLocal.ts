// "Check listening ports" on this machine: list sockets with owners, flag
// BitTorrent suspects, confirm UDP suspects (or every UDP listener) with the
// DHT probe on the addresses they listen on, and look up the program, its
// package and its service for each suspect process.
import { hostname } from 'node:os';
import { mergeConfirmations } from '../../core/localCheck/mergeConfirmations';
import { probeEndpointsForSockets } from '../../core/localCheck/probeEndpoints';
import type { LocalCheckResult, OwnerInfo } from '../../core/localCheck/types';
import type { DhtNodeFinding, SweepProgress, SweepSummary } from '../../core/probe/types';
import { classifySockets, summariseSockets } from '../../core/sockets/classify';
import { holdersOf } from '../../core/sockets/parserSupport';
import { localProbeAddresses } from '../net/localAddresses';
import { sweepForDhtNodes } from '../probe/dhtSweep';
import { listListeningSockets, type SourceChoice } from '../sockets/listListeningSockets';
import { lookupProcessOwner } from '../sockets/ownerLookup';

export interface CheckLocalOptions {
  /** Probe every UDP listener, not only the suspects. */
  readonly allUdp?: boolean;
  readonly source?: SourceChoice;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly ratePerSecond?: number;
  readonly signal?: AbortSignal;
  readonly onStage?: (stage: 'listing' | 'probing' | 'owners') => void;
  readonly onProgress?: (progress: SweepProgress) => void;
}

export async function checkLocal(options: CheckLocalOptions = {}): Promise<LocalCheckResult> {
  const checkedAt = new Date().toISOString();
  options.onStage?.('listing');
  const listing = await listListeningSockets(options.source ? { source: options.source } : {});
  const verdicts = classifySockets(listing.sockets);
  const local = localProbeAddresses().map(({ address, family }) => ({ address, family }));

  const toProbe = verdicts.filter((v) => v.socket.protocol === 'udp' && (options.allUdp || v.suspect)).map((v) => v.socket);
  const endpoints = probeEndpointsForSockets(toProbe, local);
  let probe: SweepSummary | undefined;
  if (endpoints.length > 0 && !options.signal?.aborted) {
    options.onStage?.('probing');
    probe = await sweepForDhtNodes({
      endpoints: () => endpoints,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  }
  const findings: DhtNodeFinding[] = [...(probe?.findings ?? [])];
  const sockets = mergeConfirmations(verdicts, findings, new Set(toProbe.map((s) => s.localPort)), local);

  options.onStage?.('owners');
  const suspectHolders = new Map(sockets
    .filter((s) => s.verdict.suspect || s.dhtReplies.length > 0)
    .flatMap((s) => holdersOf(s.verdict.socket))
    .map((p) => [p.pid, p] as const));
  const owners = await Promise.all([...suspectHolders.values()].map(async (holder): Promise<OwnerInfo> => {
    const owner = await lookupProcessOwner(holder);
    return {
      pid: owner.pid,
      ...(owner.executable === undefined ? {} : { executable: owner.executable }),
      packageManager: owner.package.manager,
      packages: owner.package.packages, // empty when its removal is refused (ownerFromProgramFacts)
      ...(owner.package.reason === undefined ? {} : { packageNote: owner.package.reason }),
      serviceManager: owner.service.manager,
      ...(owner.service.unit === undefined ? {} : { service: owner.service.unit }),
      ...(owner.service.reason === undefined ? {} : { serviceNote: owner.service.reason }),
      ...(owner.program === undefined ? {} : { program: owner.program }),
    };
  }));

  return {
    checkedAt,
    hostname: hostname(),
    listing,
    summary: summariseSockets(verdicts),
    sockets,
    ...(probe ? { probe } : {}),
    owners,
    counts: {
      sockets: listing.sockets.length,
      suspects: verdicts.filter((v) => v.suspect).length,
      confirmedDhtNodes: sockets.filter((s) => s.dhtReplies.length > 0).length,
      probedEndpoints: endpoints.length,
    },
  };
}
