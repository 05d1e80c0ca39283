// Joins sockets to process facts gathered separately: owners by socket
// inode (Linux /proc/<pid>/fd), names by pid (Windows tasklist), and
// fuller details by pid (Linux /proc/<pid>/{comm,exe,cmdline,status}).
import { holdersOf } from './parserSupport';
import type { ListeningSocket, SocketProcess } from './types';

/** Sets each socket's holders from an inode → processes map. */
export function attachOwnersByInode(sockets: ListeningSocket[], ownersByInode: ReadonlyMap<number, SocketProcess[]>): ListeningSocket[] {
  return sockets.map((socket) => {
    const owners = socket.inode === undefined ? undefined : ownersByInode.get(socket.inode);
    if (owners === undefined || owners.length === 0) return socket;
    const [first, ...others] = owners as [SocketProcess, ...SocketProcess[]];
    const withOwners: ListeningSocket = { ...socket, process: { ...first } };
    if (others.length > 0) withOwners.otherProcesses = others.map((p) => ({ ...p }));
    return withOwners;
  });
}

/**
 * Merges facts about each holder, keyed by pid. Facts that were read win over
 * what the listing tool printed (ss cuts a name at its first `)`), but a fact
 * that could not be read leaves the printed one in place.
 */
export function enrichProcesses(sockets: ListeningSocket[], detailsByPid: ReadonlyMap<number, Partial<SocketProcess>>): ListeningSocket[] {
  const enrich = (holder: SocketProcess): SocketProcess => {
    const details = detailsByPid.get(holder.pid);
    if (details === undefined) return holder;
    const merged: SocketProcess = { ...holder };
    for (const [key, value] of Object.entries(details) as [keyof SocketProcess, unknown][]) {
      if (value !== undefined && key !== 'pid' && key !== 'fd') (merged as unknown as Record<string, unknown>)[key] = value;
    }
    return merged;
  };
  return sockets.map((socket) => {
    if (socket.process === undefined) return socket;
    const enriched: ListeningSocket = { ...socket, process: enrich(socket.process) };
    if (socket.otherProcesses !== undefined) enriched.otherProcesses = socket.otherProcesses.map(enrich);
    return enriched;
  });
}

/** Every distinct pid that holds one of the sockets. */
export function pidsOf(sockets: readonly ListeningSocket[]): number[] {
  return [...new Set(sockets.flatMap((s) => holdersOf(s).map((p) => p.pid)))];
}
