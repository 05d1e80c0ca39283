// Before a command acts on a pid found at detection, check that the pid
// still belongs to that program: pids are reused, and `kill` on a reused pid
// hits an innocent process.
import { readProcessDetails } from './procProcesses';

export type SameProcess = 'same' | 'gone' | 'different' | 'unknown';

/** Whether `pid` still runs the program named `name` (Linux /proc; elsewhere "unknown"). */
export async function checkSameProcess(pid: number, name: string | undefined, procRoot = '/proc', platform: NodeJS.Platform = process.platform): Promise<{ verdict: SameProcess; now?: string }> {
  if (platform !== 'linux' || name === undefined) return { verdict: 'unknown' };
  const details = await readProcessDetails(pid, new Map(), procRoot);
  if (details.name === undefined) return { verdict: 'gone' };
  return details.name === name ? { verdict: 'same', now: details.name } : { verdict: 'different', now: details.name };
}
