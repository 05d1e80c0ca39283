// Clock ticks per second, the unit of /proc/<pid>/stat's start time.
// The kernel reports times there in USER_HZ, which is 100 on every
// architecture Linux runs on today (x86, arm, arm64, riscv, s390, ppc); only
// long-gone ones (alpha, ia64) used 1024. We still ask `getconf CLK_TCK`
// once, and fall back to 100 when getconf is missing.
import { runTool } from '../sockets/runTool';

let cached: Promise<number> | undefined;

export function clockTicksPerSecond(): Promise<number> {
  cached ??= runTool('getconf', ['CLK_TCK'], { timeoutMs: 5_000 }).then((run) => {
    const value = Number(run.stdout.trim());
    return run.exitCode === 0 && Number.isInteger(value) && value > 0 ? value : 100;
  });
  return cached;
}
