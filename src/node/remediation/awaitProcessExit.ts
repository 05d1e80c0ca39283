// After a command that ends a finding's process (`ends: process`) exits 0:
// wait until that very process (pid and start time, as detection saw it) is
// gone. `kill` returns as soon as the signal is sent, while a client may take
// a moment to close its sockets; verification run at once would still find
// them and call the host still exposed.
import { checkSameProcess } from '../sockets/sameProcess';

export interface ProcessExitWait {
  readonly pid: number;
  /** Gone within the time allowed (or a different process has the pid now). */
  readonly ended: boolean;
  readonly afterMs: number;
  /** Could not tell (no /proc, or no start time recorded): no wait happened. */
  readonly unknown?: boolean;
}

export interface ProcessExitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly procRoot?: string;
  readonly platform?: NodeJS.Platform;
  readonly signal?: AbortSignal;
}

export const PROCESS_EXIT_TIMEOUT_MS = 10_000;

export async function awaitProcessExit(pid: number, name: string | undefined, startTicks: string | undefined, options: ProcessExitOptions = {}): Promise<ProcessExitWait> {
  const timeoutMs = options.timeoutMs ?? PROCESS_EXIT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? 50;
  const started = Date.now();
  for (;;) {
    const now = await stillRuns(pid, name, startTicks, options.procRoot ?? '/proc', options.platform ?? process.platform);
    const afterMs = Date.now() - started;
    if (now === 'unknown') return { pid, ended: false, afterMs, unknown: true };
    if (now === 'ended') return { pid, ended: true, afterMs };
    if (afterMs >= timeoutMs || options.signal?.aborted === true) return { pid, ended: false, afterMs };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** checkSameProcess counts a zombie as gone: its sockets are closed, only its parent has not reaped it. */
async function stillRuns(pid: number, name: string | undefined, startTicks: string | undefined, procRoot: string, platform: NodeJS.Platform): Promise<'runs' | 'ended' | 'unknown'> {
  const same = await checkSameProcess(pid, name, procRoot, platform, startTicks);
  return same.verdict === 'same' ? 'runs' : same.verdict === 'unknown' ? 'unknown' : 'ended';
}

/** The line the command's recorded output gets. */
export function describeProcessExit(wait: ProcessExitWait): string {
  if (wait.unknown === true) return `[process ${wait.pid}: could not tell whether it ended (no start time or no /proc)]`;
  const seconds = (wait.afterMs / 1000).toFixed(1);
  return wait.ended ? `[process ${wait.pid} ended ${seconds} s after the command]` : `[process ${wait.pid} still ran ${seconds} s after the command]`;
}
