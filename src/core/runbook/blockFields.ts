// Reads the `key: value` lines of a runbook block. One line, one field; blank
// lines and `#` comments are skipped. Regexes here only ever see one line.
import type { RunbookDiagnostic } from './model';

export interface BlockField {
  key: string;
  value: string;
  /** 0-based line in the runbook's source. */
  line: number;
}

const FIELD = /^([a-z][a-z0-9-]*)\s*:\s*(.*)$/;

/** `firstLine` is the source line of the block's first content line. */
export function readBlockFields(content: string, firstLine: number): { fields: BlockField[]; diagnostics: RunbookDiagnostic[] } {
  const fields: BlockField[] = [];
  const diagnostics: RunbookDiagnostic[] = [];
  contentLines(content).forEach((raw, index) => {
    const line = firstLine + index;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const match = FIELD.exec(text);
    if (match === null) {
      diagnostics.push({ severity: 'error', line, code: 'block-syntax', message: `Expected "key: value" in a runbook block, found "${text}".` });
      return;
    }
    fields.push({ key: match[1] ?? '', value: (match[2] ?? '').trim(), line });
  });
  return { fields, diagnostics };
}

/** A fence's content split into lines, without the empty piece after the last newline. */
export function contentLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Whether a line could be a field; used to find where an unclosed block ends.
 * A `#` line counts as the end: after a forgotten fence it is far more often
 * the next heading than a comment.
 */
export function looksLikeField(line: string): boolean {
  return FIELD.test(line.trim());
}
