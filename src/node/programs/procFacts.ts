// The /proc files that describe one process, read once, each kept as
// evidence. Any read may fail (the process ended, another user's process
// without root); a failed read leaves that fact undefined.
import { open, readFile, readlink, stat } from 'node:fs/promises';
import { parseBootTime } from '../../core/programs/procStat';
import type { ToolEvidence } from '../../core/sockets/types';
import { readFileEvidence } from '../sockets/fileEvidence';

/** The environment is read only up to here: the two variables we want sit near the start, and a process may carry megabytes. */
const MAX_ENVIRON_BYTES = 256 * 1024;
const WANTED_ENV = ['APPIMAGE', 'APPDIR'] as const;

export interface ProcFiles {
  readonly exe?: string;
  /** Why /proc/<pid>/exe could not be read. */
  readonly exeError?: string;
  readonly cmdline?: string;
  readonly cwd?: string;
  readonly stat?: string;
  readonly status?: string;
  readonly cgroup?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly flatpakInfo?: string;
  /** The process sees another root directory than ours (a container, a chroot, a flatpak sandbox). */
  readonly otherRoot: boolean;
  readonly evidence: ToolEvidence[];
}

export async function readProcFiles(pid: number, procRoot = '/proc'): Promise<ProcFiles> {
  const dir = `${procRoot}/${pid}`;
  const evidence: ToolEvidence[] = [];
  const exe = await linkEvidence(`${dir}/exe`);
  evidence.push(exe.evidence); // first: the report starts with what the kernel runs
  const cwd = await linkEvidence(`${dir}/cwd`);
  const [cmdline, statText, status, cgroup, flatpak] = await Promise.all(
    ['cmdline', 'stat', 'status', 'cgroup', 'root/.flatpak-info'].map((name) => readFileEvidence(`${dir}/${name}`)),
  );
  evidence.push(cwd.evidence, cmdline!.evidence, statText!.evidence, status!.evidence, cgroup!.evidence);
  // A missing .flatpak-info is the normal case, not worth a line of evidence.
  if (flatpak!.text !== undefined) evidence.push(flatpak!.evidence);
  const environ = await readEnviron(`${dir}/environ`);
  if (environ.evidence !== undefined) evidence.push(environ.evidence);
  const otherRoot = await seesOtherRoot(dir);
  const text = (read: { text?: string }, key: string): Record<string, string> => (read.text === undefined ? {} : { [key]: read.text });
  return {
    env: environ.env, otherRoot, evidence,
    ...(exe.target === undefined ? (exe.code === undefined ? {} : { exeError: exe.code }) : { exe: exe.target }),
    ...(cwd.target === undefined ? {} : { cwd: cwd.target }),
    ...text(cmdline!, 'cmdline'), ...text(statText!, 'stat'), ...text(status!, 'status'), ...text(cgroup!, 'cgroup'), ...text(flatpak!, 'flatpakInfo'),
  };
}

async function linkEvidence(path: string): Promise<{ target?: string; code?: string; evidence: ToolEvidence }> {
  try {
    const target = await readlink(path);
    return { target, evidence: { command: 'readlink', args: [path], rawOutput: target } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { code, evidence: { command: 'readlink', args: [path], rawOutput: '', error: `${path}: ${code}` } };
  }
}

/** Only APPIMAGE and APPDIR are kept, in evidence too: the rest of an environment may hold secrets. */
async function readEnviron(path: string): Promise<{ env: Record<string, string>; evidence?: ToolEvidence }> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(MAX_ENVIRON_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_ENVIRON_BYTES, 0);
    const env: Record<string, string> = {};
    for (const entry of buffer.subarray(0, bytesRead).toString('utf8').split('\0')) {
      const eq = entry.indexOf('=');
      const key = entry.slice(0, eq);
      if (eq > 0 && (WANTED_ENV as readonly string[]).includes(key)) env[key] = entry.slice(eq + 1);
    }
    const kept = Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n');
    const evidence: ToolEvidence = { command: 'read-environ', args: [path, ...WANTED_ENV], rawOutput: kept };
    if (bytesRead === MAX_ENVIRON_BYTES) evidence.truncated = true;
    return { env, evidence };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { env: {}, evidence: { command: 'read-environ', args: [path, ...WANTED_ENV], rawOutput: '', error: `${path} could not be read (${code}).` } };
  } finally {
    await handle?.close();
  }
}

/**
 * Whether the process sees another root directory than ours. A mount
 * namespace alone is not enough: `ip netns exec` makes one and still shares
 * the host's files.
 */
async function seesOtherRoot(dir: string): Promise<boolean> {
  try {
    const [theirs, ours] = await Promise.all([stat(`${dir}/root/`), stat('/')]);
    return theirs.dev !== ours.dev || theirs.ino !== ours.ino;
  } catch {
    return false; // unreadable without root: fall back to the host's package database
  }
}

/** Per /proc root; a failed read is not kept, so the next lookup tries again. */
const bootTimes = new Map<string, Promise<number | undefined>>();

/**
 * The boot time (`btime` of /proc/stat, in seconds), for start timestamps.
 * It is fixed until the next boot, so the whole of /proc/stat (a line per CPU
 * and a long interrupt line come first) is read once per process, not once per pid.
 */
export function bootTimeSeconds(procRoot = '/proc'): Promise<number | undefined> {
  let known = bootTimes.get(procRoot);
  if (known === undefined) {
    known = readFile(`${procRoot}/stat`, 'utf8').then(parseBootTime, () => undefined);
    bootTimes.set(procRoot, known);
    void known.then((time) => { if (time === undefined) bootTimes.delete(procRoot); });
  }
  return known;
}
