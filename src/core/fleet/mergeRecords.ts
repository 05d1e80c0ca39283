// Per-host run records (one run of "this machine" on each host, as the
// Ansible playbook brings them back) combined into one fleet run: a normal
// run record, so the editor's Runs view lists and opens it like any run, with
// each host's record kept whole under `fleet.hosts` and the fleet's verdict
// read from the hosts' own verdicts (src/core/hosts/fleetVerdict.ts).
//
// The merged record's steps are the runbook's outline (ids, phases, titles,
// from the first host's record), every one skipped with the reason "this step
// ran on each host". Empty steps would show every step as pending work in
// the run panel of a run that is finished and read-only; copying the first
// host's steps would present one host's evidence as the fleet's, and twice.
//
// An input must be one host's run: a run over many hosts (a report's, several
// targets, a fleet run) is refused, as oneHostRecord.ts says why.
import { fleetHostsOf } from '../hosts/fleetHosts';
import { fleetVerdict } from '../hosts/fleetVerdict';
import { newRunId } from '../run/runId';
import type { FleetHost, Operator, RunRecord, StepRecord } from '../run/types';
import { RUN_RECORD_SCHEMA } from '../run/types';
import { notOneHostProblem } from './oneHostRecord';

export interface MergeInput {
  /** Where the record came from (its path), for messages. */
  readonly source: string;
  readonly record: RunRecord;
  /** The host's name when the caller knows it better than the record (merge --host-from-folder); else operator.host. */
  readonly host?: string;
}

export interface MergeOptions {
  /** When the merge happens: the fleet run's end. */
  readonly at: string;
  /** Hex for the run id's random part (core has no random source). */
  readonly randomHex: string;
  /** Who merged, on which machine. */
  readonly operator: Operator;
}

export type MergeResult =
  | { readonly ok: true; readonly record: RunRecord; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

export const FLEET_STEP_SKIP_REASON = 'A fleet run: this step ran on each host; see the host table and each host\'s own record (fleet.hosts).';

export function mergeRecords(inputs: readonly MergeInput[], options: MergeOptions): MergeResult {
  if (inputs.length === 0) return { ok: false, problems: ['no record to merge: name the hosts\' record files.'] };
  const problems = [...inputs.flatMap(inputProblems), ...runbookProblems(inputs)];
  if (problems.length > 0) return { ok: false, problems };
  const notes: string[] = [];
  const hosts = newestPerHost(inputs, notes);
  notes.push(...runbookNotes(hosts.map((h) => h.input)));
  const sameRun = sharedRunIds(hosts);
  if (sameRun.length > 0) return { ok: false, problems: sameRun };

  const entries: FleetHost[] = hosts.map(({ host, input }) => ({ host, runId: input.record.runId, record: input.record }));
  const first = entries[0]!.record;
  const startedAt = entries.map((e) => e.record.startedAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
  const verdict = fleetVerdict(fleetHostsOf({ hosts: entries }).hosts);
  const steps: Record<string, StepRecord> = {};
  for (const [id, step] of Object.entries(first.steps)) {
    steps[id] = {
      ...(step.phase === undefined ? {} : { phase: step.phase }), ...(step.title === undefined ? {} : { title: step.title }),
      status: 'skipped', skipReason: FLEET_STEP_SKIP_REASON, endedAt: options.at, results: [],
    };
  }
  const record: RunRecord = {
    schema: RUN_RECORD_SCHEMA,
    runId: newRunId(startedAt, options.randomHex),
    revision: 1,
    runbook: first.runbook,
    targets: { mode: 'hosts', text: entries.map((e) => e.host).join('\n') },
    operator: options.operator,
    startedAt,
    updatedAt: options.at,
    endedAt: options.at,
    steps,
    verdict,
    origin: 'cli',
    fleet: { hosts: entries },
  };
  return { ok: true, record, notes };
}

function hostOf(input: MergeInput): string {
  return input.host ?? input.record.operator.host;
}

function inputProblems(input: MergeInput): string[] {
  // A run over many hosts is refused alone: how to name it as one host does not arise.
  const notOneHost = notOneHostProblem(input.source, input.record);
  if (notOneHost !== undefined) return [notOneHost];
  if (hostOf(input).trim() === '') {
    return [`${input.source} names no host (its operator.host is empty): give --host-from-folder and keep each host's records in a folder named after it.`];
  }
  return [];
}

/** One runbook per fleet: a fleet verdict over different runbooks would compare unlike things. */
function runbookProblems(inputs: readonly MergeInput[]): string[] {
  const byId = groupBy(inputs, (i) => i.record.runbook.id);
  if (byId.size <= 1) return [];
  const list = [...byId].map(([id, group]) => `"${id}" (${group.map((i) => i.source).join(', ')})`).join('; ');
  return [`the records follow different runbooks: ${list}. Merge the records of one runbook at a time.`];
}

/** Versions or texts that differ are worth knowing, not a reason to refuse: each host's record keeps its own. */
function runbookNotes(inputs: readonly MergeInput[]): string[] {
  const notes: string[] = [];
  const versions = groupBy(inputs, (i) => i.record.runbook.version || '(none)');
  if (versions.size > 1) {
    notes.push(`the hosts followed different versions of runbook "${inputs[0]!.record.runbook.id}": ${[...versions].map(([v, g]) => `${v} (${g.map(hostOf).join(', ')})`).join('; ')}. The fleet run names the first; each host's record keeps its own.`);
  }
  const hashes = groupBy(inputs, (i) => i.record.runbook.contentHash);
  if (hashes.size > 1) {
    notes.push(`the hosts followed different texts of runbook "${inputs[0]!.record.runbook.id}" (content hashes ${[...hashes].map(([h, g]) => `${h.slice(0, 12)}… (${g.map(hostOf).join(', ')})`).join('; ')}). The fleet run names the first; each host's record keeps its own.`);
  }
  return notes;
}

/** Several records of one host (its record folder keeps every run): the newest by start time counts. */
function newestPerHost(inputs: readonly MergeInput[], notes: string[]): { host: string; input: MergeInput }[] {
  const kept = new Map<string, MergeInput>();
  for (const input of inputs) {
    const host = hostOf(input);
    const known = kept.get(host);
    if (known === undefined) { kept.set(host, input); continue; }
    const newer = Date.parse(input.record.startedAt) > Date.parse(known.record.startedAt) ? input : known;
    const older = newer === input ? known : input;
    kept.set(host, newer);
    notes.push(older.record.runId === newer.record.runId
      ? `${older.source} holds run ${older.record.runId} of host ${host}, as ${newer.source} does; it counts once.`
      : `host ${host} has two records: kept ${newer.record.runId} (${newer.source}, started ${newer.record.startedAt}), left out ${older.record.runId} (${older.source}, started ${older.record.startedAt}). If they are different machines with one name, give --host-from-folder.`);
  }
  return [...kept].map(([host, input]) => ({ host, input }));
}

/** The same run as two hosts' record is a copy, not two hosts. */
function sharedRunIds(hosts: readonly { host: string; input: MergeInput }[]): string[] {
  const byRun = groupBy(hosts, (h) => h.input.record.runId);
  return [...byRun].filter(([, group]) => group.length > 1)
    .map(([runId, group]) => `run ${runId} is given as the record of hosts ${group.map((g) => `${g.host} (${g.input.source})`).join(' and ')}: one run is one host's. Remove the copy.`);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
