// Reads what Linux tells about processes under /proc: who holds which
// socket (fd links), and each holder's name, program, arguments and user.
// Processes come and go while we read, so every read may fail; a failed read
// leaves that fact unknown and never stops the listing.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCmdline, parsePasswd, parseStatusUid, socketInodeOfLink } from '../../core/sockets/parseProcFiles';
import type { SocketProcess } from '../../core/sockets/types';

const BATCH = 32;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function readLink(path: string): Promise<string | undefined> {
  try {
    return await readlink(path);
  } catch {
    return undefined;
  }
}

/** Runs `work` over `items`, a batch at a time, so a busy host is not flooded with open files. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) results.push(...(await Promise.all(items.slice(i, i + BATCH).map(work))));
  return results;
}

/** uid → login name; empty when /etc/passwd cannot be read. */
export async function readUsers(passwdPath = '/etc/passwd'): Promise<Map<number, string>> {
  return parsePasswd((await readText(passwdPath)) ?? '');
}

/** Name, program file, arguments and user of one process; missing facts stay undefined. */
export async function readProcessDetails(pid: number, users: ReadonlyMap<number, string>, procRoot = '/proc'): Promise<Partial<SocketProcess>> {
  const dir = join(procRoot, String(pid));
  const [comm, exe, cmdline, status] = await Promise.all([
    readText(join(dir, 'comm')), readLink(join(dir, 'exe')), readText(join(dir, 'cmdline')), readText(join(dir, 'status')),
  ]);
  const details: Partial<SocketProcess> = {};
  const name = comm?.replace(/\n$/, '');
  if (name) details.name = name;
  if (exe !== undefined) details.executable = exe;
  const commandLine = cmdline === undefined ? undefined : parseCmdline(cmdline);
  if (commandLine !== undefined) details.commandLine = commandLine;
  const uid = status === undefined ? undefined : parseStatusUid(status);
  if (uid !== undefined) {
    details.uid = uid;
    details.user = users.get(uid) ?? String(uid);
  }
  return details;
}

/** Details for many pids at once. */
export async function readManyProcessDetails(pids: readonly number[], procRoot = '/proc'): Promise<Map<number, Partial<SocketProcess>>> {
  const users = await readUsers();
  const details = await inBatches(pids, async (pid) => [pid, await readProcessDetails(pid, users, procRoot)] as const);
  return new Map(details);
}

export interface SocketOwnerScan {
  ownersByInode: Map<number, SocketProcess[]>;
  /** `pid fd -> socket:[inode]`, one line per matching link, as evidence. */
  evidenceLines: string[];
  /** Processes whose fd directory could not be read (another user's, when not root). */
  unreadableProcesses: number;
}

/** Walks /proc/<pid>/fd for links to the given socket inodes. */
export async function findSocketOwners(inodes: ReadonlySet<number>, procRoot = '/proc'): Promise<SocketOwnerScan> {
  const scan: SocketOwnerScan = { ownersByInode: new Map(), evidenceLines: [], unreadableProcesses: 0 };
  let entries: string[] = [];
  try {
    entries = await readdir(procRoot);
  } catch {
    return scan;
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number);
  await inBatches(pids, async (pid) => {
    const fdDir = join(procRoot, String(pid), 'fd');
    let fds: string[];
    try {
      fds = await readdir(fdDir);
    } catch (error) {
      // A process that ended meanwhile is no loss; one we may not read is.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') scan.unreadableProcesses++;
      return;
    }
    for (const fd of fds) {
      const link = await readLink(join(fdDir, fd));
      const inode = link === undefined ? undefined : socketInodeOfLink(link);
      if (inode === undefined || !inodes.has(inode)) continue;
      const owners = scan.ownersByInode.get(inode) ?? [];
      if (!owners.some((o) => o.pid === pid)) owners.push({ pid, fd: Number(fd) });
      scan.ownersByInode.set(inode, owners);
      scan.evidenceLines.push(`${join(fdDir, fd)} -> ${link}`);
    }
  });
  scan.evidenceLines.sort();
  return scan;
}

/**
 * Whether /proc agrees that `pid` holds socket `inode` as descriptor `fd`:
 * true or false when the link could be read, undefined when it could not.
 */
export async function holdsSocket(pid: number, fd: number, inode: number, procRoot = '/proc'): Promise<boolean | undefined> {
  const link = await readLink(join(procRoot, String(pid), 'fd', String(fd)));
  return link === undefined ? undefined : socketInodeOfLink(link) === inode;
}
