// Validates SARIF logs against the official 2.1.0 schema (test/fixtures/sarif/README.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const schema = JSON.parse(readFileSync(resolve('test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// unicodeRegExp: false: the schema's `language` pattern has a stray ']' only non-Unicode patterns accept.
// strict: false: the schema uses draft-04 idioms that Ajv's strict mode flags.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for `log`, or an empty list when it is valid SARIF 2.1.0. */
export function sarifErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
