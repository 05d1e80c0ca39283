// The status a terminal command's step gets, the way the run panel gets it:
// the outcome goes into the record (commandResult), and the step's status is
// read from the record (statusOfResult). Tests assert through this one path.
import { statusOfResult } from '../../src/core/run/stepStatus';
import type { StepStatus } from '../../src/core/run/types';
import type { TerminalOutcome } from '../../src/core/terminal/terminalOutcome';
import { commandResult } from '../../src/extension/run/commandResult';

export function recordedStatus(outcome: TerminalOutcome): StepStatus {
  return statusOfResult(commandResult(outcome, process.platform, outcome.endedAt), 'remediation');
}
