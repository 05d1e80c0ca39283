// Flags listening sockets that look like BitTorrent, with every reason said
// in plain words. These are hints (a name, a port); a KRPC reply is proof.
import { BITTORRENT_CLIENTS, BITTORRENT_PORTS, type BitTorrentClient } from './bittorrentClients';
import { holdersOf } from './parserSupport';
import type { ListeningSocket, SocketProcess } from './types';

export type Confidence = 'low' | 'medium' | 'high';

export type SuspectReasonKind = 'process-name' | 'executable' | 'command-line' | 'well-known-port' | 'tcp-udp-pair';

export interface SuspectReason {
  kind: SuspectReasonKind;
  /** One sentence a report can show as it is. */
  text: string;
  /** The client's display name, for the reasons that identify one. */
  client?: string;
  pid?: number;
}

export interface SocketVerdict {
  socket: ListeningSocket;
  suspect: boolean;
  reasons: SuspectReason[];
  confidence?: Confidence;
  /** The client the strongest reason names, when one does. */
  client?: string;
}

/** Lengths at which tools cut process names: lsof's default 9, Linux comm 15, macOS 16. */
const CUT_LENGTHS = new Set([9, 15, 16]);

/** Classifies every socket; the whole list is needed to see TCP/UDP port pairs. */
export function classifySockets(sockets: readonly ListeningSocket[]): SocketVerdict[] {
  const pairs = tcpUdpPairs(sockets);
  return sockets.map((socket) => classifySocket(socket, pairs));
}

function classifySocket(socket: ListeningSocket, pairs: ReadonlySet<string>): SocketVerdict {
  const identity = holdersOf(socket).flatMap(identityReasons);
  const reasons: SuspectReason[] = [...identity];
  const port = BITTORRENT_PORTS.find((p) => socket.localPort >= p.from && socket.localPort <= p.to && p.protocols.includes(socket.protocol));
  if (port !== undefined) {
    reasons.push({ kind: 'well-known-port', text: `${socket.protocol.toUpperCase()} port ${socket.localPort} is ${port.meaning}.` });
  }
  // Listening on TCP and UDP at one port is how BitTorrent clients run their
  // peer port, but so do DNS servers: it only ever supports another reason.
  const pairedPid = holdersOf(socket).find((p) => pairs.has(`${p.pid}|${socket.localPort}`))?.pid;
  if (reasons.length > 0 && pairedPid !== undefined) {
    reasons.push({ kind: 'tcp-udp-pair', pid: pairedPid, text: `Process ${pairedPid} listens on both TCP and UDP port ${socket.localPort}, as BitTorrent clients do with their peer port.` });
  }
  if (reasons.length === 0) return { socket, suspect: false, reasons };
  const verdict: SocketVerdict = { socket, suspect: true, reasons, confidence: confidenceOf(reasons) };
  const client = identity.find((r) => r.kind !== 'command-line')?.client ?? identity[0]?.client;
  if (client !== undefined) verdict.client = client;
  return verdict;
}

/** Name and executable weigh 2, a command-line mention 1, a port or a pair 1 each. */
function confidenceOf(reasons: readonly SuspectReason[]): Confidence {
  const named = reasons.some((r) => r.kind === 'process-name' || r.kind === 'executable');
  const mentioned = reasons.some((r) => r.kind === 'command-line');
  const score = (named ? 2 : mentioned ? 1 : 0)
    + (reasons.some((r) => r.kind === 'well-known-port') ? 1 : 0)
    + (reasons.some((r) => r.kind === 'tcp-udp-pair') ? 1 : 0);
  return score >= 3 ? 'high' : score === 2 ? 'medium' : 'low';
}

function identityReasons(holder: SocketProcess): SuspectReason[] {
  const reasons: SuspectReason[] = [];
  const matched = new Set<BitTorrentClient>();
  if (holder.name !== undefined) {
    const hit = matchName(holder.name);
    if (hit !== undefined) {
      matched.add(hit.client);
      const cut = hit.cut ? ` (cut to ${holder.name.length} characters from "${hit.fullName}")` : '';
      reasons.push({ kind: 'process-name', client: hit.client.displayName, pid: holder.pid, text: `Process ${holder.pid} is named "${holder.name}"${cut}, a name of ${hit.client.displayName}.` });
    }
  }
  if (holder.executable !== undefined) {
    const client = matchExecutable(holder.executable);
    if (client !== undefined) {
      matched.add(client);
      reasons.push({ kind: 'executable', client: client.displayName, pid: holder.pid, text: `Process ${holder.pid} runs ${holder.executable}, a program of ${client.displayName}.` });
    }
  }
  if (holder.commandLine !== undefined) {
    const client = matchCommandLine(holder.commandLine);
    if (client !== undefined && !matched.has(client)) {
      reasons.push({ kind: 'command-line', client: client.displayName, pid: holder.pid, text: `The command line of process ${holder.pid} names ${client.displayName}.` });
    }
  }
  return reasons;
}

/** Lower case, no directory, no `.exe`, no " (deleted)" that Linux adds to replaced programs. */
export function normaliseProgramName(text: string): string {
  const base = text.replace(/ \(deleted\)$/, '').split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.exe$/, '');
}

function matchName(name: string): { client: BitTorrentClient; cut: boolean; fullName: string } | undefined {
  const observed = normaliseProgramName(name);
  if (observed === '') return undefined;
  for (const client of BITTORRENT_CLIENTS) {
    for (const known of client.names) {
      if (known === observed) return { client, cut: false, fullName: known };
      if (CUT_LENGTHS.has(observed.length) && known.length > observed.length && known.startsWith(observed)) {
        return { client, cut: true, fullName: known };
      }
    }
  }
  return undefined;
}

function matchExecutable(path: string): BitTorrentClient | undefined {
  const base = normaliseProgramName(path);
  const bundle = /\/([^/]+)\.app\//i.exec(path)?.[1]?.toLowerCase();
  return BITTORRENT_CLIENTS.find((client) =>
    client.names.includes(base) || (bundle !== undefined && (client.appBundles ?? []).some((b) => b.toLowerCase() === bundle)));
}

function matchCommandLine(commandLine: string): BitTorrentClient | undefined {
  const lower = commandLine.toLowerCase();
  // Scripts and wrappers: `python3 /usr/bin/deluged`, `node /usr/bin/webtorrent`.
  const words = new Set(commandLine.split(/\s+/).map((w) => normaliseProgramName(w).replace(/\.(py|js|jar|sh)$/, '')));
  return BITTORRENT_CLIENTS.find((client) =>
    client.names.some((n) => words.has(n)) || (client.commandLineMarkers ?? []).some((m) => lower.includes(m.toLowerCase())));
}

/** `pid|port` for every process that listens on one port with both TCP and UDP. */
function tcpUdpPairs(sockets: readonly ListeningSocket[]): Set<string> {
  const seen = new Map<string, Set<string>>();
  for (const socket of sockets) {
    for (const holder of holdersOf(socket)) {
      const key = `${holder.pid}|${socket.localPort}`;
      const protocols = seen.get(key) ?? new Set<string>();
      protocols.add(socket.protocol);
      seen.set(key, protocols);
    }
  }
  return new Set([...seen].filter(([, protocols]) => protocols.size === 2).map(([key]) => key));
}

export { summariseSockets, type SocketSummary, type SuspectProcess } from './summarise';
