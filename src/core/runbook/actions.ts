// Each action kind's fields: which exist, which are required, what values
// they take. A block with a mistake gets a diagnostic at the line of the
// mistake; a bad optional field falls back to its default, a bad required
// one drops the action.
import { parsePortSpec, type PortRange } from '../targets/portSpec';
import { parseTargets } from '../targets/parseTargets';
import type { BlockField } from './blockFields';
import {
  ACTION_KINDS, COMMAND_OSES, FINDING_FACT_VALUES, type Action, type CommandApplies, type FindingFact, type ActionKind, type BaselineGone, type BaselineKept, type CommandAction, type CommandOs,
  type PlaceholderName, type ProbePorts, type ProbeTargets, type RunbookDiagnostic,
} from './model';
import { isPlaceholderName, placeholderPositionProblems, PLACEHOLDERS, scanPlaceholders } from './placeholders';

interface FieldSpec {
  required?: boolean;
  /** May appear on several lines, each adding one value. */
  repeatable?: boolean;
}

const LABEL: FieldSpec = {};

const FIELDS: Record<ActionKind, Record<string, FieldSpec>> = {
  'check-listening-ports': { label: LABEL, 'all-udp': {} },
  'probe-dht': { label: LABEL, targets: { required: true }, ports: {} },
  decision: { label: LABEL, question: { required: true }, answer: { required: true, repeatable: true }, justification: {} },
  confirm: { label: LABEL, prompt: { required: true } },
  command: { label: LABEL, linux: {}, macos: {}, windows: {}, if: {}, ends: {}, unattended: {} },
  'compare-baseline': { label: LABEL, gone: {}, kept: {} },
};

export function isActionKind(text: string): text is ActionKind {
  return (ACTION_KINDS as readonly string[]).includes(text);
}

/**
 * Reads one action. `fields` are the block's fields other than the step keys;
 * `kindLine` is the line of its `action:` field, where block-wide mistakes
 * (a missing field) are reported.
 */
export function readAction(kind: ActionKind, fields: readonly BlockField[], id: string, kindLine: number, blockLine: number): { action: Action | undefined; diagnostics: RunbookDiagnostic[] } {
  const reader = new FieldReader(kind, fields, kindLine);
  const action = readKind(kind, reader, { id, line: blockLine });
  return { action: reader.failed ? undefined : action, diagnostics: reader.diagnostics };
}

interface Common {
  id: string;
  line: number;
  label?: string;
}

function readKind(kind: ActionKind, reader: FieldReader, base: { id: string; line: number }): Action | undefined {
  const common: Common = { ...base };
  const label = reader.one('label');
  if (label !== undefined) common.label = label.value;
  switch (kind) {
    case 'check-listening-ports':
      return { ...common, kind, allUdp: reader.boolean('all-udp', false) };
    case 'probe-dht':
      return readProbe(reader, common);
    case 'decision':
      return readDecision(reader, common);
    case 'confirm':
      return { ...common, kind, prompt: reader.one('prompt')?.value ?? '' };
    case 'command':
      return readCommand(reader, common);
    case 'compare-baseline':
      return {
        ...common, kind,
        gone: reader.list<BaselineGone>('gone', ['dht-nodes', 'suspect-sockets'], ['dht-nodes', 'suspect-sockets']),
        kept: reader.list<BaselineKept>('kept', ['other-listeners'], ['other-listeners']),
      };
  }
}

function readProbe(reader: FieldReader, common: Common): Action | undefined {
  const portsField = reader.one('ports');
  let ports: ProbePorts = { kind: 'default' };
  if (portsField?.value === 'listening-udp') {
    ports = { kind: 'listening-udp' };
  } else if (portsField !== undefined) {
    const parsed = parsePortSpec(portsField.value);
    if (parsed.ok) ports = { kind: 'list', text: portsField.value, ranges: parsed.ranges };
    else reader.bad(portsField, `ports: ${parsed.error}. Give a port list like 6881-6889,51413, or listening-udp.`);
  }
  const targetsField = reader.one('targets');
  if (targetsField === undefined) return undefined;
  let targets: ProbeTargets;
  if (targetsField.value === 'this-machine' || targetsField.value === 'run-targets') {
    targets = { kind: targetsField.value };
  } else {
    const defaultPorts: PortRange[] = ports.kind === 'list' ? ports.ranges : [{ first: 6881, last: 6881 }];
    const parsed = parseTargets(targetsField.value, { defaultPorts });
    if (!parsed.ok) {
      reader.fail(targetsField, `targets: ${parsed.errors.map((e) => e.message).join('; ')}. Use this-machine, run-targets or a target list.`);
      return undefined;
    }
    targets = { kind: 'list', text: targetsField.value };
  }
  if (ports.kind === 'listening-udp' && targets.kind !== 'this-machine' && portsField !== undefined) {
    reader.bad(portsField, 'ports: listening-udp means the UDP ports this machine listens on, so it needs targets: this-machine.');
    ports = { kind: 'default' };
  }
  return { ...common, kind: 'probe-dht', targets, ports };
}

/** Answers are buttons, and the panel's messages carry them: both stay short. */
export const MAX_ANSWER_LENGTH = 200;

function readDecision(reader: FieldReader, common: Common): Action | undefined {
  const answers: string[] = [];
  const seen = new Set<string>(); // a Set: tens of thousands of answers must not cost a scan each
  for (const field of reader.all('answer')) {
    if (seen.has(field.value)) reader.bad(field, `The answer "${field.value}" is given twice.`);
    else if (field.value.length > MAX_ANSWER_LENGTH) reader.bad(field, `The answer is ${field.value.length} characters long; keep answers to ${MAX_ANSWER_LENGTH} characters (a button shows them), and put the detail in the question or the step's text.`);
    else { answers.push(field.value); seen.add(field.value); }
  }
  const question = reader.one('question');
  if (question === undefined || answers.length === 0) return undefined;
  if (answers.length < 2) {
    reader.fail(reader.all('answer')[0] ?? question, 'A decision needs at least two different answers, one "answer:" line each.');
    return undefined;
  }
  const justification = reader.choice('justification', ['required', 'optional'] as const, 'required');
  return { ...common, kind: 'decision', question: question.value, answers, justification };
}

function readCommand(reader: FieldReader, common: Common): CommandAction | undefined {
  const commands: Partial<Record<CommandOs, string>> = {};
  const placeholders: PlaceholderName[] = [];
  for (const os of COMMAND_OSES) {
    const field = reader.one(os);
    if (field === undefined) continue;
    commands[os] = field.value;
    const { uses, errors } = scanPlaceholders(field.value);
    for (const error of errors) reader.fail(field, error.message, 'bad-value');
    for (const use of uses) {
      if (!isPlaceholderName(use.name)) {
        reader.fail(field, `Unknown placeholder {{${use.name}}}. Known placeholders: ${Object.keys(PLACEHOLDERS).map((n) => `{{${n}}}`).join(', ')}.`, 'unknown-placeholder');
        continue;
      }
      if (!placeholders.includes(use.name)) placeholders.push(use.name);
    }
    // A value is quoted as one shell word, which is sound only where a whole word stands:
    // inside quotes, $(...), a comment or glued to other text, it could run as code.
    for (const problem of placeholderPositionProblems(field.value, os === 'windows' ? 'powershell' : 'posix')) reader.fail(field, problem.message, 'quoted-placeholder');
  }
  if (Object.keys(commands).length === 0) {
    reader.missing(`A command needs at least one of ${COMMAND_OSES.map((os) => `"${os}:"`).join(', ')}.`);
    return undefined;
  }
  const applies = readApplies(reader);
  const ends = reader.choice('ends', ['process', 'program', 'nothing'] as const, 'nothing');
  const unattended = readUnattended(reader);
  return {
    ...common, kind: 'command', commands, placeholders,
    ...(applies === undefined ? {} : { applies }), ...(ends === 'nothing' ? {} : { ends }), ...(unattended === undefined ? {} : { unattended }),
  };
}

/** An option such as -y, --no-confirm or --assume-yes=true: never an operand, a placeholder or anything a shell expands. */
const UNATTENDED_OPTION = /^--?[A-Za-z0-9][A-Za-z0-9_.:=,-]*$/;

/**
 * `unattended: -y`: options added at the end of the command when nobody is
 * there to answer its questions (the CLI's --apply). Options only: the
 * command's operands, its package among them, are what the person saw.
 */
function readUnattended(reader: FieldReader): string[] | undefined {
  const field = reader.one('unattended');
  if (field === undefined) return undefined;
  const words = field.value.split(/\s+/).filter((w) => w !== '');
  const wrong = words.filter((w) => !UNATTENDED_OPTION.test(w));
  if (wrong.length > 0) {
    reader.bad(field, `unattended takes options only (each starts with "-": letters, digits and _ . : = , -), e.g. "unattended: -y"; "${wrong.join('", "')}" is not one.`);
    return undefined;
  }
  return words;
}

/** `if: manager = apt` or `if: install = appimage, user-copy`. */
function readApplies(reader: FieldReader): CommandApplies | undefined {
  const field = reader.one('if');
  if (field === undefined) return undefined;
  const equals = field.value.indexOf('=');
  const fact = field.value.slice(0, Math.max(equals, 0)).trim();
  const facts = Object.keys(FINDING_FACT_VALUES) as FindingFact[];
  const known = facts.find((f) => f === fact);
  if (equals < 0 || known === undefined) {
    reader.fail(field, `Write "if: <fact> = <value>, ...", where the fact is one of ${facts.join(', ')}; e.g. "if: manager = apt".`);
    return undefined;
  }
  const values = field.value.slice(equals + 1).split(',').map((v) => v.trim());
  const allowed = FINDING_FACT_VALUES[known];
  const wrong = values.filter((v) => !allowed.includes(v));
  if (wrong.length > 0 || values.length === 0) {
    reader.fail(field, `if: ${known} is one of ${allowed.join(', ')}; "${wrong.join('", "')}" is not.`);
    return undefined;
  }
  return { fact: known, values, line: field.line };
}

/** Holds one block's fields and reports, once each, what is wrong with them. */
class FieldReader {
  readonly diagnostics: RunbookDiagnostic[] = [];
  /** Set when the action cannot be used as written. */
  failed = false;
  private readonly byKey = new Map<string, BlockField[]>();

  constructor(kind: ActionKind, fields: readonly BlockField[], private readonly kindLine: number) {
    const spec = FIELDS[kind];
    // Unknown, repeated and empty fields are errors, but the action is kept:
    // only a missing or unusable required value drops it.
    for (const field of fields) {
      const fieldSpec = spec[field.key];
      if (fieldSpec === undefined) {
        this.report(field, `"${field.key}" is not a field of ${kind}. Its fields are: ${Object.keys(spec).join(', ')}.`, 'unknown-field');
        continue;
      }
      const seen = this.byKey.get(field.key) ?? [];
      if (seen.length > 0 && fieldSpec.repeatable !== true) {
        this.report(field, `"${field.key}" is given twice; keep one.`, 'duplicate-field');
        continue;
      }
      if (field.value === '') {
        this.report(field, `"${field.key}" has no value.`, 'bad-value');
        continue;
      }
      seen.push(field);
      this.byKey.set(field.key, seen);
    }
    const absent = Object.entries(spec).filter(([key, s]) => s.required === true && !this.byKey.has(key)).map(([key]) => `"${key}"`);
    if (absent.length > 0) this.missing(`${kind} needs ${absent.join(' and ')}.`);
  }

  one(key: string): BlockField | undefined {
    return this.byKey.get(key)?.[0];
  }

  all(key: string): BlockField[] {
    return this.byKey.get(key) ?? [];
  }

  boolean(key: string, fallback: boolean): boolean {
    return this.choice(key, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
  }

  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const field = this.one(key);
    if (field === undefined) return fallback;
    const found = allowed.find((a) => a === field.value);
    if (found !== undefined) return found;
    const words = allowed.length > 2 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)!}` : allowed.join(' or ');
    this.bad(field, `${key} must be ${words}, not "${field.value}".`);
    return fallback;
  }

  /** A comma-separated list of allowed words. */
  list<T extends string>(key: string, allowed: readonly T[], fallback: T[]): T[] {
    const field = this.one(key);
    if (field === undefined) return fallback;
    const chosen: T[] = [];
    for (const word of field.value.split(',').map((w) => w.trim())) {
      const found = allowed.find((a) => a === word);
      if (found === undefined) {
        this.bad(field, `${key}: "${word}" is not one of ${allowed.join(', ')}.`);
        return fallback;
      }
      if (!chosen.includes(found)) chosen.push(found);
    }
    return chosen;
  }

  /** A required field is absent: reported on the `action:` line. */
  missing(message: string): void {
    this.failed = true;
    this.diagnostics.push({ severity: 'error', line: this.kindLine, message, code: 'missing-field' });
  }

  /** A value is wrong but a default stands in for it. */
  bad(field: BlockField, message: string): void {
    this.report(field, message, 'bad-value');
  }

  private report(field: BlockField, message: string, code: RunbookDiagnostic['code']): void {
    this.diagnostics.push({ severity: 'error', line: field.line, message, code });
  }

  /** A value is wrong and the action cannot be used. */
  fail(field: BlockField, message: string, code: RunbookDiagnostic['code'] = 'bad-value'): void {
    this.failed = true;
    this.report(field, message, code);
  }

  warn(field: BlockField, message: string, code: RunbookDiagnostic['code']): void {
    this.diagnostics.push({ severity: 'warning', line: field.line, message, code });
  }
}
