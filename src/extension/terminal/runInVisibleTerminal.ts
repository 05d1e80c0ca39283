// Runs one remediation command in a terminal the person can see, and finds
// out how it really ended: with VS Code's shell integration the exit code and
// the output; without it, the person's own statement. Never a silent "passed".
// The caller has already shown the command and had it confirmed; this module
// runs exactly the text it is given, quoted for `run.shell.kind`.
import * as vscode from 'vscode';
import { DEFAULT_OUTPUT_LIMIT, type CollectedOutput } from '../../core/terminal/boundedOutput';
import { createTerminalOutputCollector, type TerminalOutputCollector } from '../../core/terminal/terminalOutput';
import { describeOutcome, type InterruptedOutcome, type NoIntegrationReason, type TerminalOutcome } from '../../core/terminal/terminalOutcome';
import type { TerminalShellChoice } from '../../core/terminal/terminalShell';
import { getLog } from '../log';
import { askCommandOutcome } from './askCommandOutcome';

export interface VisibleTerminalRun {
  /** The command, already quoted for `shell.kind`. */
  readonly commandLine: string;
  readonly terminalName: string;
  /** From chooseShellForTerminal(): the shell the command was quoted for. */
  readonly shell: TerminalShellChoice;
  readonly cwd?: string | vscode.Uri;
  /** How long to wait for shell integration to start in the new terminal. */
  readonly integrationWaitMs?: number;
  /** Characters of output kept (head and tail). */
  readonly outputLimit?: number;
}

export const DEFAULT_INTEGRATION_WAIT_MS = 5_000;
/** After Ctrl+C, how long to wait for the shell to report the interrupted command's exit code. */
const AFTER_INTERRUPT_MS = 2_000;
/** After the end event, how long the output stream may take to drain. */
const DRAIN_MS = 2_000;

type Stop = { readonly cause: 'cancelled' | 'terminal-closed' };

/**
 * Creates a fresh terminal (typing into one that still waits at a sudo or
 * package-manager prompt would answer that prompt), shows it, and runs the
 * command. Resolves with how it ended, or undefined when the person said they
 * did not run it (or dismissed the question). Cancelling `token` sends Ctrl+C
 * and resolves at once with an "interrupted" outcome.
 */
export async function runInVisibleTerminal(run: VisibleTerminalRun, token?: vscode.CancellationToken): Promise<TerminalOutcome | undefined> {
  const log = getLog();
  const integration = 'script' in run.shell.integration ? 'with shell integration' : `without shell integration (${run.shell.integration.none})`;
  log.info(`Terminal "${run.terminalName}": ${run.shell.shellPath} ${run.shell.shellArgs.join(' ')}, ${integration}; running: ${run.commandLine}`);
  const outcome = await runAndWatch(run, token);
  log.info(`Terminal "${run.terminalName}": ${outcome ? describeOutcome(outcome) : 'the person said the command was not run'}`);
  return outcome;
}

async function runAndWatch(run: VisibleTerminalRun, token: vscode.CancellationToken | undefined): Promise<TerminalOutcome | undefined> {
  const startedAt = new Date().toISOString();
  const base = { commandLine: run.commandLine, terminalName: run.terminalName, shell: run.shell.kind, startedAt };
  const interrupted = (cause: Stop['cause'], stage: InterruptedOutcome['stage'], exitCode: number | undefined, output?: CollectedOutput): InterruptedOutcome => ({
    ...base, how: 'interrupted', cause, stage, exitCode, output: output?.text ?? '', outputCutChars: output?.cutChars ?? 0, endedAt: now(),
  });
  if (token?.isCancellationRequested) return interrupted('cancelled', 'starting', undefined);

  const disposables: vscode.Disposable[] = [];
  try {
    const terminal = vscode.window.createTerminal({
      name: run.terminalName,
      shellPath: run.shell.shellPath,
      shellArgs: [...run.shell.shellArgs],
      env: { ...run.shell.env },
      cwd: run.cwd,
      iconPath: new vscode.ThemeIcon('shield'),
      // Not revived after a reload: a revived shell would not be the one we chose and ran.
      isTransient: true,
    });
    // Listen in the same tick as the terminal is created: its events arrive later, none can slip past.
    const integrationReady = deferred<vscode.TerminalShellIntegration>();
    disposables.push(vscode.window.onDidChangeTerminalShellIntegration((e) => { if (e.terminal === terminal) integrationReady.resolve(e.shellIntegration); }));
    const stop = deferred<Stop>();
    disposables.push(vscode.window.onDidCloseTerminal((t) => { if (t === terminal) stop.resolve({ cause: 'terminal-closed' }); }));
    if (token) disposables.push(token.onCancellationRequested(() => stop.resolve({ cause: 'cancelled' })));

    terminal.show(false);
    if (terminal.shellIntegration) integrationReady.resolve(terminal.shellIntegration);

    let reason: NoIntegrationReason | undefined = 'none' in run.shell.integration ? run.shell.integration.none : undefined;
    if (reason === undefined && /[\r\n]/.test(run.commandLine)) reason = 'multi-line-command';
    let integration: vscode.TerminalShellIntegration | undefined;
    if (reason === undefined) {
      const waited = await Promise.race([integrationReady.promise, stop.promise, delay(run.integrationWaitMs ?? DEFAULT_INTEGRATION_WAIT_MS)]);
      if (isStop(waited)) {
        if (waited.cause === 'cancelled') terminal.sendText('\x03', false);
        return interrupted(waited.cause, 'starting', terminal.exitStatus?.code);
      }
      integration = waited ?? undefined;
      if (!integration) reason = 'not-activated';
    }

    if (integration) {
      const outcome = await runWithIntegration(terminal, integration, run, stop.promise, base, interrupted, disposables);
      if (outcome !== 'not-reported') return outcome;
      reason = 'execution-not-reported';
    } else {
      terminal.sendText(run.commandLine, true);
    }
    const answer = await askCommandOutcome(run.terminalName, run.commandLine, reason ?? 'not-activated', token);
    if (token?.isCancellationRequested) {
      terminal.sendText('\x03', false);
      return interrupted('cancelled', 'asking', undefined);
    }
    if (answer === undefined || answer === 'not-run') return undefined;
    return { ...base, how: 'person-said', outcome: answer, reason: reason ?? 'not-activated', endedAt: now() };
  } finally {
    for (const d of disposables) d.dispose();
  }
}

async function runWithIntegration(
  terminal: vscode.Terminal,
  integration: vscode.TerminalShellIntegration,
  run: VisibleTerminalRun,
  stopped: Promise<Stop>,
  base: { commandLine: string; terminalName: string; shell: TerminalShellChoice['kind']; startedAt: string },
  interrupted: (cause: Stop['cause'], stage: InterruptedOutcome['stage'], exitCode: number | undefined, output?: CollectedOutput) => InterruptedOutcome,
  disposables: vscode.Disposable[],
): Promise<TerminalOutcome | 'not-reported'> {
  const collector = createTerminalOutputCollector(run.outputLimit ?? DEFAULT_OUTPUT_LIMIT);
  const ended = deferred<number | undefined>();
  // The execution VS Code matches to our command by its text. Should the shell
  // report the text differently, the first execution that starts in this
  // fresh terminal is ours all the same: nothing else types into it.
  let ours: vscode.TerminalShellExecution | undefined;
  let started = false;
  let reading: Promise<void> = Promise.resolve();
  disposables.push(vscode.window.onDidStartTerminalShellExecution((e) => {
    if (e.terminal !== terminal || started) return;
    started = true;
    if (e.execution !== ours) {
      ours = e.execution;
      reading = readInto(e.execution, collector);
    }
  }));
  disposables.push(vscode.window.onDidEndTerminalShellExecution((e) => {
    if (e.terminal === terminal && e.execution === ours) ended.resolve(e.exitCode);
  }));
  ours = integration.executeCommand(run.commandLine);
  // read() must be called before the data arrives: a stream sees only what comes after it exists.
  reading = readInto(ours, collector);

  // Shell integration reports a start at once (before a sudo prompt, even).
  // Without one, it is not following this command: the person has to say.
  const startWait = deferred<void>();
  disposables.push(vscode.window.onDidStartTerminalShellExecution((e) => { if (e.terminal === terminal) startWait.resolve(); }));
  const startedInTime = await Promise.race([startWait.promise.then(() => true), ended.promise.then(() => true), stopped.then(() => true), delay(run.integrationWaitMs ?? DEFAULT_INTEGRATION_WAIT_MS)]);
  if (!startedInTime) return 'not-reported';

  const first = await Promise.race([ended.promise.then((exitCode) => ({ exitCode })), stopped]);
  if (isStop(first)) {
    let exitCode: number | undefined;
    if (first.cause === 'cancelled') {
      terminal.sendText('\x03', false);
      const after = await Promise.race([ended.promise, delay(AFTER_INTERRUPT_MS)]);
      exitCode = after ?? undefined;
    } else {
      exitCode = terminal.exitStatus?.code;
    }
    await Promise.race([reading, delay(DRAIN_MS)]);
    return interrupted(first.cause, 'running', exitCode, collector.finish());
  }
  await Promise.race([reading, delay(DRAIN_MS)]);
  const output = collector.finish();
  return { ...base, how: 'shell-integration', exitCode: first.exitCode, output: output.text, outputCutChars: output.cutChars, endedAt: now() };
}

async function readInto(execution: vscode.TerminalShellExecution, collector: TerminalOutputCollector): Promise<void> {
  try {
    for await (const data of execution.read()) collector.push(data);
  } catch {
    // A stream that breaks leaves the output as far as it got; the exit code still decides.
  }
}

function isStop(value: unknown): value is Stop {
  return typeof value === 'object' && value !== null && 'cause' in value;
}

function now(): string {
  return new Date().toISOString();
}

/** Resolves with undefined after `ms`; the timer does not keep the host alive. */
function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    (timer as { unref?: () => void }).unref?.();
  });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}
