// Lists this machine's listening TCP and UDP sockets with their owning
// processes, from the best source the platform has:
//   Linux   ss, else netstat, else /proc/net + /proc/<pid>/fd
//   macOS   lsof, else netstat -anvW
//   Windows netstat -ano, names from tasklist
// Every command's raw output stays in the listing as evidence.
import { attributionOf } from '../../core/sockets/attribution';
import { attachOwnersByInode, enrichProcesses, pidsOf } from '../../core/sockets/attachProcesses';
import { holdersOf } from '../../core/sockets/parserSupport';
import type { ListeningSocket, SocketListing, SocketSource, ToolEvidence } from '../../core/sockets/types';
import { readLinuxSource, type SourceAttempt } from './linuxSockets';
import { readLsof, readNetstatMacos } from './macosSockets';
import { findSocketOwners, holdsSocket, readManyProcessDetails } from './procProcesses';
import { readNetstatWindows } from './windowsSockets';

export type SourceChoice = 'ss' | 'netstat' | 'proc' | 'lsof';

export interface ListSocketsOptions {
  /** Use this source only (tests use it to exercise each one). */
  source?: SourceChoice;
  /** Time limit for each command, in milliseconds. */
  timeoutMs?: number;
  /** Output cap for each Linux/lsof command, in bytes (tests use a small one to see a cut). */
  maxBufferBytes?: number;
}

interface PlannedSource {
  source: SocketSource;
  read: () => Promise<SourceAttempt>;
}

export async function listListeningSockets(options: ListSocketsOptions = {}): Promise<SocketListing> {
  const plan = planSources(process.platform, options);
  const evidence: ToolEvidence[] = [];
  const warnings: string[] = [];
  if (typeof plan === 'string') {
    return { sockets: [], source: options.source ?? 'ss', evidence, attribution: 'none', warnings, error: plan };
  }
  for (const [index, planned] of plan.entries()) {
    const attempt = await planned.read();
    evidence.push(...attempt.evidence);
    if (!attempt.ok) {
      const next = plan[index + 1];
      warnings.push(`${planned.source} could not be used (${attempt.why})${next ? `; trying ${next.source}.` : '.'}`);
      continue;
    }
    warnings.push(...attempt.warnings);
    let sockets = attempt.sockets;
    if (process.platform === 'linux') sockets = await completeFromProc(sockets, warnings);
    sockets = sortSockets(sockets);
    const privileged = typeof process.getuid === 'function' && process.getuid() === 0;
    // The source and a cut output both bound what the owner count can claim.
    const context = { privileged, platform: process.platform, source: planned.source, truncated: attempt.truncated === true };
    return { sockets, source: planned.source, evidence, ...attributionOf(sockets, context), warnings };
  }
  const tried = plan.map((p) => p.source).join(', ');
  return { sockets: [], source: plan[plan.length - 1]?.source ?? 'ss', evidence, attribution: 'none', warnings, error: `No socket source could be read (tried ${tried}); nothing is known about listening sockets.` };
}

function planSources(platform: NodeJS.Platform, options: ListSocketsOptions): PlannedSource[] | string {
  const { source, timeoutMs, maxBufferBytes } = options;
  if (platform === 'linux') {
    const order: SourceChoice[] = source === undefined ? ['ss', 'netstat', 'proc'] : [source];
    const run = { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(maxBufferBytes === undefined ? {} : { maxBufferBytes }) };
    return order.map((s) => ({ source: s, read: () => readLinuxSource(s, run) }));
  }
  if (platform === 'darwin') {
    const lsof: PlannedSource = { source: 'lsof', read: () => readLsof(timeoutMs) };
    const netstat: PlannedSource = { source: 'netstat-macos', read: () => readNetstatMacos(timeoutMs) };
    if (source === undefined) return [lsof, netstat];
    if (source === 'lsof') return [lsof];
    if (source === 'netstat') return [netstat];
    return `The ${source} source exists on Linux only.`;
  }
  if (platform === 'win32') {
    if (source !== undefined && source !== 'netstat') return `The ${source} source does not exist on Windows; netstat is used there.`;
    return [{ source: 'netstat-windows', read: () => readNetstatWindows(timeoutMs) }];
  }
  return `Listing sockets is not supported on ${platform}.`;
}

/**
 * Linux only: drops holders that /proc contradicts (a process name can
 * forge ss's users list), then adds each holder's name, program, arguments
 * and user from /proc/<pid>.
 */
async function completeFromProc(sockets: ListeningSocket[], warnings: string[]): Promise<ListeningSocket[]> {
  const checked: ListeningSocket[] = [];
  for (const socket of sockets) {
    const holders = holdersOf(socket);
    const kept = [];
    for (const holder of holders) {
      const agrees = socket.inode === undefined || holder.fd === undefined ? undefined : await holdsSocket(holder.pid, holder.fd, socket.inode);
      if (agrees === false) {
        warnings.push(`Dropped process ${holder.pid} as holder of ${socket.protocol} port ${socket.localPort}: /proc/${holder.pid}/fd/${holder.fd} is not socket ${socket.inode}.`);
      } else {
        kept.push(holder);
      }
    }
    const [first, ...others] = kept;
    const rebuilt: ListeningSocket = { ...socket };
    delete rebuilt.process;
    delete rebuilt.otherProcesses;
    if (first !== undefined) rebuilt.process = first;
    if (others.length > 0) rebuilt.otherProcesses = others;
    checked.push(rebuilt);
  }
  const owned = await recoverOwnersByInode(checked, warnings);
  return enrichProcesses(owned, await readManyProcessDetails(pidsOf(owned)));
}

/**
 * A socket whose tool row named no believable owner (the row was forged or cut
 * by a process name) gets its owners from /proc: the processes whose fd links
 * point at its inode. One scan of /proc serves every such socket.
 */
export async function recoverOwnersByInode(sockets: ListeningSocket[], warnings: string[]): Promise<ListeningSocket[]> {
  const orphans = new Set(sockets.flatMap((s) => (s.process === undefined && s.inode !== undefined && s.inode !== 0 ? [s.inode] : [])));
  if (orphans.size === 0) return sockets;
  const scan = await findSocketOwners(orphans);
  const recovered = attachOwnersByInode(sockets, scan.ownersByInode);
  const found = recovered.filter((s, i) => sockets[i]?.process === undefined && s.process !== undefined).length;
  if (found > 0) warnings.push(`${found} socket${found === 1 ? '' : 's'} had no believable owner in the tool's output; the owner was found in /proc by the socket's inode.`);
  return recovered;
}

/** A stable order, so two listings of the same host compare line by line. */
function sortSockets(sockets: ListeningSocket[]): ListeningSocket[] {
  return [...sockets].sort((a, b) =>
    a.protocol.localeCompare(b.protocol) || a.localPort - b.localPort || a.family - b.family || a.localAddress.localeCompare(b.localAddress));
}
