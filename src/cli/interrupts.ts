// SIGINT and SIGTERM end every CLI command promptly, with a clear message and
// the shell's exit code for the signal (128 + its number: 130, 143).
//
// The first signal aborts the command's AbortSignal: a sweep stops sending
// and reports what it found so far, a run saves the step it was on and stops.
// If the command has not finished within a grace period (it may wait on a
// tool that ignores us), or a second signal comes, the process exits at once,
// after removing the temporaries of saves in progress: the old record stays
// whole, and no temporary file is left behind.
import { removeTemporariesInProgress } from '../node/run/atomicWrite';

export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

const EXIT_CODES = { SIGINT: EXIT_SIGINT, SIGTERM: EXIT_SIGTERM } as const;
type HandledSignal = keyof typeof EXIT_CODES;

export interface InterruptOptions {
  readonly stderr: { write(text: string): unknown };
  /** How long the command gets to stop by itself after the first signal. */
  readonly graceMs?: number;
  /** Ends the process; a parameter so a test can watch it. */
  readonly exit?: (code: number) => void;
  /** The process to listen on (a test passes an EventEmitter). */
  readonly on?: (signal: HandledSignal, listener: () => void) => void;
}

export interface Interrupts {
  /** Aborted at the first signal; pass it to the command. */
  readonly signal: AbortSignal;
  /** The exit code for the signal received, undefined when none came. */
  exitCode(): number | undefined;
}

export const DEFAULT_GRACE_MS = 2_000;

export function handleInterrupts(options: InterruptOptions): Interrupts {
  const controller = new AbortController();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const on = options.on ?? ((signal, listener) => { process.on(signal, listener); });
  let received: HandledSignal | undefined;

  const exitNow = (why: string): void => {
    const code = EXIT_CODES[received ?? 'SIGINT'];
    const removed = removeTemporariesInProgress();
    options.stderr.write(`dht-runbook: ${why}; exiting now${removed.length > 0 ? ` (removed ${removed.length} unfinished temporary file(s))` : ''}. Exit code ${code}.\n`);
    exit(code);
  };

  const onSignal = (name: HandledSignal): void => {
    if (received !== undefined) { exitNow(`${name} received again`); return; }
    received = name;
    options.stderr.write(`dht-runbook: ${name} received: stopping. Anything not checked yet is not covered; the result so far follows. Exit code ${EXIT_CODES[name]}.\n`);
    controller.abort(new Error(`stopped by ${name}`));
    const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    // Unref'd: a command that finished must not wait for this timer.
    setTimeout(() => exitNow(`the command did not stop within ${graceMs / 1000} s of ${name}`), graceMs).unref();
  };
  on('SIGINT', () => onSignal('SIGINT'));
  on('SIGTERM', () => onSignal('SIGTERM'));

  return { signal: controller.signal, exitCode: () => (received === undefined ? undefined : EXIT_CODES[received]) };
}
