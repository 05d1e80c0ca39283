// /proc/<pid>/stat and /proc/stat: when a process started. The start time,
// with the pid, names a process uniquely; a reused pid has another one.

export interface ProcStat {
  readonly pid: number;
  /** The kernel's name for the process (field 2, without its parentheses). */
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** Field 22: clock ticks after boot at which the process started, kept as text (it can pass 2^53 on long uptimes). */
  readonly startTicks: string;
}

/**
 * Field 2 (comm) is in parentheses and may itself hold spaces and
 * parentheses (`(a) b (c)`), so the fields after it are found after the LAST
 * `)` of the line, never by splitting the whole line on spaces.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const state = rest[0];
  const ppid = rest[1];
  const startTicks = rest[22 - 3];
  if (!Number.isInteger(pid) || state === undefined || ppid === undefined || startTicks === undefined || !/^\d+$/.test(startTicks)) return undefined;
  return { pid, comm: text.slice(open + 1, close), state, ppid: Number(ppid), startTicks };
}

/** `btime <seconds since the epoch>` from /proc/stat: when the machine booted. */
export function parseBootTime(procStat: string): number | undefined {
  const match = /^btime\s+(\d+)\s*$/m.exec(procStat);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The process's start as an ISO timestamp: boot time plus start ticks over the clock rate. */
export function startTimestamp(bootTimeSeconds: number, startTicks: string, ticksPerSecond: number): string | undefined {
  if (!/^\d+$/.test(startTicks) || !(ticksPerSecond > 0)) return undefined;
  const ms = bootTimeSeconds * 1000 + (Number(startTicks) * 1000) / ticksPerSecond;
  return Number.isFinite(ms) ? new Date(Math.round(ms)).toISOString() : undefined;
}

