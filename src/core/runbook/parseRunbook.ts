// Reads a runbook: front matter, then the Markdown through markdown-it's
// token stream. Never throws: every mistake becomes a diagnostic with its
// line, and whatever could be read is returned. The format is described in
// docs/runbook-format.md.
import { parseFrontMatter } from './frontMatter';
import { readOutline } from './markdownOutline';
import type { ParseRunbookResult, Runbook, RunbookDiagnostic } from './model';
import { readRunbookHeader } from './runbookHeader';
import { slugify } from './slug';
import { readPhases } from './steps';
import { buildStructure } from './structure';

/** Bigger than any runbook a person writes; keeps a hostile workspace file from stalling the editor. */
export const MAX_RUNBOOK_CHARS = 1_000_000;
/** No UTF-8 encoding takes more than 3 bytes per UTF-16 unit, so a larger file is over the limit whatever it holds. */
export const MAX_RUNBOOK_BYTES = 3 * MAX_RUNBOOK_CHARS;

export function parseRunbook(source: string): ParseRunbookResult {
  try {
    return readRunbook(source);
  } catch (error) {
    // A safety net only: a bug here must not take the editor or the CLI down with it.
    const message = `The runbook could not be read (${error instanceof Error ? error.message : String(error)}). Please report this.`;
    return { runbook: undefined, diagnostics: [{ severity: 'error', line: 0, code: 'internal', message }] };
  }
}

function readRunbook(source: string): ParseRunbookResult {
  const diagnostics: RunbookDiagnostic[] = [];
  if (source.length > MAX_RUNBOOK_CHARS) {
    diagnostics.push({ severity: 'error', line: 0, code: 'too-large', message: `The runbook is ${source.length} characters long; the limit is ${MAX_RUNBOOK_CHARS}.` });
    return { runbook: undefined, diagnostics };
  }
  const lines = splitLines(source);
  const frontMatter = parseFrontMatter(lines);
  append(diagnostics, frontMatter.diagnostics);
  if (frontMatter.entries === undefined && frontMatter.diagnostics.length === 0) {
    diagnostics.push({ severity: 'error', line: 0, code: 'front-matter', message: 'The runbook has no front matter: begin it with a "---" block holding id, title, version, severity, finding and scanners.' });
  }
  const read = frontMatter.entries === undefined ? undefined : readRunbookHeader(frontMatter.entries, 0);
  if (read !== undefined) append(diagnostics, read.diagnostics);
  const header = read?.header;

  // Blank the front matter instead of cutting it, so token lines are source lines.
  const body = lines.map((line, index) => (index < frontMatter.bodyStart ? '' : line));
  const outline = readOutline(body, diagnostics);
  const structure = buildStructure(body, outline, frontMatter.bodyStart, diagnostics);
  const phases = readPhases(structure.phases, diagnostics);

  if (structure.h1 === undefined) {
    diagnostics.push({ severity: 'warning', line: frontMatter.bodyStart, code: 'missing-title', message: 'A runbook starts with an H1 ("# Title") so that any Markdown viewer shows its title.' });
  }
  const nothingUsable = frontMatter.entries === undefined && structure.h1 === undefined && phases.length === 0 && structure.sections.length === 0;
  if (nothingUsable) {
    return { runbook: undefined, diagnostics: sorted(diagnostics) };
  }

  const title = header?.title ?? structure.h1?.text ?? header?.id ?? 'Untitled runbook';
  const runbook: Runbook = {
    id: header?.id ?? (slugify(title) || 'runbook'),
    title,
    finding: { name: header?.finding ?? title, scanners: header?.scanners ?? [] },
    intro: structure.intro,
    phases,
    sections: structure.sections,
  };
  if (header?.version !== undefined) runbook.version = header.version;
  if (header?.severity !== undefined) runbook.severity = header.severity;
  return { runbook, diagnostics: sorted(diagnostics) };
}

/**
 * The Markdown a viewer should render: the source without its front matter
 * (which markdown-it would show as a rule and a heading). Lines keep their
 * numbers: the front matter becomes blank lines.
 */
export function runbookMarkdownBody(source: string): string {
  const lines = splitLines(source);
  const { bodyStart } = parseFrontMatter(lines);
  return lines.map((line, index) => (index < bodyStart ? '' : line)).join('\n');
}

/** Lines as markdown-it counts them: CRLF, CR and LF all end a line. A leading BOM is dropped. */
function splitLines(source: string): string[] {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  return text.replaceAll('\r\n', '\n').replaceAll('\r', '\n').split('\n');
}

/** push(...more) passes every element as an argument, and a hostile file can have more than the stack holds. */
function append(diagnostics: RunbookDiagnostic[], more: readonly RunbookDiagnostic[]): void {
  for (const diagnostic of more) diagnostics.push(diagnostic);
}

/** By line, errors before warnings on the same line; otherwise in the order found. */
function sorted(diagnostics: RunbookDiagnostic[]): RunbookDiagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => a.diagnostic.line - b.diagnostic.line || severityRank(a.diagnostic) - severityRank(b.diagnostic) || a.index - b.index)
    .map(({ diagnostic }) => diagnostic);
}

function severityRank(diagnostic: RunbookDiagnostic): number {
  return diagnostic.severity === 'error' ? 0 : 1;
}
