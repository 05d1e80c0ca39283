// Mutual exclusion between processes for one run's read-check-write.
//
// Each attempt creates its own flag file, with a name no other attempt uses
// (run id, pid, random nonce), then lists the directory: if another live
// flag for the run is there, it removes its own and retries after a random
// pause; if not, it holds the lock. Two attempts cannot both win: each lists
// after creating its flag, so whichever lists second sees the first one's
// flag. A flag whose process is dead is deleted; since no two attempts share a
// name, deleting it can never remove somebody else's live flag, so stale-lock
// recovery has no race (the weak point of a single shared lock file).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Whether a process of this host is alive (injectable for tests). */
  readonly isAlive?: (pid: number) => boolean;
  /**
   * A flag from another host (a shared folder) cannot be checked by pid; it
   * counts as stale once this old (default 60 s, far longer than a save).
   */
  readonly foreignStaleAfterMs?: number;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(readonly runId: string, readonly holders: readonly string[]) {
    super(`Run ${runId} is being saved by another process (${holders.join(', ')}); gave up waiting. If no window or CLI is saving it, delete those lock files.`);
  }
}

interface FlagContent {
  readonly pid: number;
  readonly host: string;
  readonly createdAt: number;
}

const FLAG = /^\.(.+)~(\d+)~([0-9a-f]+)\.lock$/;
/** A flag still being written (createFlag); left behind only by a crash in between. */
const FLAG_IN_PROGRESS = /^\.(.+)~(\d+)~([0-9a-f]+)\.lock\.new$/;

export function isLockFlag(name: string): boolean {
  return FLAG.test(name);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withRunLock<T>(dir: string, runId: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const flag = await acquire(dir, runId, options);
  try {
    return await work();
  } finally {
    await fsp.unlink(join(dir, flag)).catch(() => undefined);
  }
}

async function acquire(dir: string, runId: string, options: LockOptions): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (let attempt = 0; ; attempt++) {
    const mine = await createFlag(dir, runId);
    const holders = await liveOtherFlags(dir, runId, mine, options);
    if (holders.length === 0) return mine;
    await fsp.unlink(join(dir, mine)).catch(() => undefined);
    if (Date.now() >= deadline) throw new LockTimeoutError(runId, holders);
    // Random pauses break the symmetry of two attempts that keep seeing each other.
    await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * Math.min(50, 2 ** Math.min(attempt, 6))));
  }
}

/** Written under a temporary name and renamed, so a reader never sees a flag without its content. */
async function createFlag(dir: string, runId: string): Promise<string> {
  const name = `.${runId}~${process.pid}~${randomBytes(8).toString('hex')}.lock`;
  const content: FlagContent = { pid: process.pid, host: hostname(), createdAt: Date.now() };
  const temp = join(dir, `${name}.new`);
  await fsp.writeFile(temp, JSON.stringify(content), { flag: 'wx' });
  await fsp.rename(temp, join(dir, name));
  return name;
}

async function liveOtherFlags(dir: string, runId: string, mine: string, options: LockOptions): Promise<string[]> {
  const live: string[] = [];
  for (const name of await fsp.readdir(dir)) {
    if (FLAG_IN_PROGRESS.exec(name)?.[1] === runId) await removeIfOld(join(dir, name), options);
    const match = FLAG.exec(name);
    if (match === null || match[1] !== runId || name === mine) continue;
    const content = await readFlag(join(dir, name));
    if (content === undefined) continue; // removed while we looked: its holder is done
    if (isStale(content, options)) await fsp.unlink(join(dir, name)).catch(() => undefined);
    else live.push(`${name} (pid ${content.pid} on ${content.host})`);
  }
  return live;
}

/** By age only: its pid may be another host's, and a young one may be renamed any moment. */
async function removeIfOld(path: string, options: LockOptions): Promise<void> {
  const stat = await fsp.stat(path).catch(() => undefined);
  if (stat !== undefined && Date.now() - stat.mtimeMs > (options.foreignStaleAfterMs ?? 60_000)) await fsp.unlink(path).catch(() => undefined);
}

async function readFlag(path: string): Promise<FlagContent | undefined> {
  try {
    const parsed = JSON.parse(await fsp.readFile(path, 'utf8')) as Partial<FlagContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.createdAt === 'number') {
      return { pid: parsed.pid, host: parsed.host, createdAt: parsed.createdAt };
    }
    // Content we cannot read: its age on disk stands in for createdAt, and it is judged as foreign.
    const stat = await fsp.stat(path);
    return { pid: -1, host: '(unreadable lock file)', createdAt: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof SyntaxError) {
      const stat = await fsp.stat(path).catch(() => undefined);
      return stat === undefined ? undefined : { pid: -1, host: '(unreadable lock file)', createdAt: stat.mtimeMs };
    }
    throw error;
  }
}

function isStale(flag: FlagContent, options: LockOptions): boolean {
  if (flag.host === hostname() && flag.pid > 0) return !(options.isAlive ?? processIsAlive)(flag.pid);
  return Date.now() - flag.createdAt > (options.foreignStaleAfterMs ?? 60_000);
}
