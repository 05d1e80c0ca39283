// Arranges headings into the runbook's parts: the H1 and its intro, the
// phases ("## Phase 1: Detection") with their steps (### headings), and
// every other H2 as an informational section.
import type { OutlineBlock, OutlineHeading, OutlineItem } from './markdownOutline';
import { PHASE_IDS, type PhaseId, type RunbookDiagnostic, type Section } from './model';
import { capitalise } from '../text/sentences';

export interface StepDraft {
  title: string;
  line: number;
  markdown: string;
  blocks: OutlineBlock[];
}

export interface PhaseDraft {
  id: PhaseId;
  title: string;
  line: number;
  intro: string;
  steps: StepDraft[];
}

export interface RunbookStructure {
  h1?: { text: string; line: number };
  intro: string;
  /** In the order detection, remediation, verification; absent phases are left out. */
  phases: PhaseDraft[];
  sections: Section[];
}

/** "Phase 2: Remediation", "Phase 2: Remediation — remove the client". */
const PHASE_HEADING = /^phase\s+(\d+)\s*:\s*([A-Za-z]+)\b/i;
const PHASE_LIKE = /^phase\s+\d/i;

export function buildStructure(lines: readonly string[], items: readonly OutlineItem[], bodyStart: number, diagnostics: RunbookDiagnostic[]): RunbookStructure {
  const headings = items.filter((item): item is OutlineHeading => item.kind === 'heading');
  const inBlock = blockLines(lines.length, items);
  const sectionEnds = new BoundaryIndex(headings, lines.length);
  const markdown = (from: number, boundaryLevel: number, heading?: OutlineHeading) =>
    markdownBetween(lines, from, sectionEnds.endOf(boundaryLevel, heading), inBlock);

  const structure: RunbookStructure = { intro: '', phases: [], sections: [] };
  const firstH1 = headings.find((h) => h.level === 1);
  structure.intro = markdown(firstH1?.endLine ?? bodyStart, 2, firstH1);
  if (firstH1 !== undefined) structure.h1 = { text: firstH1.text, line: firstH1.line };

  let phase: PhaseDraft | undefined;
  let step: StepDraft | undefined;
  let latestPhaseIndex = -1;
  for (const item of items) {
    if (item.kind === 'block') {
      if (step !== undefined) step.blocks.push(item);
      else diagnostics.push(outsideStep(item, phase));
      continue;
    }
    if (item.level > 3) continue;
    step = undefined;
    if (item.level === 3) {
      if (phase === undefined) continue;
      step = { title: item.text, line: item.line, markdown: markdown(item.endLine, 3, item), blocks: [] };
      phase.steps.push(step);
      continue;
    }
    phase = undefined;
    if (item.level === 1) {
      if (item !== firstH1) {
        diagnostics.push({ severity: 'warning', line: item.line, code: 'phase-heading', message: 'A runbook has one H1 (its title); this one is read as a section.' });
        structure.sections.push({ title: item.text, markdown: markdown(item.endLine, 2, item), line: item.line });
      }
      continue;
    }
    const phaseId = readPhaseHeading(item, diagnostics);
    if (phaseId === undefined) {
      structure.sections.push({ title: item.text, markdown: markdown(item.endLine, 2, item), line: item.line });
      continue;
    }
    const index = PHASE_IDS.indexOf(phaseId);
    const existing = structure.phases.find((p) => p.id === phaseId);
    if (existing !== undefined) {
      diagnostics.push({ severity: 'error', line: item.line, code: 'duplicate-phase', message: `The ${phaseId} phase already began on line ${existing.line + 1}; its steps here are added to it.` });
      phase = existing;
      continue;
    }
    if (index < latestPhaseIndex) {
      diagnostics.push({ severity: 'error', line: item.line, code: 'phase-order', message: `The ${phaseId} phase must come before ${PHASE_IDS[latestPhaseIndex]}: phases run in the order ${PHASE_IDS.join(', ')}.` });
    }
    latestPhaseIndex = Math.max(latestPhaseIndex, index);
    phase = { id: phaseId, title: item.text, line: item.line, intro: markdown(item.endLine, 3, item), steps: [] };
    structure.phases.push(phase);
  }
  structure.phases.sort((a, b) => PHASE_IDS.indexOf(a.id) - PHASE_IDS.indexOf(b.id));
  reportPhaseGaps(structure.phases, lines.length, diagnostics);
  return structure;
}

/** The phase an H2 names, or undefined for an informational section. */
function readPhaseHeading(heading: OutlineHeading, diagnostics: RunbookDiagnostic[]): PhaseId | undefined {
  const match = PHASE_HEADING.exec(heading.text);
  const name = match?.[2]?.toLowerCase();
  const phaseId = PHASE_IDS.find((id) => id === name);
  if (match !== null && phaseId !== undefined) {
    const expected = PHASE_IDS.indexOf(phaseId) + 1;
    if (Number(match[1]) !== expected) {
      diagnostics.push({ severity: 'warning', line: heading.line, code: 'phase-heading', message: `The ${phaseId} phase is phase ${expected}; number it "Phase ${expected}".` });
    }
    return phaseId;
  }
  if (match !== null || PHASE_LIKE.test(heading.text)) {
    diagnostics.push({
      severity: 'error', line: heading.line, code: 'phase-heading',
      message: `"${heading.text}" is not a phase: phase headings read "Phase 1: Detection", "Phase 2: Remediation" or "Phase 3: Verification". It is read as a section.`,
    });
    return undefined;
  }
  const bare = PHASE_IDS.find((id) => id === heading.text.toLowerCase());
  if (bare !== undefined) {
    const number = PHASE_IDS.indexOf(bare) + 1;
    diagnostics.push({
      severity: 'warning', line: heading.line, code: 'phase-heading',
      message: `"${heading.text}" is read as an informational section. To make it the ${bare} phase, write "Phase ${number}: ${heading.text}".`,
    });
  }
  return undefined;
}

/** Each missing phase is reported where it belongs: at the next phase's heading, or at the end of the runbook. */
function reportPhaseGaps(phases: readonly PhaseDraft[], lineCount: number, diagnostics: RunbookDiagnostic[]): void {
  for (const [index, id] of PHASE_IDS.entries()) {
    if (phases.some((p) => p.id === id)) continue;
    const next = phases.find((p) => PHASE_IDS.indexOf(p.id) > index);
    const line = next?.line ?? Math.max(0, lineCount - 1);
    const where = next !== undefined ? `before "${next.title}"` : 'at the end of the runbook';
    diagnostics.push({ severity: 'error', line, code: 'missing-phase', message: `The runbook has no ${id} phase: add "## Phase ${index + 1}: ${capitalise(id)}" ${where}.` });
  }
  for (const phase of phases) {
    if (phase.steps.length === 0) {
      diagnostics.push({ severity: 'warning', line: phase.line, code: 'empty-phase', message: `The ${phase.id} phase has no steps: add ### headings with what to do.` });
    }
  }
}

function outsideStep(block: OutlineBlock, phase: PhaseDraft | undefined): RunbookDiagnostic {
  const message = phase !== undefined
    ? `This runbook block is not in a step: put it under a ### heading inside "${phase.title}".`
    : 'Runbook blocks only run inside a phase\'s steps ("## Phase 1: Detection", then ### step headings); this one is ignored.';
  return { severity: 'error', line: block.line, code: 'action-outside-step', message };
}

/**
 * Where each heading's text ends: the first line of the next heading at
 * `boundaryLevel` or above, or the end. Precomputed in one backward pass, so
 * that a runbook of many headings does not search the rest of them per heading.
 */
class BoundaryIndex {
  private readonly index = new Map<OutlineHeading, number>();
  /** nextAtMost[level][i]: line of the first heading after headings[i] whose level is at most `level`. */
  private readonly nextAtMost = new Map<number, Int32Array>();
  /** The same from the top of the document, before any heading. */
  private readonly firstAtMost = new Map<number, number>();

  constructor(headings: readonly OutlineHeading[], private readonly lineCount: number) {
    headings.forEach((heading, position) => this.index.set(heading, position));
    for (let level = 1; level <= 6; level++) {
      const next = new Int32Array(headings.length);
      let following = lineCount;
      for (let position = headings.length - 1; position >= 0; position--) {
        next[position] = following;
        const heading = headings[position];
        if (heading !== undefined && heading.level <= level) following = heading.line;
      }
      this.nextAtMost.set(level, next);
      this.firstAtMost.set(level, following);
    }
  }

  endOf(boundaryLevel: number, heading: OutlineHeading | undefined): number {
    if (heading === undefined) return this.firstAtMost.get(boundaryLevel) ?? this.lineCount;
    const position = this.index.get(heading);
    if (position === undefined) return this.lineCount;
    return this.nextAtMost.get(boundaryLevel)?.[position] ?? this.lineCount;
  }
}

/** Which lines belong to a runbook block (fences included), one flag per line. */
function blockLines(lineCount: number, items: readonly OutlineItem[]): Uint8Array {
  const inBlock = new Uint8Array(lineCount);
  for (const item of items) {
    if (item.kind === 'block') inBlock.fill(1, Math.max(0, item.line), Math.min(lineCount, item.endLine));
  }
  return inBlock;
}

/** The source lines [from, to) without runbook blocks, blank lines trimmed at both ends. */
function markdownBetween(lines: readonly string[], from: number, to: number, inBlock: Uint8Array): string {
  const kept: string[] = [];
  for (let line = from; line < to; line++) {
    if (inBlock[line] === 1) continue;
    kept.push(lines[line] ?? '');
  }
  let first = 0;
  let end = kept.length;
  while (first < end && kept[first]?.trim() === '') first++;
  while (end > first && kept[end - 1]?.trim() === '') end--;
  return kept.slice(first, end).join('\n');
}
