// Runs one remediation command headless: an argument list, never a shell,
// no standard input (a package manager's question is answered "no" by EOF,
// never by accident), a time limit, and its output kept, bounded, as evidence.
import { StringDecoder } from 'node:string_decoder';
import { BoundedOutput, DEFAULT_OUTPUT_LIMIT } from '../../core/terminal/boundedOutput';
import { spawnWithDeadline } from '../sockets/spawnWithDeadline';

export interface ArgvOutcome {
  /** The exit code; undefined when the process could not start or was killed. */
  readonly exitCode: number | undefined;
  /** stdout and stderr interleaved as they came, at most `maxOutput` characters (head and tail, see BoundedOutput). */
  readonly output: string;
  /** Why it did not end on its own: not found, time limit, interrupted. */
  readonly error?: string;
}

export interface RunArgvOptions {
  readonly timeoutMs?: number;
  readonly maxOutput?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** The deadline (SIGTERM, SIGKILL, not waiting on a grandchild's pipes) is spawnWithDeadline's, shared with runTool. */
export async function runArgv(argv: readonly string[], options: RunArgvOptions = {}): Promise<ArgvOutcome> {
  const [file, ...args] = argv;
  if (file === undefined) return { exitCode: undefined, output: '', error: 'empty command' };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const output = new BoundedOutput(options.maxOutput ?? DEFAULT_OUTPUT_LIMIT);
  // One decoder per stream: a character split between two chunks is joined, not mangled.
  const stdout = new StringDecoder('utf8');
  const stderr = new StringDecoder('utf8');
  const end = await spawnWithDeadline(file, args, {
    timeoutMs,
    env: { ...process.env, LC_ALL: 'C' },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onStdout: (chunk) => output.push(stdout.write(chunk)),
    onStderr: (chunk) => output.push(stderr.write(chunk)),
  }).done;
  output.push(stdout.end());
  output.push(stderr.end());
  const error = end.stoppedBy === 'deadline' ? `stopped after the time limit of ${timeoutMs} ms`
    : end.stoppedBy === 'aborted' ? 'interrupted'
    : end.startError !== undefined ? end.startError.message
    : end.error?.code === 'ENOENT' ? `${file} is not installed (not found on PATH)`
    : end.error?.message;
  return { exitCode: end.code !== null && end.code >= 0 ? end.code : undefined, output: output.result().text, ...(error === undefined ? {} : { error }) };
}
