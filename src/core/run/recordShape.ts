// The shape of a run record at schema @2 (an @1 record is an @2 record without per-finding steps), field by field (docs/run-record.md).
// The record's own envelope rejects unknown keys: a key we do not know means
// a schema we do not read.
import { localCheckResult, sweepSummary } from './evidenceShapes';
import {
  allOf, arrayOf, bool, childPath, integer, isPlainObject, isoTime, mapOf, matching, nonEmptyText, objectOf, oneOf, tagged, text, type Shape,
} from './shape';
import { READABLE_SCHEMAS } from './types';

/** Safe as a file name on every OS: no separators, no leading dot, no Windows device names. */
export const RUN_ID_PATTERN = /^(?!(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$))[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/i;
/** A superset of the runbook's step ids (lowercase slugs), so any runbook's steps fit. */
export const STEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const runId = matching(RUN_ID_PATTERN, 'a run id of letters, digits, ".", "_" and "-" (at most 128, not starting with a dot)');
const revision = integer(1);
const stepStatus = oneOf('pending', 'running', 'passed', 'failed', 'skipped', 'attention');
const phase = oneOf('detection', 'remediation', 'verification');

const runbookRef = objectOf({
  required: {
    id: nonEmptyText,
    version: text,
    title: text,
    contentHash: matching(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lowercase hex digits'),
    source: oneOf('bundled', 'workspace'),
    path: text,
  },
  otherKeys: 'reject',
});

/** A host of the scanner report a run's targets came from (RunTargets' fromReport). */
const reportHost = objectOf({
  required: { address: nonEmptyText, ports: arrayOf(integer(1, 65535)), pluginIds: arrayOf(text) },
  optional: { name: text, protocols: arrayOf(text), severity: text, output: text, scanTime: text },
  otherKeys: 'reject',
});

const fromReport = objectOf({
  required: {
    format: oneOf('nessus', 'nessus-csv', 'host-list'),
    name: text,
    sha256: matching(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lowercase hex digits'),
    hosts: arrayOf(reportHost),
  },
  otherKeys: 'reject',
});

const targets = tagged('mode', {
  'this-machine': objectOf({ required: { mode: text }, otherKeys: 'reject' }),
  hosts: objectOf({ required: { mode: text, text: nonEmptyText }, optional: { fromReport }, otherKeys: 'reject' }),
});

const operator = objectOf({ required: { user: text, host: text }, otherKeys: 'reject' });

const stillThere = objectOf({
  required: { socket: text, stillListening: bool },
  optional: { process: text, unverified: text },
  otherKeys: 'reject',
});

export const baselineComparison: Shape = objectOf({
  required: {
    dhtEndpoints: arrayOf(objectOf({
      required: { endpoint: text, before: (value, path) => (value === true ? undefined : `${path}: expected true`), now: bool },
      optional: { client: text, unverified: text },
      otherKeys: 'reject',
    })),
    newDhtEndpoints: arrayOf(text),
    otherServices: arrayOf(stillThere),
  },
  optional: { suspectSockets: arrayOf(stillThere), caveats: arrayOf(text) },
  otherKeys: 'reject',
});

const verdict = tagged('outcome', {
  remediated: objectOf({ required: { outcome: text, because: text }, otherKeys: 'reject' }),
  'still-exposed': objectOf({ required: { outcome: text, because: text }, otherKeys: 'reject' }),
  'accepted-risk': objectOf({ required: { outcome: text, because: text, justification: nonEmptyText }, otherKeys: 'reject' }),
  inconclusive: objectOf({ required: { outcome: text, because: text }, otherKeys: 'reject' }),
});

const actionResult = tagged('kind', {
  'check-listening-ports': objectOf({ required: { kind: text, at: isoTime, result: localCheckResult }, optional: { actionId: text }, otherKeys: 'reject' }),
  'probe-dht': objectOf({
    required: { kind: text, at: isoTime, targets: text, endpointCount: integer(0), summary: sweepSummary },
    optional: { actionId: text, resolved: arrayOf(objectOf({ required: { name: nonEmptyText, addresses: arrayOf(nonEmptyText) }, otherKeys: 'reject' })) }, otherKeys: 'reject',
  }),
  decision: objectOf({
    required: { kind: text, at: isoTime, question: text, answer: text, justification: text, by: text },
    optional: { actionId: text }, otherKeys: 'reject',
  }),
  confirm: objectOf({ required: { kind: text, at: isoTime, statement: text, by: text }, optional: { actionId: text }, otherKeys: 'reject' }),
  command: objectOf({
    required: { kind: text, at: isoTime, platform: text, commandLine: text, terminalName: text, by: text },
    optional: {
      actionId: text, exitCode: integer(), output: text,
      reportedBy: oneOf('shell-integration', 'process', 'person'), outcome: oneOf('succeeded', 'failed', 'interrupted'), argv: arrayOf(text),
      effect: objectOf({ required: { ends: oneOf('process', 'program'), seen: oneOf('yes', 'no', 'unknown') }, otherKeys: 'reject' }),
    },
    otherKeys: 'reject',
  }),
  'compare-baseline': objectOf({
    required: { kind: text, at: isoTime, comparison: baselineComparison },
    optional: { actionId: text, verdict, findings: arrayOf(objectOf({ required: { findingId: nonEmptyText, title: text, verdict }, otherKeys: 'reject' })) },
    otherKeys: 'reject',
  }),
  error: objectOf({ required: { kind: text, at: isoTime, action: text, message: text }, optional: { actionId: text }, otherKeys: 'reject' }),
});

/** What each status promises: a running step has started, a finished one has ended, a skipped one says why. */
const statusAgrees: Shape = (value, path) => {
  const step = value as { status: string; startedAt?: string; endedAt?: string; skipReason?: string };
  if (step.status === 'running' && step.startedAt === undefined) return `${childPath(path, 'startedAt')}: missing for a running step`;
  if (['passed', 'failed', 'attention', 'skipped'].includes(step.status) && step.endedAt === undefined) {
    return `${childPath(path, 'endedAt')}: missing for a ${step.status} step`;
  }
  if (step.status === 'skipped' && step.skipReason === undefined) return `${childPath(path, 'skipReason')}: missing for a skipped step`;
  return undefined;
};

/** The fields a finding's part of a step has; a step has them too. */
const partRequired = { status: stepStatus, results: arrayOf(actionResult) };
const partOptional = { startedAt: isoTime, endedAt: isoTime, skipReason: nonEmptyText, note: text };

const findingStepRecord = allOf(objectOf({ required: partRequired, optional: partOptional, otherKeys: 'reject' }), statusAgrees);

/** A map whose keys are ids (step ids, or finding ids as findingsOf makes them: letters, digits, ".", "_", "-"). */
function idMapOf(value: Shape, what: string): Shape {
  return allOf(mapOf(value), (map, path) => {
    const bad = Object.keys(map as object).find((id) => !STEP_ID_PATTERN.test(id));
    return bad === undefined ? undefined : `${childPath(path, bad)}: not a valid ${what}`;
  });
}

const findingSteps = idMapOf(findingStepRecord, 'finding id');

const stepRecord = allOf(
  objectOf({ required: partRequired, optional: { ...partOptional, phase, title: text, findings: findingSteps }, otherKeys: 'reject' }),
  statusAgrees,
);

const steps = idMapOf(stepRecord, 'step id');


/** The record's envelope; `fleet` only where a fleet is allowed (not inside a fleet's host record). */
function recordEnvelope(fleet?: Shape): Shape {
  return objectOf({
    required: {
      schema: text,
      runId,
      revision,
      runbook: runbookRef,
      targets,
      operator,
      startedAt: isoTime,
      updatedAt: isoTime,
      steps,
      origin: oneOf('editor', 'cli'),
    },
    optional: { endedAt: isoTime, verdict, ...(fleet === undefined ? {} : { fleet }) },
    otherKeys: 'reject',
  });
}

/** A host's own record inside a fleet run: a whole record of a readable schema, never a fleet itself. */
const fleetHostRecord: Shape = allOf(
  (value, path) => {
    if (isPlainObject(value) && Object.hasOwn(value, 'fleet')) return `${childPath(path, 'fleet')}: a host's record cannot itself be a fleet run`;
    if (isPlainObject(value) && !READABLE_SCHEMAS.includes(value['schema'] as string)) {
      return `${childPath(path, 'schema')}: expected one of ${READABLE_SCHEMAS.map((s) => JSON.stringify(s)).join(', ')}`;
    }
    return undefined;
  },
  recordEnvelope(),
);

const fleetHost = allOf(
  objectOf({ required: { host: nonEmptyText, runId, record: fleetHostRecord }, otherKeys: 'reject' }),
  (value, path) => {
    const entry = value as { runId: string; record: { runId: string } };
    return entry.runId === entry.record.runId ? undefined : `${childPath(path, 'runId')}: ${JSON.stringify(entry.runId)} is not the run id of its record (${JSON.stringify(entry.record.runId)})`;
  },
);

const fleet: Shape = allOf(
  objectOf({ required: { hosts: arrayOf(fleetHost) }, otherKeys: 'reject' }),
  (value, path) => {
    const hosts = (value as { hosts: { host: string; runId: string }[] }).hosts;
    if (hosts.length === 0) return `${childPath(path, 'hosts')}: a fleet run needs at least one host`;
    const seen = new Set<string>();
    for (const [index, entry] of hosts.entries()) {
      if (seen.has(entry.host)) return `${childPath(path, 'hosts')}[${index}].host: ${JSON.stringify(entry.host)} appears twice`;
      seen.add(entry.host);
    }
    return undefined;
  },
);

/** A merged run is read-only: it is ended when it is made. */
const fleetIsEnded: Shape = (value, path) => {
  const record = value as { fleet?: unknown; endedAt?: string };
  return record.fleet !== undefined && record.endedAt === undefined ? `${childPath(path, 'endedAt')}: missing for a fleet run (a merged run is ended when it is made)` : undefined;
};

/** Everything but `schema`, which the validator reads first to tell older and newer records apart. */
export const runRecordShape: Shape = allOf(recordEnvelope(fleet), fleetIsEnded);
