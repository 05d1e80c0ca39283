// Runs one system tool with an argument list (never through a shell), a time
// limit and an output cap, and keeps what it printed as evidence. Never throws:
// a missing tool or a timeout is a result the caller decides about.
import type { ToolEvidence } from '../../core/sockets/types';
import { spawnWithDeadline } from './spawnWithDeadline';

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

/** The deadline and the waiting for a child that will not go are spawnWithDeadline's (see there why). */
export async function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
  // The C locale keeps tool output in the English the parsers read.
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  const run: ToolRun = {
    command, args: [...args], exitCode: null, stdout: '', stderr: '',
    missing: false, timedOut: false, truncated: false, durationMs: 0,
  };
  const stdout = new Capture(maxBuffer);
  const stderr = new Capture(maxBuffer);
  const child = spawnWithDeadline(command, args, {
    timeoutMs, env,
    onStdout: (chunk) => {
      if (stdout.add(chunk) || run.truncated) return;
      run.truncated = true;
      child.stop();
    },
    onStderr: (chunk) => { stderr.add(chunk); },
  });
  const end = await child.done;
  run.stdout = stdout.text();
  run.stderr = stderr.text();
  run.durationMs = end.durationMs;
  if (end.startError !== undefined) {
    run.error = `${command} could not be started: ${end.startError.message}`;
  } else if (end.error?.code === 'ENOENT') {
    run.missing = true;
    run.error = `${command} is not installed or not on PATH.`;
  } else if (end.error?.code === 'EACCES') {
    run.error = `${command} could not be started: permission denied.`;
  } else if (run.truncated) {
    run.error = `${command} printed more than ${maxBuffer} bytes; the output was cut there and the tool stopped.`;
  } else if (end.stoppedBy === 'deadline') {
    run.timedOut = true; // our own flag: the child's exit status cannot be trusted to say it
    run.error = end.exited
      ? `${command} did not finish within ${timeoutMs} ms and was stopped.`
      : `${command} did not finish within ${timeoutMs} ms and did not exit even after SIGKILL; it was left behind.`;
  } else {
    if (end.code !== null) run.exitCode = end.code; // the tool ran and said so: its output tells why
    if (end.error !== undefined) run.error = `${command} failed: ${end.error.message}`;
    else if (end.code === null) run.error = `${command} failed: killed by ${end.signal ?? 'a signal'}`;
  }
  return run;
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
