// Runs one remediation command headless: an argument list, never a shell,
// no standard input (a package manager's question is answered "no" by EOF,
// never by accident), a time limit, and its output kept, bounded, as evidence.
import { spawn } from 'node:child_process';

export interface ArgvOutcome {
  /** The exit code; undefined when the process could not start or was killed. */
  readonly exitCode: number | undefined;
  /** stdout and stderr interleaved as they came, at most `maxOutput` characters (head and tail). */
  readonly output: string;
  /** Why it did not end on its own: not found, time limit, interrupted. */
  readonly error?: string;
}

export interface RunArgvOptions {
  readonly timeoutMs?: number;
  readonly maxOutput?: number;
  readonly signal?: AbortSignal;
}

export function runArgv(argv: readonly string[], options: RunArgvOptions = {}): Promise<ArgvOutcome> {
  const [file, ...args] = argv;
  const maxOutput = options.maxOutput ?? 64 * 1024;
  return new Promise((resolve) => {
    if (file === undefined) { resolve({ exitCode: undefined, output: '', error: 'empty command' }); return; }
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, env: { ...process.env, LC_ALL: 'C' } });
    let head = '';
    let tail = '';
    let dropped = 0;
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (head.length < maxOutput / 2) { head += text; return; }
      tail += text;
      if (tail.length > maxOutput / 2) { dropped += tail.length - maxOutput / 2; tail = tail.slice(-maxOutput / 2); }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let error: string | undefined;
    const timer = setTimeout(() => { error = `stopped after the time limit of ${options.timeoutMs} ms`; child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 2000).unref(); }, options.timeoutMs ?? 120_000);
    const abort = () => { error = 'interrupted'; child.kill('SIGTERM'); };
    options.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => { error = e.code === 'ENOENT' ? `${file} is not installed (not found on PATH)` : e.message; });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      const cut = dropped > 0 ? `\n[… ${dropped} characters cut …]\n` : '';
      resolve({ exitCode: code !== null && code >= 0 ? code : undefined, output: head + cut + tail, ...(error === undefined ? {} : { error }) });
    });
  });
}
