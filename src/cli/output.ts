// Everything the CLI prints that may hold a string from outside (a path, a
// tool's error, a KRPC message, a runbook's step id) goes through here, made
// inert for the terminal: control and bidi characters shown as escapes. JSON
// stays exact JSON (see jsonForTerminal).
import { jsonForTerminal, terminalSafe } from '../core/text/terminalSafe';
import type { CliStreams } from './runCli';

/** One line on stderr: "dht-runbook <command>: <message>", with the message made inert. */
export function writeError(io: CliStreams, command: string, message: string): void {
  io.stderr.write(`dht-runbook${command ? ` ${command}` : ''}: ${terminalSafe(message)}\n`);
}

/** node:util parseArgs' message (several lines of its own) as one inert line. */
export function optionsMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n').join(' ');
}

/** Progress or notes on stderr, made inert. */
export function writeNote(io: CliStreams, text: string): void {
  io.stderr.write(`${terminalSafe(text)}\n`);
}

/** Lines of a text report on stdout; each line is made inert on its own, so the line breaks stay. */
export function writeLines(io: CliStreams, text: string): void {
  io.stdout.write(`${text.split('\n').map(terminalSafe).join('\n')}\n`);
}

export function writeJson(io: CliStreams, value: unknown): void {
  io.stdout.write(`${jsonForTerminal(value)}\n`);
}
