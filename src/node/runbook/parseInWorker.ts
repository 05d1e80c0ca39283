// Parses a runbook without holding up the thread that asked: a small one
// (what people write) right here, a large one in a worker thread, so that a
// hostile workspace file cannot freeze the extension host. A worker that
// outlives its deadline is terminated, and the runbook gets a diagnostic
// saying so instead of a hang.
import { Worker } from 'node:worker_threads';
import type { ParseRunbookResult } from '../../core/runbook/model';
import { parseRunbook } from '../../core/runbook/parseRunbook';

/** Runbooks up to this many characters parse in a few milliseconds: a worker would cost more than it saves. */
export const WORKER_THRESHOLD_CHARS = 64 * 1024;
/** The parser reads its 1,000,000-character cap in about a second; ten leaves room for a slow machine. */
export const PARSE_DEADLINE_MS = 10_000;

export interface ParseOptions {
  /** The worker's script: dist/runbookParseWorker.js, built from parseWorker.ts. */
  workerScript: string;
  thresholdChars?: number;
  deadlineMs?: number;
  /** Called with each worker started, so that a caller can watch it end. */
  onWorker?: (worker: Worker) => void;
}

export function parseRunbookOffThread(source: string, options: ParseOptions): Promise<ParseRunbookResult> {
  if (source.length <= (options.thresholdChars ?? WORKER_THRESHOLD_CHARS)) return Promise.resolve(parseRunbook(source));
  const deadlineMs = options.deadlineMs ?? PARSE_DEADLINE_MS;
  return new Promise((resolve) => {
    const worker = new Worker(options.workerScript, { workerData: source });
    options.onWorker?.(worker);
    let settled = false;
    const settle = (result: ParseRunbookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle(failed('too-large',
      `Reading this runbook took longer than ${deadlineMs / 1000} s and was stopped, so it is not shown. Make it smaller or simpler.`,
    )), deadlineMs);
    worker.once('message', (result: ParseRunbookResult) => settle(result));
    worker.once('error', (error) => settle(failed('internal', `The runbook could not be read (${error.message}). Please report this.`)));
    worker.once('exit', (code) => settle(failed('internal', `The runbook could not be read (its reader stopped with exit code ${code}). Please report this.`)));
  });
}

/** A deadline is the size limit measured in time, so it shares its code, 'too-large'. */
function failed(code: 'too-large' | 'internal', message: string): ParseRunbookResult {
  return { runbook: undefined, diagnostics: [{ severity: 'error', line: 0, code, message }] };
}
