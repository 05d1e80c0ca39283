// The CLI as a separate process, for tests that need a real one (signals,
// terminal bytes, exit codes). DHT_RUNBOOK_CLI names the bundle to run, so a
// developer can test a bundle of their own; the default is dist/cli.js.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../../src/core/run/types';
import { runbookWith } from '../core/runbook/runbookText';

export const CLI = process.env.DHT_RUNBOOK_CLI ?? join(process.cwd(), 'dist/cli.js');

export interface CliRun {
  readonly child: ChildProcess;
  /** stdout and stderr so far, as bytes were received (latin1 keeps every byte visible). */
  output(): { stdout: string; stderr: string };
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
  /** Resolves when stderr has printed text matching `pattern`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString('latin1'); });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('latin1');
    for (const waiter of waiters.filter((w) => w.pattern.test(stderr))) { waiters.splice(waiters.indexOf(waiter), 1); waiter.resolve(); }
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return {
    child, done,
    output: () => ({ stdout, stderr }),
    waitForStderr(pattern, timeoutMs = 20_000) {
      if (pattern.test(stderr)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stderr never matched ${pattern}: ${stderr}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
  };
}

export function runCliProcess(args: string[], env?: NodeJS.ProcessEnv): CliRun['done'] {
  return startCli(args, env).done;
}

/** A small runbook of our own (the bundled one may change under other work): detection probes the run's targets. */
export function writeProbeRunbook(dir: string): string {
  const path = join(dir, 'probe-only.md');
  writeFileSync(path, runbookWith(`## Phase 1: Detection

### List sockets

\`\`\`runbook
action: check-listening-ports
\`\`\`

### Probe the targets

\`\`\`runbook
action: probe-dht
step: probe-targets
targets: run-targets
\`\`\`

## Phase 2: Remediation

### Decide

\`\`\`runbook
action: confirm
prompt: Done?
\`\`\`

## Phase 3: Verification

### Probe again

\`\`\`runbook
action: probe-dht
targets: run-targets
\`\`\`
`));
  return path;
}

/** The CLI run inside a test host's network namespace, as that host would run it. */
export function cliInHost(host: { readonly name: string }, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', host.name, process.execPath, CLI, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 2) : 0, stdout, stderr });
    });
  });
}

/** The run record a `--json` run printed; a run that printed none fails the test with its exit code and stderr. */
export function recordPrinted(run: { code: number | null; stdout: string; stderr: string }): RunRecord {
  try { return JSON.parse(run.stdout) as RunRecord; } catch { throw new Error(`the CLI printed no record (exit ${run.code}): ${run.stderr}`); }
}
