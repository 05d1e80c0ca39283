// `dht-runbook run <runbook>`: a runbook's automatic checks without the
// editor, recorded in the same schema (the editor's history shows the run).
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runReportSarif } from '../core/run/reportSarif';
import { newRunId } from '../core/run/runId';
import { createRun, endRun } from '../core/run/runState';
import type { RunRecord, RunTargets } from '../core/run/types';
import type { PhaseId, Runbook } from '../core/runbook/model';
import { parseRunbook } from '../core/runbook/parseRunbook';
import { parseTargets } from '../core/targets/parseTargets';
import { parsePortSpec } from '../core/targets/portSpec';
import { DEFAULT_SWEEP_SETTINGS } from '../node/probe/dhtSweep';
import { DEFAULT_MAX_ENDPOINTS, DEFAULT_PORTS } from '../node/probe/probePlan';
import { runPhaseHeadless } from '../node/run/headlessRun';
import { currentOperator } from '../node/run/operator';
import { RunStore } from '../node/run/runStore';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';
import type { CliStreams } from './runCli';
import { exposure } from './exposure';

export const RUN_USAGE = `dht-runbook run <runbook> [options]

Runs the automatic checks of one phase of a runbook (the bundled one is
"bittorrent-mainline-dht"; or give a path to a runbook .md file) and writes a
run record that the editor's Runs view shows.
  --targets <list>      hosts for the run's probes (default: this machine)
  --phase <phase>       detection (default) or verification
  --run <run id>        with --phase verification: the run whose detection is the baseline
  --record-dir <dir>    where records live (default ./.runbook-runs)
  --json                print the record as JSON
  --sarif <file>        also write a SARIF 2.1.0 report

Exit codes: 0 clean, 1 exposed (a DHT node answers), 2 bad input or failure.
`;

export async function runCommand(args: string[], io: CliStreams, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { targets: { type: 'string' }, phase: { type: 'string' }, run: { type: 'string' }, 'record-dir': { type: 'string' }, json: { type: 'boolean' }, sarif: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr.write(`dht-runbook run: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout.write(RUN_USAGE); return EXIT_CLEAN; }
  const fail = (message: string) => { io.stderr.write(`dht-runbook run: ${message}\n`); return EXIT_FAILURE; };
  if (positionals.length !== 1) return fail('name one runbook: "bittorrent-mainline-dht" or a path to a runbook file.');
  const phase = (values.phase ?? 'detection') as PhaseId;
  if (phase !== 'detection' && phase !== 'verification') return fail(`--phase "${values.phase}" is not "detection" or "verification".`);
  if (phase === 'verification' && !values.run) return fail('--phase verification needs --run <run id>: the run whose detection is the baseline.');
  if (values.targets !== undefined) {
    const ports = parsePortSpec(DEFAULT_PORTS);
    const checked = parseTargets(values.targets, { defaultPorts: ports.ok ? ports.ranges : [] });
    if (!checked.ok) return fail(checked.errors.map((e) => e.message).join('; '));
  }

  const loaded = loadRunbook(positionals[0]!);
  if ('error' in loaded) return fail(loaded.error);
  const store = new RunStore(resolve(values['record-dir'] ?? '.runbook-runs'));
  const probe = { ports: DEFAULT_PORTS, maxEndpoints: DEFAULT_MAX_ENDPOINTS, ...DEFAULT_SWEEP_SETTINGS };

  let record: RunRecord;
  try {
    if (values.run) {
      record = await store.load(values.run);
      if (record.runbook.id !== loaded.runbook.id) return fail(`run ${values.run} follows runbook "${record.runbook.id}", not "${loaded.runbook.id}".`);
      if (record.endedAt) return fail(`run ${values.run} has ended; start a new run.`);
    } else {
      const at = new Date().toISOString();
      const targets: RunTargets = values.targets ? { mode: 'hosts', text: values.targets } : { mode: 'this-machine' };
      record = await store.save(createRun({
        runId: newRunId(at, randomBytes(4).toString('hex')),
        runbook: { id: loaded.runbook.id, version: loaded.runbook.version ?? '', title: loaded.runbook.title, contentHash: loaded.hash, source: loaded.bundled ? 'bundled' : 'workspace', path: loaded.path },
        targets, operator: currentOperator(), origin: 'cli',
        steps: loaded.runbook.phases.flatMap((p) => p.steps.map((s) => ({ id: s.id, phase: p.id, title: s.title }))),
        at,
      }));
    }
    io.stderr.write(`run ${record.runId}: ${phase} of ${loaded.path}\n`);
    record = await runPhaseHeadless(record, {
      runbook: loaded.runbook, phase, probe, store, signal,
      onStep: (stepId, status) => io.stderr.write(`  ${stepId}: ${status}\n`),
    });
    if (phase === 'verification' && !signal.aborted) record = await store.save(endRun(record, new Date().toISOString()));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }

  if (values.sarif) writeFileSync(values.sarif, `${JSON.stringify(runReportSarif(record), null, 2)}\n`);
  const result = exposure(record, loaded.runbook, phase);
  if (values.json) io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else io.stdout.write(`${result.summary}\nRecord: ${store.pathOf(record.runId)}\n`);
  // A proven DHT node outranks a check that failed elsewhere; both fail a pipeline.
  if (result.exposed) return EXIT_FOUND;
  return signal.aborted || result.failed ? EXIT_FAILURE : EXIT_CLEAN;
}

interface LoadedRunbook { runbook: Runbook; path: string; hash: string; bundled: boolean }

/** A bundled runbook by id, or a runbook file by path. */
function loadRunbook(name: string): LoadedRunbook | { error: string } {
  const bundledPath = join(__dirname, '..', 'runbooks', `${name}.md`);
  const bundled = !name.endsWith('.md') && existsSync(bundledPath);
  const path = bundled ? bundledPath : resolve(name);
  if (!existsSync(path)) return { error: `no runbook "${name}": give "bittorrent-mainline-dht" or the path of a runbook .md file.` };
  const text = readFileSync(path, 'utf8');
  const { runbook, diagnostics } = parseRunbook(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!runbook || errors.length > 0) {
    return { error: `${name} has mistakes: ${errors.map((d) => `line ${d.line + 1}: ${d.message}`).join('; ') || 'nothing usable in it'}` };
  }
  return { runbook, path: bundled ? `runbooks/${basename(path)}` : path, hash: createHash('sha256').update(text).digest('hex'), bundled };
}
