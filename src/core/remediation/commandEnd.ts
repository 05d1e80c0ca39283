// A command marked `ends:` must leave something behind that can be checked
// once it has exited 0: `ends: process` (`kill`, `systemctl stop`), the
// finding's process is gone; `ends: program` (an uninstall), the program's
// file is gone. An exit code of 0 alone does not prove either: `kill` returns
// when the signal is sent, and `pip uninstall` run as root exits 0 for a
// package it cannot see in another user's home. The runner (the CLI's
// headless one, or the editor's terminal) checks, adds what it saw to the
// command's recorded output, and a command whose end was not seen fails.
import type { Finding } from '../findings/types';
import type { CommandEffect } from '../run/types';
import type { CommandAction } from '../runbook/model';

export type EndCheck =
  | { readonly ends: 'process'; readonly finding: Finding & { readonly pid: number } }
  | { readonly ends: 'program'; readonly path: string };

/** What to check after the command, or undefined: it ends nothing, failed, or the finding lacks the pid or path. */
export function endToCheck(action: CommandAction, finding: Finding | undefined, exitCode: number | undefined): EndCheck | undefined {
  if (exitCode !== 0 || action.ends === undefined || finding === undefined) return undefined;
  if (action.ends === 'process') return finding.pid === undefined ? undefined : { ends: 'process', finding: { ...finding, pid: finding.pid } };
  const path = programFileOf(finding);
  return path === undefined ? undefined : { ends: 'program', path };
}

/** The file an uninstall must take away: the path removed by hand, else the program (a script, for an interpreter), else the executable. */
export function programFileOf(finding: Finding): string | undefined {
  if (finding.where === 'remote') return undefined;
  return finding.program?.install.removablePath ?? finding.program?.program?.path ?? finding.program?.process.executable ?? finding.owner?.executable;
}

/** What the check saw, for the record and as a line of the command's output. */
export interface EndSeen {
  readonly effect: CommandEffect;
  readonly line: string;
}

/** `there`: whether the file still exists after the command; undefined when that could not be read. */
export function programEndSeen(path: string, there: boolean | undefined): EndSeen {
  if (there === undefined) return { effect: { ends: 'program', seen: 'unknown' }, line: `[${path}: could not tell whether it is still there]` };
  return there
    ? { effect: { ends: 'program', seen: 'no' }, line: `[${path} is still there after the command: the program was not removed]` }
    : { effect: { ends: 'program', seen: 'yes' }, line: `[${path} is gone after the command]` };
}

/** The output with one more line of ours at its end, on a line of its own. */
export function appendOutputLine(output: string, line: string): string {
  return `${output}${output === '' || output.endsWith('\n') ? '' : '\n'}${line}`;
}
