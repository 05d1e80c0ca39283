// `dht-runbook run <runbook>`: a runbook's automatic checks without the
// editor, recorded in the same schema (the editor's history shows the run).
//
// One small function per stage, in the order they run: read the options,
// check everything that can be checked before any check runs (targets, the
// report path, the runbook, the record), open or create the record, run the
// phase, write the reports. A new phase mode adds its case to PHASES and, if
// it needs one, a stage; the others stay as they are.
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { parseArgs } from 'node:util';
import { formatHostTable } from '../core/hosts/formatHostTable';
import { hostsOf } from '../core/hosts/hostsOf';
import { runReportSarif } from '../core/run/reportSarif';
import { newRunId } from '../core/run/runId';
import { createRun, endRun } from '../core/run/runState';
import type { RunRecord, RunTargets } from '../core/run/types';
import type { PhaseId, Runbook } from '../core/runbook/model';
import { MAX_RUNBOOK_BYTES, parseRunbook } from '../core/runbook/parseRunbook';
import { parseTargets } from '../core/targets/parseTargets';
import { parsePortSpec } from '../core/targets/portSpec';
import { BoundedReadError, readBoundedText } from '../node/files/readBoundedFile';
import { DEFAULT_SWEEP_SETTINGS } from '../node/probe/dhtSweep';
import { DEFAULT_MAX_ENDPOINTS, DEFAULT_PORTS } from '../node/probe/probePlan';
import { writeFileAtomic } from '../node/run/atomicWrite';
import { importProblemMessage } from '../node/scanReport/importScanReport';
import { runTargetsFromReport } from '../node/scanReport/runTargetsFromReport';
import { runPhaseHeadless } from '../node/run/headlessRun';
import { currentOperator } from '../node/run/operator';
import { RunStore } from '../node/run/runStore';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';
import { exposure } from './exposure';
import { optionsMessage, writeError, writeJson, writeLines, writeNote } from './output';
import { readRemediationChoice, REMEDIATION_OPTIONS, REMEDIATION_USAGE, runRemediationPhase } from './remediationCommand';
import type { RemediationChoice } from '../node/remediation/headlessRemediation';
import { reportPathProblem } from './reportPath';
import type { CliStreams } from './runCli';

export const RUN_USAGE = `dht-runbook run <runbook> [options]

Runs the automatic checks of one phase of a runbook (the bundled one is
"bittorrent-mainline-dht"; or give a path to a runbook .md file) and writes a
run record that the editor's Runs view shows.
  --targets <list>      hosts for a new run's probes (default: this machine)
  --from-report <file>  the hosts of a scanner report (.nessus, Nessus CSV, host list) that carry
                        the DHT finding, with the ports it saw plus the usual ones
  --phase <phase>       detection (default), remediation or verification
  --run <run id>        with --phase remediation or verification: the run whose detection they follow
  --record-dir <dir>    where records live (default ./.runbook-runs)
  --json                print the record as JSON
  --sarif <file>        also write a SARIF 2.1.0 report (its folder must exist and be writable;
                        with --phase remediation, only together with --apply)
${REMEDIATION_USAGE}
Detection always starts a new run. Remediation and verification continue one
(--run) and keep the targets it was started with: --targets and --from-report
go with detection only.

Exit codes: 0 clean, 1 exposed (a DHT node answers), 2 bad input or failure.
With --phase remediation: 0 every chosen command exited 0 (or, without
--apply, the plan was printed), 1 a command failed or could not run, 2 bad
input or failure.
`;

/** The phases `run` walks, and whether each continues a recorded run (--run) or starts one. */
const PHASES: Readonly<Partial<Record<PhaseId, { readonly continuesRun: boolean }>>> = {
  detection: { continuesRun: false },
  remediation: { continuesRun: true },
  verification: { continuesRun: true },
};

/** Bundled runbooks are named by id; anything else is a path. */
const BUNDLED_ID = /^[a-z0-9][a-z0-9-]*$/;

export interface RunOptions {
  readonly runbook: string;
  readonly phase: PhaseId;
  readonly runId?: string;
  readonly targets?: string;
  /** --from-report: a scanner report whose hosts are the new run's targets. */
  readonly fromReport?: string;
  readonly recordDir: string;
  readonly json: boolean;
  readonly sarif?: string;
  /** --phase remediation's flags, read against the runbook once it is loaded. */
  readonly remediation: { decision?: string; justification?: string; apply?: boolean; steps?: string };
}

interface LoadedRunbook { runbook: Runbook; path: string; hash: string; bundled: boolean }

class RunInputError extends Error {}

export async function runCommand(args: string[], io: CliStreams, signal: AbortSignal): Promise<number> {
  let options: RunOptions | 'help';
  let loaded: LoadedRunbook;
  let store: RunStore;
  let record: RunRecord;
  try {
    options = readRunOptions(args);
    if (options === 'help') { io.stdout.write(RUN_USAGE); return EXIT_CLEAN; }
    loaded = await checkBeforeRunning(options);
    // The whole report is read before the run exists: a report that cannot be read creates no run.
    const fromReport = options.fromReport === undefined ? undefined : await reportTargets(options.fromReport, io);
    const choice = options.phase === 'remediation' ? readRemediationChoice(options.remediation, loaded.runbook) : undefined;
    store = new RunStore(resolve(options.recordDir));
    record = await openRecord(store, loaded, options, fromReport);
    writeNote(io, `run ${record.runId}: ${options.phase} of ${loaded.path}`);
    if (choice !== undefined) return await remediate(record, loaded, store, choice, options, io, signal);
    record = await runPhase(record, loaded, store, options, io, signal);
    if (options.sarif) await writeFileAtomic(resolve(options.sarif), `${JSON.stringify(runReportSarif(record), null, 2)}\n`);
  } catch (error) {
    writeError(io, 'run', error instanceof Error ? error.message : String(error));
    return EXIT_FAILURE;
  }
  return report(io, record, loaded, store, options, signal);
}

function readRunOptions(args: string[]): RunOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        targets: { type: 'string' }, 'from-report': { type: 'string' }, phase: { type: 'string' }, run: { type: 'string' }, 'record-dir': { type: 'string' }, json: { type: 'boolean' }, sarif: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        ...REMEDIATION_OPTIONS,
      },
    });
  } catch (error) {
    throw new RunInputError(optionsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new RunInputError('name one runbook: "bittorrent-mainline-dht" or a path to a runbook file.');
  const phase = (values.phase ?? 'detection') as PhaseId;
  const rule = Object.hasOwn(PHASES, phase) ? PHASES[phase] : undefined;
  if (!rule) throw new RunInputError(`--phase "${values.phase}" is not one of ${Object.keys(PHASES).map((p) => `"${p}"`).join(', ')}.`);
  const contradiction = contradictoryOptions(values, phase, rule.continuesRun);
  if (contradiction) throw new RunInputError(contradiction);
  return {
    runbook: positionals[0]!, phase, json: values.json ?? false, recordDir: values['record-dir'] ?? '.runbook-runs',
    remediation: { ...(values.decision === undefined ? {} : { decision: values.decision }), ...(values.justification === undefined ? {} : { justification: values.justification }), ...(values.apply === undefined ? {} : { apply: values.apply }), ...(values.steps === undefined ? {} : { steps: values.steps }) },
    ...(values.run === undefined ? {} : { runId: values.run }),
    ...(values.targets === undefined ? {} : { targets: values.targets }),
    ...(values['from-report'] === undefined ? {} : { fromReport: values['from-report'] }),
    ...(values.sarif === undefined ? {} : { sarif: values.sarif }),
  };
}

/**
 * Options that mean nothing in the phase asked for, or contradict each other,
 * are refused before anything runs: a person who typed one expects it to act,
 * and a run that quietly did something else (a new detection instead of a
 * remediation, the record's targets instead of the typed ones) misleads them.
 */
function contradictoryOptions(values: Readonly<Record<string, string | boolean | undefined>>, phase: PhaseId, continuesRun: boolean): string | undefined {
  const given = (names: readonly string[]) => names.filter((name) => values[name] !== undefined).map((name) => `--${name}`);
  const remediationOnly = given(Object.keys(REMEDIATION_OPTIONS));
  if (phase !== 'remediation' && remediationOnly.length > 0) {
    const which = values.phase === undefined ? 'detection (the default phase)' : phase;
    const how = phase === 'detection' ? 'add --phase remediation --run <run id>' : `use --phase remediation instead of --phase ${phase}, with --run <run id>`;
    return `${listed(remediationOnly)} ${remediationOnly.length === 1 ? 'is' : 'are'} for the remediation phase only, and this is ${which}. To remediate, ${how} (the run whose detection found the nodes); otherwise leave out ${listed(remediationOnly)}.`;
  }
  const runId = typeof values.run === 'string' ? values.run : undefined;
  if (continuesRun && runId === undefined) return `--phase ${phase} needs --run <run id>: the run whose detection is the baseline.`;
  if (!continuesRun && runId !== undefined) {
    return `--run goes with --phase remediation or --phase verification: detection always starts a new run. To continue run ${runId}, add --phase remediation or --phase verification; to detect again, leave out --run.`;
  }
  const targetChoices = given(['targets', 'from-report']);
  if (continuesRun && targetChoices.length > 0) {
    return `${listed(targetChoices)} cannot change the targets of run ${runId}: a run's targets are fixed at detection, and its later phases keep them. Leave out ${listed(targetChoices)} to continue the run, or start a new run with ${listed(targetChoices)} (without --phase and --run).`;
  }
  if (targetChoices.length > 1) return '--from-report names a new run\'s targets: give it without --targets.';
  // A plan (no --apply) changes nothing and writes no record, so there is no SARIF to write.
  if (phase === 'remediation' && values.sarif !== undefined && values.apply !== true) {
    return '--sarif with --phase remediation reports what --apply ran; without --apply only the plan is printed and nothing is written. Add --apply, or leave out --sarif.';
  }
  return undefined;
}

/** "--a", "--a and --b", "--a, --b and --c". */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Everything that can be wrong before a check runs: the targets, the report path, the runbook. */
async function checkBeforeRunning(options: RunOptions): Promise<LoadedRunbook> {
  if (options.targets !== undefined) {
    const ports = parsePortSpec(DEFAULT_PORTS);
    const checked = parseTargets(options.targets, { defaultPorts: ports.ok ? ports.ranges : [], maxEndpoints: DEFAULT_MAX_ENDPOINTS });
    if (!checked.ok) throw new RunInputError(checked.errors.map((e) => e.message).join('; '));
  }
  if (options.sarif !== undefined) {
    const problem = await reportPathProblem(options.sarif, '--sarif');
    if (problem) throw new RunInputError(problem);
  }
  return loadRunbook(options.runbook);
}

/** A bundled runbook by id, or a runbook file by path; read bounded (a FIFO, a device or a huge file is refused at once). */
async function loadRunbook(name: string): Promise<LoadedRunbook> {
  const bundledPath = join(__dirname, '..', 'runbooks', `${name}.md`);
  const bundledText = !BUNDLED_ID.test(name) ? undefined
    : isSea() ? embeddedRunbook(name)
    : await readRunbookText(bundledPath, name).catch(() => undefined);
  const bundled = bundledText !== undefined;
  const path = bundled ? bundledPath : resolve(name);
  const text = bundledText ?? await readRunbookText(path, name);
  const { runbook, diagnostics } = parseRunbook(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!runbook || errors.length > 0) {
    throw new RunInputError(`${name} has mistakes: ${errors.map((d) => `line ${d.line + 1}: ${d.message}`).join('; ') || 'nothing usable in it'}`);
  }
  return { runbook, path: bundled ? `runbooks/${basename(path)}` : path, hash: createHash('sha256').update(text).digest('hex'), bundled };
}

/** The single executable (scripts/sea-build.mjs) carries the bundled runbooks as SEA assets: no files lie beside it. */
function embeddedRunbook(name: string): string | undefined {
  try { return getAsset(`runbooks/${name}.md`, 'utf8'); } catch { return undefined; }
}

async function readRunbookText(path: string, name: string): Promise<string> {
  try {
    return await readBoundedText(path, { maxBytes: MAX_RUNBOOK_BYTES, what: 'runbook' });
  } catch (error) {
    if (error instanceof BoundedReadError && error.code === 'missing') {
      throw new RunInputError(`no runbook "${name}": give "bittorrent-mainline-dht" or the path of a runbook .md file.`);
    }
    throw error;
  }
}

/** The run to continue (--run, checked against this runbook), or a new one, saved. */
async function openRecord(store: RunStore, loaded: LoadedRunbook, options: RunOptions, fromReport?: RunTargets): Promise<RunRecord> {
  if (options.runId !== undefined) {
    const record = await store.load(options.runId);
    if (record.runbook.id !== loaded.runbook.id) throw new RunInputError(`run ${options.runId} follows runbook "${record.runbook.id}", not "${loaded.runbook.id}".`);
    if (record.endedAt) throw new RunInputError(`run ${options.runId} has ended; start a new run.`);
    return record;
  }
  const at = new Date().toISOString();
  const targets: RunTargets = fromReport ?? (options.targets ? { mode: 'hosts', text: options.targets } : { mode: 'this-machine' });
  return store.save(createRun({
    runId: newRunId(at, randomBytes(4).toString('hex')),
    runbook: { id: loaded.runbook.id, version: loaded.runbook.version ?? '', title: loaded.runbook.title, contentHash: loaded.hash, source: loaded.bundled ? 'bundled' : 'workspace', path: loaded.path },
    targets, operator: currentOperator(), origin: 'cli',
    steps: loaded.runbook.phases.flatMap((p) => p.steps.map((s) => ({ id: s.id, phase: p.id, title: s.title }))),
    at,
  }));
}

async function runPhase(start: RunRecord, loaded: LoadedRunbook, store: RunStore, options: RunOptions, io: CliStreams, signal: AbortSignal): Promise<RunRecord> {
  const probe = { ports: DEFAULT_PORTS, maxEndpoints: DEFAULT_MAX_ENDPOINTS, ...DEFAULT_SWEEP_SETTINGS };
  const record = await runPhaseHeadless(start, {
    runbook: loaded.runbook, phase: options.phase, probe, store, signal,
    onStep: (stepId, status) => writeNote(io, `  ${stepId}: ${status}`),
  });
  // Verification ends the run; an interrupted one stays open to be finished.
  return options.phase === 'verification' && !signal.aborted ? store.save(endRun(record, new Date().toISOString())) : record;
}

/** Headless remediation: its own exit code (did every chosen command work?), and the record as JSON or SARIF as asked. */
async function remediate(start: RunRecord, loaded: LoadedRunbook, store: RunStore, choice: RemediationChoice, options: RunOptions, io: CliStreams, signal: AbortSignal): Promise<number> {
  const { record, exitCode } = await runRemediationPhase(start, loaded.runbook, store, choice, io, signal);
  if (options.json) writeJson(io, record);
  else if (choice.apply) writeLines(io, `Record: ${store.pathOf(record.runId)}`);
  if (options.sarif && choice.apply) await writeFileAtomic(resolve(options.sarif), `${JSON.stringify(runReportSarif(record), null, 2)}\n`);
  return signal.aborted ? EXIT_FAILURE : exitCode;
}

/** --from-report: the report's hosts as targets, or a RunInputError saying what is wrong with the file. */
async function reportTargets(path: string, io: CliStreams): Promise<RunTargets> {
  try {
    const { targets, report } = await runTargetsFromReport(path);
    writeNote(io, `${report.name}: ${report.hosts.length} host${report.hosts.length === 1 ? '' : 's'} with the DHT finding (${report.counts.skipped} other findings skipped)`);
    return targets;
  } catch (error) {
    throw new RunInputError(importProblemMessage(error));
  }
}

/** The per-host table, for a run over hosts. */
function hostTable(record: RunRecord): string {
  const overview = hostsOf(record);
  return overview === undefined || overview.hosts.length === 0 ? '' : `\n${formatHostTable(overview)}`;
}

function report(io: CliStreams, record: RunRecord, loaded: LoadedRunbook, store: RunStore, options: RunOptions, signal: AbortSignal): number {
  const result = exposure(record, loaded.runbook, options.phase);
  if (options.json) writeJson(io, record);
  else writeLines(io, `${result.summary}${hostTable(record)}\nRecord: ${store.pathOf(record.runId)}`);
  // A proven DHT node outranks a check that failed elsewhere; both fail a pipeline.
  if (result.exposed) return EXIT_FOUND;
  return signal.aborted || result.failed ? EXIT_FAILURE : EXIT_CLEAN;
}
