// Runs one system tool with an argument list (never through a shell), a time
// limit and an output cap, and keeps what it printed as evidence. Never throws:
// a missing tool or a timeout is a result the caller decides about.
import { execFile, type ExecFileException } from 'node:child_process';
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

export function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
  const started = Date.now();
  // The C locale keeps tool output in the English the parsers read.
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  return new Promise((resolve) => {
    execFile(command, [...args], { timeout: timeoutMs, maxBuffer, encoding: 'utf8', windowsHide: true, env, shell: false }, (error, stdout, stderr) => {
      const run: ToolRun = {
        command, args: [...args], exitCode: 0, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''),
        missing: false, timedOut: false, truncated: false, durationMs: Date.now() - started,
      };
      if (error !== null) describeFailure(run, error, timeoutMs, maxBuffer);
      resolve(run);
    });
  });
}

function describeFailure(run: ToolRun, error: ExecFileException, timeoutMs: number, maxBuffer: number): void {
  if (typeof error.code === 'number') {
    run.exitCode = error.code;
    return; // the tool ran and said no: its output tells why
  }
  run.exitCode = null;
  if (error.code === 'ENOENT') {
    run.missing = true;
    run.error = `${run.command} is not installed or not on PATH.`;
  } else if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    run.truncated = true;
    run.error = `${run.command} printed more than ${maxBuffer} bytes; the output was cut there and the tool stopped.`;
  } else if (error.killed === true && error.signal === 'SIGTERM') {
    run.timedOut = true;
    run.error = `${run.command} did not finish within ${timeoutMs} ms and was stopped.`;
  } else if (error.code === 'EACCES') {
    run.error = `${run.command} could not be started: permission denied.`;
  } else {
    run.error = `${run.command} failed: ${error.signal ? `killed by ${error.signal}` : error.message}`;
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
