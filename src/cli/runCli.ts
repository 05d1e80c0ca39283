import { argumentCountProblem } from './argumentLimit';
import { EXIT_CLEAN, EXIT_FAILURE } from './exitCodes';
import { CHECK_LOCAL_USAGE, checkLocalCommand } from './checkLocalCommand';
import { IMPORT_REPORT_USAGE, importReportCommand } from './importReportCommand';
import { MERGE_USAGE, mergeCommand } from './mergeCommand';
import { EXIT_SIGINT, EXIT_SIGTERM } from './interrupts';
import { writeError } from './output';
import { PROBE_USAGE, probeCommand } from './probeCommand';
import { RUN_USAGE, runCommand } from './runCommand';

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = `Usage: dht-runbook <command> [options]

Commands:
  probe <targets...>   send BitTorrent DHT pings (KRPC, BEP 5) and report the nodes that answer
  check-local          list listening sockets and owners, flag and confirm BitTorrent clients
  run <runbook>        run a runbook's automatic checks and record the run
  import-report <file> list the hosts of a scanner report that carry the DHT finding
  merge <records...>   combine per-host run records into one fleet run
  help                 show this text

Exit codes: 0 clean, 1 DHT node or suspect found, 2 bad input or failure,
${EXIT_SIGINT} or ${EXIT_SIGTERM} stopped by SIGINT or SIGTERM (every command).

${PROBE_USAGE}
${CHECK_LOCAL_USAGE}
${RUN_USAGE}
${IMPORT_REPORT_USAGE}
${MERGE_USAGE}`;

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(args: string[], io: CliStreams, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const tooMany = argumentCountProblem(args);
  if (tooMany) { writeError(io, '', tooMany); return EXIT_FAILURE; }
  const [command, ...rest] = args;
  switch (command) {
    case undefined: case 'help': case '--help': case '-h':
      io.stdout.write(USAGE);
      return EXIT_CLEAN;
    case 'probe':
      return probeCommand(rest, io, signal);
    case 'check-local':
      return checkLocalCommand(rest, io, signal);
    case 'run':
      return runCommand(rest, io, signal);
    case 'import-report':
      return importReportCommand(rest, io);
    case 'merge':
      return mergeCommand(rest, io);
    default:
      writeError(io, '', `unknown command "${command}". Run "dht-runbook help" for the list.`);
      return EXIT_FAILURE;
  }
}
