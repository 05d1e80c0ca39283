// A listening-ports check the way a person reads it: one card per process
// (all its sockets, replies and reasons together), confirmed DHT nodes first,
// then the other suspects, then everything else one row per process. The
// confirmed and strong suspects are the findings model's (findingsOf), so the
// cards carry the same ids as the run panel's findings.
import { findingsOf } from '../../core/findings/findingsOf';
import type { Finding } from '../../core/findings/types';
import { orderForReport } from '../../core/localCheck/mergeConfirmations';
import type { CheckedSocket, LocalCheckResult, OwnerInfo } from '../../core/localCheck/types';
import { socketId } from '../../core/run/labels';
import { holdersOf } from '../../core/sockets/parserSupport';
import type { SocketProcess } from '../../core/sockets/types';

export interface ProcessGroup {
  /** The finding's id when the findings model has one, else `pid-<pid>` or `socket-<id>` for a socket nobody owns. */
  readonly key: string;
  /** The first holder of its sockets; absent when no tool saw the owner. */
  readonly process?: SocketProcess;
  /** Other processes holding the same sockets (a fork, a pre-forked server). */
  readonly otherHolders: readonly SocketProcess[];
  readonly sockets: readonly CheckedSocket[];
  readonly confirmed: boolean;
  readonly finding?: Finding;
  readonly owner?: OwnerInfo;
}

export interface CheckGroups {
  readonly confirmed: readonly ProcessGroup[];
  readonly suspects: readonly ProcessGroup[];
  readonly rest: readonly ProcessGroup[];
  /** Sockets behind the confirmed and suspect cards. */
  readonly confirmedSockets: number;
  readonly suspectSockets: number;
}

interface Draft { key: string; process?: SocketProcess; otherHolders: Map<number, SocketProcess>; sockets: CheckedSocket[] }

export function checkGroups(result: LocalCheckResult): CheckGroups {
  const findings = new Map<number, Finding>();
  for (const finding of findingsOf({ checks: [result], probes: [], hostname: result.hostname })) {
    if (finding.pid !== undefined) findings.set(finding.pid, finding);
  }
  const flagged = new Map<string, Draft>();
  const rest = new Map<string, Draft>();
  for (const socket of orderForReport(result.sockets)) {
    const isFlagged = socket.dhtReplies.length > 0 || socket.verdict.suspect;
    const [first, ...others] = holdersOf(socket.verdict.socket);
    const key = first === undefined ? `socket-${socketId(socket.verdict.socket)}` : (isFlagged ? findings.get(first.pid)?.id : undefined) ?? `pid-${first.pid}`;
    const into = isFlagged ? flagged : rest;
    const draft: Draft = into.get(key) ?? { key, ...(first === undefined ? {} : { process: first }), otherHolders: new Map<number, SocketProcess>(), sockets: [] };
    for (const other of others) draft.otherHolders.set(other.pid, other);
    draft.sockets.push(socket);
    into.set(key, draft);
  }
  const finish = (d: Draft): ProcessGroup => {
    const pid = d.process?.pid;
    const finding = pid === undefined ? undefined : findings.get(pid);
    const owner = pid === undefined ? undefined : result.owners.find((o) => o.pid === pid);
    return {
      key: d.key,
      ...(d.process === undefined ? {} : { process: d.process }),
      otherHolders: [...d.otherHolders.values()],
      sockets: d.sockets,
      confirmed: d.sockets.some((s) => s.dhtReplies.length > 0),
      ...(finding === undefined ? {} : { finding }),
      ...(owner === undefined ? {} : { owner }),
    };
  };
  const cards = [...flagged.values()].map(finish);
  const confirmed = cards.filter((c) => c.confirmed);
  const suspects = cards.filter((c) => !c.confirmed);
  return {
    confirmed,
    suspects,
    rest: [...rest.values()].map(finish),
    confirmedSockets: confirmed.reduce((n, c) => n + c.sockets.length, 0),
    suspectSockets: suspects.reduce((n, c) => n + c.sockets.length, 0),
  };
}
