// How a command run in a visible terminal goes into the run record: its exit
// code and output as shell integration reported them, or the person's word.
// Free of 'vscode', so it is unit-tested with real collected output.
import { userInfo } from 'node:os';
import type { ActionResult, CommandEffect } from '../../core/run/types';
import type { TerminalOutcome } from '../../core/terminal/terminalOutcome';

export function operatorName(): string {
  try { return userInfo().username; } catch { return process.env.USER ?? process.env.USERNAME ?? 'unknown'; }
}

/**
 * The record's view of how a terminal command ended: exit code and output, or
 * the person's word. The output is kept as collected: when it was cut, the
 * collector (BoundedOutput) already put the line saying how much in its middle.
 */
export function commandResult(outcome: TerminalOutcome, platform: string, at: string, effect?: CommandEffect): ActionResult {
  const base = {
    kind: 'command' as const, at, platform, commandLine: outcome.commandLine, terminalName: outcome.terminalName, by: operatorName(),
    ...(effect === undefined ? {} : { effect }),
  };
  switch (outcome.how) {
    case 'shell-integration':
      return { ...base, reportedBy: 'shell-integration', output: outcome.output, ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }) };
    case 'person-said':
      return { ...base, reportedBy: 'person', outcome: outcome.outcome };
    case 'interrupted':
      return {
        // Nobody reported how it ended: the record says it was interrupted, with whatever was seen.
        ...base, outcome: 'interrupted',
        output: outcome.output, ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
      };
  }
}
