// Before a command acts on a pid found at detection, check that the pid
// still belongs to that process: pids are reused, and `kill` on a reused pid
// hits an innocent process. The start time (field 22 of /proc/<pid>/stat)
// settles it; the name alone cannot tell two runs of the same program apart.
import { readFile } from 'node:fs/promises';
import { parseProcStat } from '../../core/programs/procStat';
import { readProcessDetails } from './procProcesses';

export type SameProcess = 'same' | 'gone' | 'different' | 'unknown';

export interface SameProcessAnswer {
  verdict: SameProcess;
  /** The name the pid has now. */
  now?: string;
  /** The start time (clock ticks after boot) the pid has now. */
  nowStartTicks?: string;
}

async function readStat(pid: number, procRoot: string): Promise<ReturnType<typeof parseProcStat>> {
  try {
    return parseProcStat(await readFile(`${procRoot}/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether `pid` is still the process that started at `startTicks` (Linux /proc; elsewhere "unknown"). */
export async function isSameProcess(pid: number, startTicks: string | undefined, procRoot = '/proc', platform: NodeJS.Platform = process.platform): Promise<SameProcessAnswer> {
  if (platform !== 'linux' || startTicks === undefined) return { verdict: 'unknown' };
  const stat = await readStat(pid, procRoot);
  // A zombie has ended: its sockets are closed, only its parent has not read its exit status yet.
  if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return { verdict: 'gone' };
  return { verdict: stat.startTicks === startTicks ? 'same' : 'different', now: stat.comm, nowStartTicks: stat.startTicks };
}

/**
 * Whether `pid` still runs the program named `name` and, when `startTicks`
 * is given, is the very process detection saw (Linux /proc; elsewhere "unknown").
 */
export async function checkSameProcess(
  pid: number, name: string | undefined, procRoot = '/proc', platform: NodeJS.Platform = process.platform, startTicks?: string,
): Promise<SameProcessAnswer> {
  if (platform !== 'linux') return { verdict: 'unknown' };
  if (startTicks !== undefined) {
    const byStart = await isSameProcess(pid, startTicks, procRoot, platform);
    if (byStart.verdict !== 'same' || name === undefined || byStart.now === name) return byStart;
    return { ...byStart, verdict: 'different' }; // same start tick, other name: a pid reused within one tick, or an exec
  }
  if (name === undefined) return { verdict: 'unknown' };
  const details = await readProcessDetails(pid, new Map(), procRoot);
  if (details.name === undefined) return { verdict: 'gone' };
  return details.name === name ? { verdict: 'same', now: details.name } : { verdict: 'different', now: details.name };
}
