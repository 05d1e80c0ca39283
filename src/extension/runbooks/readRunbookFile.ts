// Reads a runbook file for the catalog, bounded: only a regular file (a FIFO
// named *.runbook.md would block the read forever), and only up to a size
// that can hold the parser's character limit.
import * as vscode from 'vscode';
import type { RunbookDiagnostic } from '../../core/runbook/model';
import { MAX_RUNBOOK_CHARS } from '../../core/runbook/parseRunbook';

/** No UTF-8 encoding takes more than 3 bytes per UTF-16 unit, so a larger file is over the limit whatever it holds. */
export const MAX_RUNBOOK_BYTES = 3 * MAX_RUNBOOK_CHARS;

export interface RunbookFile {
  /** Modification time and size; undefined when the file could not be examined. */
  stamp: string | undefined;
  /** Undefined when the file was not read; `diagnostics` says why. */
  text: string | undefined;
  diagnostics: RunbookDiagnostic[];
}

export async function readRunbookFile(uri: vscode.Uri): Promise<RunbookFile> {
  const stat = await vscode.workspace.fs.stat(uri);
  const stamp = `${stat.mtime}:${stat.size}`;
  if ((stat.type & vscode.FileType.File) === 0) {
    return unread(stamp, 'internal', vscode.l10n.t('This is not a regular file, so it is not read as a runbook.'));
  }
  if (stat.size > MAX_RUNBOOK_BYTES) {
    return unread(stamp, 'too-large', vscode.l10n.t('The runbook is {0} bytes long; the limit is {1} characters.', stat.size, MAX_RUNBOOK_CHARS));
  }
  return { stamp, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), diagnostics: [] };
}

function unread(stamp: string, code: RunbookDiagnostic['code'], message: string): RunbookFile {
  return { stamp, text: undefined, diagnostics: [{ severity: 'error', line: 0, code, message }] };
}
