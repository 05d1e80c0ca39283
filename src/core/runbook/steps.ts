// Turns step drafts into steps: reads each block's fields, gives every step
// a unique id, reads the actions, and resolves `when:` conditions against
// the decisions they name.
import { isActionKind, readAction } from './actions';
import { readBlockFields, type BlockField } from './blockFields';
import { ACTION_KINDS, type Action, type ActionKind, type Phase, type RunbookDiagnostic, type Step, type StepCondition } from './model';
import { isValidId, slugify } from './slug';
import type { PhaseDraft, StepDraft } from './structure';

interface ActionBlock {
  kind: ActionKind;
  kindLine: number;
  blockLine: number;
  fields: BlockField[];
}

/** What a step's blocks say, before ids are known. */
interface StepReading {
  draft: StepDraft;
  phase: PhaseDraft;
  explicitId?: BlockField;
  when?: BlockField;
  forEach?: BlockField;
  actionBlocks: ActionBlock[];
}

export function readPhases(drafts: readonly PhaseDraft[], diagnostics: RunbookDiagnostic[]): Phase[] {
  const readings = drafts.flatMap((phase) => phase.steps.map((draft) => readStepBlocks(phase, draft, diagnostics)));
  const ids = assignStepIds(readings, diagnostics);
  const steps = new Map<StepReading, Step>();
  for (const [index, reading] of readings.entries()) {
    const id = ids[index] ?? 'step';
    const step: Step = { id, title: reading.draft.title, markdown: reading.draft.markdown, actions: readActions(reading, id, diagnostics), line: reading.draft.line };
    if (readForEach(reading.forEach, diagnostics)) step.forEach = 'finding';
    checkAppliesNeedForEach(step, diagnostics);
    steps.set(reading, step);
  }
  const inDocumentOrder = [...steps.values()].sort((a, b) => a.line - b.line);
  const byId = new Map<string, Step>();
  for (const step of inDocumentOrder) if (!byId.has(step.id)) byId.set(step.id, step);
  for (const [reading, step] of steps) {
    if (reading.when === undefined) continue;
    const condition = readCondition(reading.when, step, byId, diagnostics);
    if (condition !== undefined) step.condition = condition;
  }
  const phases = drafts.map((draft): Phase => ({
    id: draft.id, title: draft.title, intro: draft.intro, line: draft.line,
    steps: readings.filter((r) => r.phase === draft).map((r) => steps.get(r)).filter((s): s is Step => s !== undefined),
  }));
  checkPlacement(phases, diagnostics);
  return phases;
}

function readStepBlocks(phase: PhaseDraft, draft: StepDraft, diagnostics: RunbookDiagnostic[]): StepReading {
  const reading: StepReading = { draft, phase, actionBlocks: [] };
  for (const block of draft.blocks) {
    const read = readBlockFields(block.content, block.line + 1);
    diagnostics.push(...read.diagnostics);
    let kindField: BlockField | undefined;
    const rest: BlockField[] = [];
    for (const field of read.fields) {
      if (field.key === 'action') kindField = takeOnce(kindField, field, diagnostics);
      else if (field.key === 'step') reading.explicitId = takeStepSetting(reading.explicitId, field, diagnostics);
      else if (field.key === 'when') reading.when = takeStepSetting(reading.when, field, diagnostics);
      else if (field.key === 'for-each') reading.forEach = takeStepSetting(reading.forEach, field, diagnostics);
      else rest.push(field);
    }
    if (kindField === undefined) {
      // A block of only `step:` and `when:` sets up a step that has no action.
      if (rest.length > 0) diagnostics.push({ severity: 'error', line: block.line, code: 'missing-field', message: `This runbook block has no "action:" line. Add one: ${ACTION_KINDS.join(', ')}.` });
      continue;
    }
    if (!isActionKind(kindField.value)) {
      diagnostics.push({ severity: 'error', line: kindField.line, code: 'unknown-action', message: `Unknown action "${kindField.value}". Actions are: ${ACTION_KINDS.join(', ')}.` });
      continue;
    }
    reading.actionBlocks.push({ kind: kindField.value, kindLine: kindField.line, blockLine: block.line, fields: rest });
  }
  return reading;
}

function takeOnce(previous: BlockField | undefined, field: BlockField, diagnostics: RunbookDiagnostic[]): BlockField {
  if (previous === undefined) return field;
  diagnostics.push({ severity: 'error', line: field.line, code: 'duplicate-field', message: `"${field.key}" is given twice in this block; one block holds one action.` });
  return previous;
}

/** `step:` and `when:` may repeat across a step's blocks only with the same value. */
function takeStepSetting(previous: BlockField | undefined, field: BlockField, diagnostics: RunbookDiagnostic[]): BlockField {
  if (previous === undefined) return field;
  if (previous.value !== field.value) {
    diagnostics.push({
      severity: 'error', line: field.line, code: field.key === 'when' ? 'condition' : 'bad-step-id',
      message: `This step already has "${field.key}: ${previous.value}" (line ${previous.line + 1}); a step has one ${field.key === 'when' ? 'condition' : 'id'}.`,
    });
  }
  return previous;
}

/** Explicit ids first (so they keep their names), then each heading's slug, made unique. */
function assignStepIds(readings: readonly StepReading[], diagnostics: RunbookDiagnostic[]): string[] {
  const used = new Map<string, number>();
  const ids: (string | undefined)[] = readings.map((reading) => {
    const explicit = reading.explicitId;
    if (explicit === undefined) return undefined;
    if (!isValidId(explicit.value)) {
      diagnostics.push({ severity: 'error', line: explicit.line, code: 'bad-step-id', message: `Step id "${explicit.value}" must be lowercase letters, digits and hyphens (at most 64), starting with a letter or digit.` });
      return undefined;
    }
    const firstLine = used.get(explicit.value);
    if (firstLine !== undefined) {
      diagnostics.push({ severity: 'error', line: explicit.line, code: 'duplicate-step-id', message: `Step id "${explicit.value}" is already used on line ${firstLine + 1}; step ids must be unique.` });
      return undefined;
    }
    used.set(explicit.value, explicit.line);
    return explicit.value;
  });
  // The next suffix to try per title: repeated titles must not retry -2, -3, ... from the start each time.
  const nextSuffix = new Map<string, number>();
  return readings.map((reading, index) => {
    const explicit = ids[index];
    if (explicit !== undefined) return explicit;
    const base = slugify(reading.draft.title) || 'step';
    let id = base;
    if (used.has(id)) {
      let suffix = nextSuffix.get(base) ?? 2;
      do { id = `${base.slice(0, 60)}-${suffix}`; suffix++; } while (used.has(id));
      nextSuffix.set(base, suffix);
    }
    used.set(id, reading.draft.line);
    return id;
  });
}

function readActions(reading: StepReading, stepId: string, diagnostics: RunbookDiagnostic[]): Action[] {
  const actions: Action[] = [];
  for (const [index, block] of reading.actionBlocks.entries()) {
    const read = readAction(block.kind, block.fields, `${stepId}.${index + 1}`, block.kindLine, block.blockLine);
    diagnostics.push(...read.diagnostics);
    if (read.action !== undefined) actions.push(read.action);
  }
  return actions;
}

/** `for-each: finding` is the one kind of repetition there is. */
function readForEach(field: BlockField | undefined, diagnostics: RunbookDiagnostic[]): boolean {
  if (field === undefined) return false;
  if (field.value === 'finding') return true;
  diagnostics.push({ severity: 'error', line: field.line, code: 'for-each', message: `"for-each: ${field.value}" is not known; write "for-each: finding" to repeat the step for each program detection found.` });
  return false;
}

/** A command's `if:` reads a finding's facts, so only a step that repeats for each finding has them. */
function checkAppliesNeedForEach(step: Step, diagnostics: RunbookDiagnostic[]): void {
  if (step.forEach === 'finding') return;
  for (const action of step.actions) {
    if (action.kind === 'command' && action.applies !== undefined) {
      diagnostics.push({ severity: 'error', line: action.applies.line, code: 'for-each', message: '"if:" reads the facts of one finding; add "for-each: finding" to this step, or remove the "if:" line.' });
    }
  }
}

/** `when: <decision step id> = <answer>`, naming an earlier step with exactly one decision. */
function readCondition(field: BlockField, step: Step, steps: ReadonlyMap<string, Step>, diagnostics: RunbookDiagnostic[]): StepCondition | undefined {
  const report = (message: string) => diagnostics.push({ severity: 'error', line: field.line, code: 'condition', message });
  const equals = field.value.indexOf('=');
  const decisionStep = field.value.slice(0, Math.max(equals, 0)).trim();
  const answer = field.value.slice(equals + 1).trim();
  if (equals < 0 || decisionStep === '' || answer === '') {
    report(`Write a condition as "when: <decision step id> = <answer>", e.g. "when: policy-decision = not permitted".`);
    return undefined;
  }
  const condition: StepCondition = { decisionStep, answer, line: field.line };
  const target = steps.get(decisionStep);
  if (target === undefined) {
    report(`No step has the id "${decisionStep}". Conditions name the step that holds the decision.`);
    return condition;
  }
  if (target.line >= step.line) {
    report(`The decision "${decisionStep}" comes after this step; a condition can only depend on an earlier answer.`);
    return condition;
  }
  const decisions = target.actions.filter((a) => a.kind === 'decision');
  const decision = decisions[0];
  if (decisions.length !== 1 || decision === undefined) {
    report(`Step "${decisionStep}" must hold exactly one decision to be used in a condition; it holds ${decisions.length}.`);
    return condition;
  }
  if (!decision.answers.includes(answer)) {
    const shown = decision.answers.slice(0, 10).join(', ');
    const more = decision.answers.length > 10 ? ` and ${decision.answers.length - 10} more` : '';
    report(`"${answer}" is not an answer of "${decisionStep}"; its answers are: ${shown}${more}.`);
  }
  // A decision made once per finding can only be read per finding.
  if (target.forEach === 'finding' && step.forEach !== 'finding') {
    report(`"${decisionStep}" is answered once for each finding, so this step must repeat for each finding too: add "for-each: finding".`);
  }
  return condition;
}

/** compare-baseline belongs in verification, and needs checks in detection to compare with. */
function checkPlacement(phases: readonly Phase[], diagnostics: RunbookDiagnostic[]): void {
  const detection = phases.find((p) => p.id === 'detection');
  const detectionChecks = detection?.steps.some((s) => s.actions.some((a) => a.kind === 'check-listening-ports' || a.kind === 'probe-dht')) ?? false;
  for (const phase of phases) {
    for (const action of phase.steps.flatMap((s) => s.actions)) {
      if (action.kind !== 'compare-baseline') continue;
      if (phase.id !== 'verification') {
        diagnostics.push({ severity: 'error', line: action.line, code: 'misplaced-action', message: 'compare-baseline belongs in the verification phase, after the checks it compares.' });
      } else if (!detectionChecks) {
        diagnostics.push({ severity: 'error', line: action.line, code: 'misplaced-action', message: 'compare-baseline compares with the detection phase\'s checks, but that phase has no check-listening-ports or probe-dht action.' });
      }
    }
  }
}
