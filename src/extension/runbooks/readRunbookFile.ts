// Reads a runbook file for the catalog, bounded: only a regular file (a FIFO
// named *.runbook.md would block the read forever), and only up to a size
// that can hold the parser's character limit.
//
// It stats first and reads only when the file's stamp (time and size) differs
// from the one the catalog already holds: a refresh runs at activation and on
// every start and resume of a run, and an unchanged file costs one stat.
//
// Free of 'vscode' (the catalog passes its file system and l10n), so the order
// of stat, checks and read is unit-tested on real files.
import type { RunbookDiagnostic } from '../../core/runbook/model';
import { MAX_RUNBOOK_BYTES, MAX_RUNBOOK_CHARS } from '../../core/runbook/parseRunbook';

/** What the catalog's file system (vscode.workspace.fs) answers, reduced to what is checked here. */
export interface RunbookFileSystem<U> {
  stat(uri: U): Promise<{ readonly isFile: boolean; readonly size: number; readonly mtime: number }>;
  readFile(uri: U): Promise<Uint8Array>;
}

/** vscode.l10n.t in the extension. */
export type Localize = (message: string, ...args: (string | number | boolean)[]) => string;

export type RunbookFile =
  /** The stamp is the one the caller holds: nothing was read, its entry stands. */
  | { readonly stamp: string; readonly unchanged: true }
  | {
    readonly stamp: string;
    readonly unchanged: false;
    /** Undefined when the file was not read; `diagnostics` says why. */
    readonly text: string | undefined;
    readonly diagnostics: RunbookDiagnostic[];
  };

/** Stats `uri`; reads it only when its stamp is not `cachedStamp` and it passes the kind and size checks. */
export async function readRunbookFile<U>(fs: RunbookFileSystem<U>, uri: U, cachedStamp: string | undefined, t: Localize): Promise<RunbookFile> {
  const stat = await fs.stat(uri);
  const stamp = `${stat.mtime}:${stat.size}`;
  if (stamp === cachedStamp) return { stamp, unchanged: true };
  if (!stat.isFile) {
    return unread(stamp, 'internal', t('This is not a regular file, so it is not read as a runbook.'));
  }
  if (stat.size > MAX_RUNBOOK_BYTES) {
    return unread(stamp, 'too-large', t('The runbook is {0} bytes long; the limit is {1} characters.', stat.size, MAX_RUNBOOK_CHARS));
  }
  return { stamp, unchanged: false, text: new TextDecoder().decode(await fs.readFile(uri)), diagnostics: [] };
}

function unread(stamp: string, code: RunbookDiagnostic['code'], message: string): RunbookFile {
  return { stamp, unchanged: false, text: undefined, diagnostics: [{ severity: 'error', line: 0, code, message }] };
}
