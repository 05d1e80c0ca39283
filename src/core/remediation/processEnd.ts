// A command marked `ends: process` ends the finding's process (`kill`,
// `systemctl stop`). It returns as soon as the signal is sent, while a client
// may take a moment to close its sockets; so after it exits 0 the runner (the
// CLI's headless one, or the editor's terminal) waits for that very process to
// be gone, and adds what it saw to the command's recorded output.
import type { Finding } from '../findings/types';
import type { CommandAction } from '../runbook/model';

/** The finding whose process to wait for, or undefined: the command did not end one, or failed. */
export function processToAwait(action: CommandAction, finding: Finding | undefined, exitCode: number | undefined): Finding | undefined {
  return exitCode === 0 && action.ends === 'process' && finding?.pid !== undefined ? finding : undefined;
}

/** The output with one more line of ours at its end, on a line of its own. */
export function appendOutputLine(output: string, line: string): string {
  return `${output}${output === '' || output.endsWith('\n') ? '' : '\n'}${line}`;
}
