// Runs one system tool with an argument list (never through a shell), a time
// limit and an output cap, and keeps what it printed as evidence. Never throws:
// a missing tool or a timeout is a result the caller decides about.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ToolEvidence } from '../../core/sockets/types';

export interface RunToolOptions {
  timeoutMs?: number;
  maxBufferBytes?: number;
}

export interface ToolRun {
  command: string;
  args: string[];
  /** null when the tool did not exit by itself (not started, killed, timed out). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The tool is not installed or not on PATH. */
  missing: boolean;
  timedOut: boolean;
  /** Output reached maxBufferBytes and was cut. */
  truncated: boolean;
  /** What went wrong, in plain words; undefined when the tool ran and exited. */
  error?: string;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;
/** How long a tool gets after SIGTERM before SIGKILL, and after SIGKILL before we stop waiting. */
const KILL_GRACE_MS = 1_000;
const GIVE_UP_AFTER_KILL_MS = 250;

/**
 * Our own deadline, not execFile's `timeout`: that one only sends SIGTERM and
 * then waits for the child's pipes to close, which never happens for a tool
 * that ignores SIGTERM, sits in uninterruptible sleep (lsof on a dead NFS
 * mount), or left a grandchild holding stdout. So: SIGTERM at the deadline,
 * SIGKILL after a grace, and a result shortly after that whether or not the
 * child has gone.
 */
export function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
  const started = Date.now();
  // The C locale keeps tool output in the English the parsers read.
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  const run: ToolRun = {
    command, args: [...args], exitCode: null, stdout: '', stderr: '',
    missing: false, timedOut: false, truncated: false, durationMs: 0,
  };
  return new Promise((resolve) => {
    const stdout = new Capture(maxBuffer);
    const stderr = new Capture(maxBuffer);
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    let exited = false;
    let child: ChildProcess;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      // A grandchild may still hold the pipes open; stop reading them, and let
      // a child stuck in the kernel not keep this process alive.
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (!exited) child.unref();
      run.stdout = stdout.text();
      run.stderr = stderr.text();
      run.durationMs = Date.now() - started;
      resolve(run);
    };
    const stop = (): void => {
      child.kill('SIGTERM');
      timers.push(setTimeout(() => {
        child.kill('SIGKILL');
        timers.push(setTimeout(() => {
          if (!exited && run.timedOut) run.error = `${command} did not finish within ${timeoutMs} ms and did not exit even after SIGKILL; it was left behind.`;
          finish();
        }, GIVE_UP_AFTER_KILL_MS));
      }, KILL_GRACE_MS));
    };
    try {
      child = spawn(command, [...args], { env, windowsHide: true, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      run.error = `${command} could not be started: ${(error as Error).message}`;
      run.durationMs = Date.now() - started;
      resolve(run);
      return;
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.add(chunk) || run.truncated) return;
      run.truncated = true;
      run.error = `${command} printed more than ${maxBuffer} bytes; the output was cut there and the tool stopped.`;
      stop();
    });
    child.stderr?.on('data', (chunk: Buffer) => { stderr.add(chunk); });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        run.missing = true;
        run.error = `${command} is not installed or not on PATH.`;
      } else if (error.code === 'EACCES') {
        run.error = `${command} could not be started: permission denied.`;
      } else {
        run.error ??= `${command} failed: ${error.message}`;
      }
      // A tool that never started is done (its later 'close' carries a libuv
      // error number, not an exit code); a failed kill does not end the run.
      if (child.pid === undefined) finish();
    });
    child.on('exit', () => { exited = true; });
    child.on('close', (code, signal) => {
      if (settled) return; // the result is out; never change it afterwards
      if (!run.truncated && !run.timedOut) {
        if (code !== null) run.exitCode = code; // the tool ran and said so: its output tells why
        else run.error ??= `${command} failed: killed by ${signal ?? 'a signal'}`;
      }
      finish();
    });
    timers.push(setTimeout(() => {
      if (run.truncated) return;
      run.timedOut = true; // our own flag: the child's exit status cannot be trusted to say it
      run.error = `${command} did not finish within ${timeoutMs} ms and was stopped.`;
      stop();
    }, timeoutMs));
  });
}

/** Output bytes up to a cap, decoded once at the end so no character is split between chunks. */
class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  /** Keeps what fits; false when the cap was passed. */
  add(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    if (room > 0) this.chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    this.size += Math.min(chunk.length, Math.max(room, 0));
    return chunk.length <= room;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The run as report evidence. */
export function evidenceOf(run: ToolRun): ToolEvidence {
  const evidence: ToolEvidence = { command: run.command, args: run.args, exitCode: run.exitCode, rawOutput: run.stdout };
  if (run.stderr !== '') evidence.stderr = run.stderr;
  if (run.error !== undefined) evidence.error = run.error;
  if (run.truncated) evidence.truncated = true;
  return evidence;
}
