// Counts for a listing's headline: how many sockets, owners and suspects.
import type { Confidence, SocketVerdict } from './classify';
import { holdersOf } from './parserSupport';

export interface SuspectProcess {
  pid: number;
  name?: string;
  client?: string;
  /** `udp/6881`, `tcp/51413`, ... in the order first seen. */
  ports: string[];
  /** The highest confidence among its sockets. */
  confidence: Confidence;
}

export interface SocketSummary {
  sockets: number;
  tcp: number;
  udp: number;
  /** Distinct processes holding at least one socket. */
  processes: number;
  /** Sockets whose owner the tool could not see. */
  unattributed: number;
  suspects: number;
  byConfidence: Record<Confidence, number>;
  suspectProcesses: SuspectProcess[];
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export function summariseSockets(verdicts: readonly SocketVerdict[]): SocketSummary {
  const pids = new Set<number>();
  const byConfidence: Record<Confidence, number> = { low: 0, medium: 0, high: 0 };
  const suspectProcesses = new Map<number, SuspectProcess>();
  for (const verdict of verdicts) {
    const holders = holdersOf(verdict.socket);
    holders.forEach((h) => pids.add(h.pid));
    if (!verdict.suspect || verdict.confidence === undefined) continue;
    byConfidence[verdict.confidence]++;
    for (const holder of holders) {
      const entry = suspectProcesses.get(holder.pid) ?? { pid: holder.pid, ports: [], confidence: verdict.confidence };
      if (holder.name !== undefined) entry.name = holder.name;
      if (verdict.client !== undefined && entry.client === undefined) entry.client = verdict.client;
      const port = `${verdict.socket.protocol}/${verdict.socket.localPort}`;
      if (!entry.ports.includes(port)) entry.ports.push(port);
      if (RANK[verdict.confidence] > RANK[entry.confidence]) entry.confidence = verdict.confidence;
      suspectProcesses.set(holder.pid, entry);
    }
  }
  return {
    sockets: verdicts.length,
    tcp: verdicts.filter((v) => v.socket.protocol === 'tcp').length,
    udp: verdicts.filter((v) => v.socket.protocol === 'udp').length,
    processes: pids.size,
    unattributed: verdicts.filter((v) => v.socket.process === undefined).length,
    suspects: verdicts.filter((v) => v.suspect).length,
    byConfidence,
    suspectProcesses: [...suspectProcesses.values()],
  };
}
