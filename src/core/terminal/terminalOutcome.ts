// What running a remediation command in a visible terminal came to. What that
// means for its step is read from the record (statusOfResult in
// core/run/stepStatus.ts): only an exit code of 0 seen by shell integration,
// or the person's own statement that it worked, counts as success; an unknown
// exit code is never a silent "passed".

/** The shell the extension chose for the terminal; commands are quoted for exactly this kind. */
export type TerminalShellKind = 'posix' | 'powershell';

interface OutcomeBase {
  readonly commandLine: string;
  readonly terminalName: string;
  readonly shell: TerminalShellKind;
  /** ISO 8601 times: the terminal was created, the outcome was known. */
  readonly startedAt: string;
  readonly endedAt: string;
}

/** Shell integration saw the command run and end. */
export interface ShellIntegrationOutcome extends OutcomeBase {
  readonly how: 'shell-integration';
  /** undefined when VS Code could not tell the exit code. */
  readonly exitCode: number | undefined;
  /** The output with terminal escape sequences removed, cut in the middle when long. */
  readonly output: string;
  /** Characters of output left out of the middle (0 when none). */
  readonly outputCutChars: number;
}

/** Without shell integration the extension cannot see the result; the person said how it went. */
export interface PersonSaidOutcome extends OutcomeBase {
  readonly how: 'person-said';
  readonly outcome: 'succeeded' | 'failed';
  /** Why shell integration was not used. */
  readonly reason: NoIntegrationReason;
}

/** Nobody knows how the command ended: the run was cancelled, or the terminal went away. */
export interface InterruptedOutcome extends OutcomeBase {
  readonly how: 'interrupted';
  readonly cause: 'cancelled' | 'terminal-closed';
  /** When the command was stopped: before it was sent, while it ran, or while the person was asked. */
  readonly stage: 'starting' | 'running' | 'asking';
  /** An exit code, when one was seen after all (the Ctrl+C sent on cancel, or the shell's own exit). */
  readonly exitCode: number | undefined;
  /** Output seen before the interruption (empty without shell integration). */
  readonly output: string;
  readonly outputCutChars: number;
}

export type NoIntegrationReason =
  /** The shell has no VS Code shell integration (/bin/sh). */
  | 'unsupported-shell'
  /** `terminal.integrated.shellIntegration.enabled` is off: the person's choice is respected. */
  | 'disabled-by-setting'
  /** VS Code's integration script was not where this VS Code version keeps it. */
  | 'script-not-found'
  /** The shell did not report shell integration within the wait. */
  | 'not-activated'
  /** Shell integration started, but reported no start of our command within the wait. */
  | 'execution-not-reported'
  /** A command of several lines: VS Code does not report the end of those reliably (microsoft/vscode#250764). */
  | 'multi-line-command';

export type TerminalOutcome = ShellIntegrationOutcome | PersonSaidOutcome | InterruptedOutcome;

/** One line, plain English, for logs and the record's summary. */
export function describeOutcome(outcome: TerminalOutcome): string {
  switch (outcome.how) {
    case 'shell-integration':
      return outcome.exitCode === undefined
        ? 'the command ended, but the terminal could not tell its exit code'
        : `the command exited with code ${outcome.exitCode}`;
    case 'person-said':
      return `the person said the command ${outcome.outcome} (no shell integration: ${outcome.reason})`;
    case 'interrupted':
      return `${outcome.cause === 'cancelled' ? 'cancelled' : 'the terminal was closed'} while ${outcome.stage}${outcome.exitCode === undefined ? '' : ` (exit code ${outcome.exitCode})`}`;
  }
}
