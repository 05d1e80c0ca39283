// The CLI as a separate process, for tests that need a real one (signals,
// terminal bytes, exit codes). DHT_RUNBOOK_CLI names the bundle to run, so a
// developer can test a bundle of their own; the default is dist/cli.js.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  writeFileSync(path, `---
id: test-runbook
title: Test runbook
version: 0.1.0
severity: low
finding: BitTorrent Mainline DHT Detection
scanners:
  - scanner: Tenable Nessus
    plugin-id: 50677
    name: BitTorrent Mainline DHT Detection
---

# Test runbook

## Phase 1: Detection

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
`);
  return path;
}
