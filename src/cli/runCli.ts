import { EXIT_FAILURE, EXIT_CLEAN } from './exitCodes';

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage: dht-runbook <command> [options]

Commands:
  help                 show this text

Exit codes: 0 clean, 1 DHT node or suspect found, 2 bad input or failure.
`;

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(args: string[], io: CliStreams): Promise<number> {
  const [command] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  io.stderr.write(`dht-runbook: unknown command "${command}". Run "dht-runbook help" for the list.\n`);
  return EXIT_FAILURE;
}
