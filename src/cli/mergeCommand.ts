// `dht-runbook merge RECORD.json...`: per-host run records (as the Ansible
// playbook brings them back, one folder per host) combined into one fleet run,
// saved like any run (the editor's Runs view opens it), with the per-host
// table, the fleet's verdict, and Markdown and SARIF reports.
//
// Everything is read and checked before anything is written: a record that
// cannot be read or is not a valid record is named with why, and then
// nothing is saved and no report is written.
import { randomBytes } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeRecords, type MergeInput } from '../core/fleet/mergeRecords';
import { formatHostTable } from '../core/hosts/formatHostTable';
import { hostsOf } from '../core/hosts/hostsOf';
import { runReportMarkdown } from '../core/run/reportMarkdown';
import { runReportSarif } from '../core/run/reportSarif';
import type { RunRecord } from '../core/run/types';
import { validateRunRecord } from '../core/run/validateRecord';
import { readBoundedText } from '../node/files/readBoundedFile';
import { writeFileAtomic } from '../node/run/atomicWrite';
import { currentOperator } from '../node/run/operator';
import { MAX_RECORD_BYTES, RunStore } from '../node/run/runStore';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';
import { optionsMessage, writeError, writeJson, writeLines, writeNote } from './output';
import { reportPathProblem } from './reportPath';
import type { CliStreams } from './runCli';
import { plural } from '../core/text/sentences';

export const MERGE_USAGE = `dht-runbook merge <record.json>... [options]

Combines per-host run records (each a run of one machine, such as those the
Ansible playbook brings back) into one fleet run: one row per host with its
state at detection, its findings and its verdict, and a verdict for the
fleet. The fleet run is saved like any run, so the editor's Runs view opens
it. When a host has several records, the newest counts.
  --host-from-folder    name each host by the folder its record is in, as the playbook
                        fetches them (<dht_fetch_dir>/<host>/<run id>.json); default: the
                        host name the run recorded
  --record-dir <dir>    where the fleet run is saved (default ./.runbook-runs)
  --json                print the fleet run's record as JSON
  --sarif <file>        also write a SARIF 2.1.0 report (its folder must exist and be writable)
  --markdown <file>     also write the Markdown report (its folder must exist and be writable)
Exit codes: 0 remediated or accepted risk, 1 still exposed, 2 inconclusive or bad input.
`;

interface MergeOptions {
  readonly files: readonly string[];
  readonly hostFromFolder: boolean;
  readonly recordDir: string;
  readonly json: boolean;
  readonly sarif?: string;
  readonly markdown?: string;
}

class MergeInputError extends Error {}

export async function mergeCommand(args: string[], io: CliStreams): Promise<number> {
  try {
    const options = readMergeOptions(args);
    if (options === 'help') { io.stdout.write(MERGE_USAGE); return EXIT_CLEAN; }
    for (const [flag, path] of [['--sarif', options.sarif], ['--markdown', options.markdown]] as const) {
      const problem = path === undefined ? undefined : await reportPathProblem(path, flag);
      if (problem) throw new MergeInputError(problem);
    }
    const inputs = await readRecords(options);
    if (!Array.isArray(inputs)) {
      for (const problem of inputs.problems) writeError(io, 'merge', problem);
      writeError(io, 'merge', 'nothing was written.');
      return EXIT_FAILURE;
    }
    const merged = mergeRecords(inputs, { at: new Date().toISOString(), randomHex: randomBytes(4).toString('hex'), operator: currentOperator() });
    if (!merged.ok) {
      for (const problem of merged.problems) writeError(io, 'merge', problem);
      writeError(io, 'merge', 'nothing was written.');
      return EXIT_FAILURE;
    }
    for (const note of merged.notes) writeNote(io, `note: ${note}`);
    const store = new RunStore(resolve(options.recordDir));
    const record = await store.save(merged.record);
    if (options.sarif !== undefined) await writeFileAtomic(resolve(options.sarif), `${JSON.stringify(runReportSarif(record), null, 2)}\n`);
    if (options.markdown !== undefined) await writeFileAtomic(resolve(options.markdown), runReportMarkdown(record));
    report(io, record, store, options);
    return exitCodeOf(record);
  } catch (error) {
    writeError(io, 'merge', error instanceof Error ? error.message : String(error));
    return EXIT_FAILURE;
  }
}

function readMergeOptions(args: string[]): MergeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        'host-from-folder': { type: 'boolean' }, 'record-dir': { type: 'string' }, json: { type: 'boolean' },
        sarif: { type: 'string' }, markdown: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new MergeInputError(optionsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new MergeInputError('name the hosts\' record files to merge, e.g. dht-runbook merge records/*/*.json --host-from-folder');
  return {
    files: positionals, hostFromFolder: values['host-from-folder'] ?? false, recordDir: values['record-dir'] ?? '.runbook-runs', json: values.json ?? false,
    ...(values.sarif === undefined ? {} : { sarif: values.sarif }),
    ...(values.markdown === undefined ? {} : { markdown: values.markdown }),
  };
}

/** Every file read bounded and validated; all problems at once, so one pass fixes them all. */
async function readRecords(options: MergeOptions): Promise<MergeInput[] | { problems: string[] }> {
  const inputs: MergeInput[] = [];
  const problems: string[] = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = await readBoundedText(file, { maxBytes: MAX_RECORD_BYTES, what: 'run record' });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    const valid = validateRunRecord(text, file);
    if (!valid.ok) { problems.push(valid.message); continue; }
    const folder = basename(dirname(resolve(file)));
    inputs.push({ source: file, record: valid.record, ...(options.hostFromFolder ? { host: folder } : {}) });
  }
  return problems.length > 0 ? { problems } : inputs;
}

function report(io: CliStreams, record: RunRecord, store: RunStore, options: MergeOptions): void {
  if (options.json) { writeJson(io, record); return; }
  const overview = hostsOf(record);
  writeLines(io, [
    `fleet run ${record.runId}: ${plural(record.fleet?.hosts.length ?? 0, 'host')} of runbook ${record.runbook.id}`,
    ...(overview === undefined ? [] : [formatHostTable(overview, { fleet: true })]),
    `Record: ${store.pathOf(record.runId)}`,
  ].join('\n'));
}

function exitCodeOf(record: RunRecord): number {
  switch (record.verdict?.outcome) {
    case 'remediated': case 'accepted-risk': return EXIT_CLEAN;
    case 'still-exposed': return EXIT_FOUND;
    default: return EXIT_FAILURE;
  }
}
