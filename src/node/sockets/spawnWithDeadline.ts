// Starts a program with an argument list (never a shell) and ends it by a
// deadline; the one place that knows how to stop a child and when to stop
// waiting for it. runTool (system tools) and runArgv (remediation commands)
// both run through here.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnWithDeadlineOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Aborting stops the child as the deadline would (SIGTERM, then SIGKILL). */
  readonly signal?: AbortSignal;
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
}

/** Why we stopped the child; undefined when it ended by itself. */
export type StopReason = 'deadline' | 'aborted' | 'requested';

export interface SpawnEnd {
  /** The exit code; null when it did not start, was killed or never exited. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The child's process ended (false when it never started or outlived SIGKILL). */
  readonly exited: boolean;
  readonly stoppedBy?: StopReason;
  /** The first error the child reported (ENOENT when not found, EACCES, a failed kill). */
  readonly error?: NodeJS.ErrnoException;
  /** spawn itself threw (bad arguments): the program never started. */
  readonly startError?: Error;
  readonly durationMs: number;
}

export interface DeadlineChild {
  readonly done: Promise<SpawnEnd>;
  /** Stops the child early (e.g. its output passed a cap): SIGTERM, then SIGKILL. */
  stop(): void;
}

/** How long a child gets after SIGTERM before SIGKILL, and after SIGKILL before we stop waiting. */
export const KILL_GRACE_MS = 1_000;
export const GIVE_UP_AFTER_KILL_MS = 250;
/**
 * After the child exits, how long its pipes may stay open with nothing coming
 * through before we stop reading them: a grandchild it left running (a daemon
 * it started, `sleep &`) holds them open, and waiting for 'close' would wait
 * for that grandchild.
 */
export const PIPE_QUIET_AFTER_EXIT_MS = 300;

/**
 * Our own deadline, not execFile's `timeout`: that one only sends SIGTERM and
 * then waits for the child's pipes to close, which never happens for a child
 * that ignores SIGTERM, sits in uninterruptible sleep (lsof on a dead NFS
 * mount), or left a grandchild holding stdout. So: SIGTERM at the deadline,
 * SIGKILL after a grace, and a result shortly after that whether or not the
 * child has gone; and once the child has exited, a result when its pipes go
 * quiet even if a grandchild keeps them open.
 */
export function spawnWithDeadline(command: string, args: readonly string[], options: SpawnWithDeadlineOptions): DeadlineChild {
  const started = Date.now();
  const timers: NodeJS.Timeout[] = [];
  let settled = false;
  let exited = false;
  let code: number | null = null;
  let exitSignal: NodeJS.Signals | null = null;
  let stoppedBy: StopReason | undefined;
  let error: NodeJS.ErrnoException | undefined;
  let outputSeen = 0;
  let resolveDone!: (end: SpawnEnd) => void;
  const done = new Promise<SpawnEnd>((resolve) => { resolveDone = resolve; });
  let child: ChildProcess;

  const finish = (): void => {
    if (settled) return;
    settled = true;
    for (const timer of timers) clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    // A grandchild may still hold the pipes open; stop reading them, and let
    // a child stuck in the kernel not keep this process alive.
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (!exited) child.unref();
    resolveDone({
      code, signal: exitSignal, exited, durationMs: Date.now() - started,
      ...(stoppedBy === undefined ? {} : { stoppedBy }),
      ...(error === undefined ? {} : { error }),
    });
  };
  const stop = (reason: StopReason): void => {
    if (settled || stoppedBy !== undefined) return;
    stoppedBy = reason;
    if (exited) { finish(); return; } // only a grandchild is left, and it is not ours to kill
    child.kill('SIGTERM');
    timers.push(setTimeout(() => {
      child.kill('SIGKILL');
      timers.push(setTimeout(finish, GIVE_UP_AFTER_KILL_MS));
    }, KILL_GRACE_MS));
  };
  const abort = (): void => stop('aborted');

  try {
    child = spawn(command, [...args], { env: options.env ?? process.env, windowsHide: true, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (startError) {
    return { done: Promise.resolve({ code: null, signal: null, exited: false, startError: startError as Error, durationMs: Date.now() - started }), stop: () => undefined };
  }
  child.stdout?.on('data', (chunk: Buffer) => { outputSeen += chunk.length; options.onStdout?.(chunk); });
  child.stderr?.on('data', (chunk: Buffer) => { outputSeen += chunk.length; options.onStderr?.(chunk); });
  child.on('error', (e: NodeJS.ErrnoException) => {
    error ??= e;
    // A child that never started is done (its later 'close' carries a libuv
    // error number, not an exit code); a failed kill does not end the run.
    if (child.pid === undefined) finish();
  });
  child.on('exit', (exitCode, signal) => {
    exited = true;
    code = exitCode;
    exitSignal = signal;
    // Wait for the pipes while output still comes; give up once they are quiet.
    let seen = outputSeen;
    const quiet = (): void => {
      // One turn of the event loop first, so output already waiting in a pipe is read.
      setImmediate(() => {
        if (settled) return;
        if (outputSeen === seen) { finish(); return; }
        seen = outputSeen;
        timers.push(setTimeout(quiet, PIPE_QUIET_AFTER_EXIT_MS));
      });
    };
    timers.push(setTimeout(quiet, PIPE_QUIET_AFTER_EXIT_MS));
  });
  child.on('close', (closeCode, signal) => {
    if (settled) return;
    if (!exited) { code = closeCode; exitSignal = signal; exited = true; }
    finish();
  });
  timers.push(setTimeout(() => stop('deadline'), options.timeoutMs));
  if (options.signal?.aborted) abort();
  else options.signal?.addEventListener('abort', abort, { once: true });
  return { done, stop: () => stop('requested') };
}
