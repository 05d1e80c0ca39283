// Reads a run record from untrusted JSON (a file on disk, a teammate's commit)
// and either returns it typed, or says in one sentence what is wrong and what
// to do. Never throws: a bad record must never crash a list of records.
import { isPlainObject } from './shape';
import { runRecordShape } from './recordShape';
import { READABLE_SCHEMAS, RUN_RECORD_SCHEMA, type RunRecord } from './types';

export type RecordProblem = 'not-json' | 'not-a-record' | 'older-schema' | 'newer-schema' | 'damaged';

export type RecordValidation =
  | { readonly ok: true; readonly record: RunRecord }
  | { readonly ok: false; readonly problem: RecordProblem; readonly message: string };

const SCHEMA_FAMILY = /^dht-runbook\/run-record@(\d{1,9})$/;
const CURRENT_VERSION = Number(SCHEMA_FAMILY.exec(RUN_RECORD_SCHEMA)?.[1]);
const UNTOUCHED = 'It was left untouched.';

/**
 * `json` is the parsed value, or the file's text (a string is parsed first).
 * `name` is what messages call the record (its file name); defaults to its run id.
 */
export function validateRunRecord(json: unknown, name?: string): RecordValidation {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return fail('not-json', `${label(name, undefined)} is not valid JSON (cut short, or edited by hand?): ${why}. ${UNTOUCHED}`);
    }
  }
  const record = label(name, value);
  if (!isPlainObject(value)) {
    return fail('not-a-record', `${record} is not a run record: expected a JSON object whose "schema" is "${RUN_RECORD_SCHEMA}". ${UNTOUCHED}`);
  }
  const schema = value['schema'];
  const version = typeof schema === 'string' ? SCHEMA_FAMILY.exec(schema)?.[1] : undefined;
  if (version === undefined) {
    return fail('not-a-record', `${record} is not a run record: its "schema" is ${JSON.stringify(schema) ?? 'missing'}, not "${RUN_RECORD_SCHEMA}". ${UNTOUCHED}`);
  }
  const found = Number(version);
  const readable = READABLE_SCHEMAS.includes(schema as string);
  if (found < CURRENT_VERSION && !readable) {
    return fail('older-schema', `${record} was written by schema @${found}; this version reads @${CURRENT_VERSION}. ${UNTOUCHED} An older release of the extension can still open it.`);
  }
  if (found > CURRENT_VERSION) {
    return fail('newer-schema', `${record} was written by schema @${found}, by a newer release; this version reads @${CURRENT_VERSION}. ${UNTOUCHED} Update the extension to open it.`);
  }
  const problem = runRecordShape(value, 'record');
  if (problem !== undefined) {
    return fail('damaged', `${record} is damaged: ${problem}. ${UNTOUCHED} Restore it from version control or a backup, or fix that field by hand.`);
  }
  // An older readable record is read as the current schema; it is written back as such on its next change.
  return { ok: true, record: { ...value, schema: RUN_RECORD_SCHEMA } as unknown as RunRecord };
}

function fail(problem: RecordProblem, message: string): RecordValidation {
  return { ok: false, problem, message };
}

function label(name: string | undefined, value: unknown): string {
  if (name !== undefined) return `Record ${name}`;
  const runId = isPlainObject(value) && typeof value['runId'] === 'string' ? value['runId'] : undefined;
  return runId === undefined ? 'This record' : `Record ${JSON.stringify(runId)}`;
}
