// `dht-runbook probe <targets...>`: the DHT sweep from the command line.
import { parseArgs } from 'node:util';
import { formatSweepReport } from '../core/probe/formatReport';
import { DEFAULT_SWEEP_SETTINGS, sweepForDhtNodes } from '../node/probe/dhtSweep';
import { DEFAULT_MAX_ENDPOINTS, DEFAULT_PORTS, planProbe } from '../node/probe/probePlan';
import type { CliStreams } from './runCli';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';
import { readWholeNumber, type WholeNumberRule } from './numberOption';
import { optionsMessage, writeError, writeJson, writeLines } from './output';

export const PROBE_USAGE = `dht-runbook probe <targets...> [options]
dht-runbook probe --this-machine [options]

Sends a BitTorrent DHT ping (BEP 5 KRPC over UDP) to every target and reports
each endpoint that answers as a DHT node would.

Targets: host, host:port, [v6addr]:port, CIDR (10.0.0.0/24, fd00::/120),
port lists and ranges (host:6881-6889,51413), separated by spaces or commas.

Options:
  --this-machine          loopback and every address of every local interface, instead of targets
  --ports <list>          ports for targets that name none (default ${DEFAULT_PORTS})
  --timeout <ms>          how long to wait for a reply, 1-600000 (default ${DEFAULT_SWEEP_SETTINGS.timeoutMs})
  --retries <n>           further queries to a silent endpoint, 0-10 (default ${DEFAULT_SWEEP_SETTINGS.retries})
  --rate <packets/s>      send rate limit, 1-10000000 (default ${DEFAULT_SWEEP_SETTINGS.ratePerSecond})
  --max-endpoints <n>     refuse larger target lists, 1 or more (default ${DEFAULT_MAX_ENDPOINTS})
Numbers are plain decimal digits.
  --json                  print the result as JSON

Exit codes: 0 no DHT node found, 1 DHT node found, 2 bad input or failure.
`;

export async function probeCommand(args: string[], io: CliStreams, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        'this-machine': { type: 'boolean' }, ports: { type: 'string' }, timeout: { type: 'string' }, retries: { type: 'string' },
        rate: { type: 'string' }, 'max-endpoints': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    writeError(io, 'probe', `${optionsMessage(error)} Run "dht-runbook probe --help" for the options.`);
    return EXIT_FAILURE;
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout.write(PROBE_USAGE); return EXIT_CLEAN; }
  const thisMachine = values['this-machine'] ?? false;
  if (!thisMachine && positionals.length === 0) {
    writeError(io, 'probe', 'no targets. Name hosts to probe, or use --this-machine.');
    return EXIT_FAILURE;
  }
  // --this-machine is the other form of the command, not one more target: probing
  // only this machine while the typed hosts go unmentioned would pass them off as checked.
  if (thisMachine && positionals.length > 0) {
    writeError(io, 'probe', `--this-machine takes no targets, but ${shownTargets(positionals)} ${positionals.length === 1 ? 'was' : 'were'} given too. Give either --this-machine or the targets; to probe both, run probe once with each.`);
    return EXIT_FAILURE;
  }
  const numbers = readNumbers(values, io);
  if (!numbers) return EXIT_FAILURE;
  const targets = positionals.join(' ');
  const ports = values.ports ?? DEFAULT_PORTS;
  // planProbe checks the bounds on the text first: a huge list is refused at
  // its first target over the limit, before any name is resolved or target kept.
  const planned = await planProbe({ targets, thisMachine, ports, maxEndpoints: numbers.maxEndpoints });
  if (!planned.ok) {
    for (const error of planned.errors) writeError(io, 'probe', error);
    return EXIT_FAILURE;
  }
  const summary = await sweepForDhtNodes({
    endpoints: planned.plan.endpoints, timeoutMs: numbers.timeout, retries: numbers.retries, ratePerSecond: numbers.rate, signal,
  });
  if (values.json) writeJson(io, { targets: planned.plan.description, endpointCount: planned.plan.endpointCount, ...summary });
  else writeLines(io, formatSweepReport(summary, planned.plan.description));
  if (summary.cancelled) return EXIT_FAILURE;
  return summary.findings.length > 0 ? EXIT_FOUND : EXIT_CLEAN;
}

/** The typed targets, quoted, short enough for one line: the first (cut at 60 characters) and how many more. */
function shownTargets(positionals: readonly string[]): string {
  const first = positionals[0]!;
  const quoted = `"${first.length > 60 ? `${first.slice(0, 60)}…` : first}"`;
  return positionals.length === 1 ? quoted : `${quoted} and ${positionals.length - 1} more`;
}

interface ProbeNumbers { timeout: number; retries: number; rate: number; maxEndpoints: number }

/** The numeric options' rules, shown in the messages; plain decimal digits only (numberOption.ts). */
export const PROBE_NUMBER_RULES = {
  timeout: { min: 1, max: 600_000, unit: 'milliseconds' },
  retries: { min: 0, max: 10, unit: 'retries' },
  rate: { min: 1, max: 10_000_000, unit: 'packets per second' },
  'max-endpoints': { min: 1, max: Number.MAX_SAFE_INTEGER, unit: 'endpoints' },
} as const satisfies Record<string, WholeNumberRule>;

function readNumbers(values: Record<string, string | boolean | undefined>, io: CliStreams): ProbeNumbers | undefined {
  const read = (flag: keyof typeof PROBE_NUMBER_RULES, fallback: number): number | undefined => {
    const text = values[flag];
    if (typeof text !== 'string') return fallback;
    const result = readWholeNumber(flag, text, PROBE_NUMBER_RULES[flag]);
    if (result.ok) return result.value;
    writeError(io, 'probe', result.error);
    return undefined;
  };
  const timeout = read('timeout', DEFAULT_SWEEP_SETTINGS.timeoutMs);
  const retries = read('retries', DEFAULT_SWEEP_SETTINGS.retries);
  const rate = read('rate', DEFAULT_SWEEP_SETTINGS.ratePerSecond);
  const maxEndpoints = read('max-endpoints', DEFAULT_MAX_ENDPOINTS);
  if (timeout === undefined || retries === undefined || rate === undefined || maxEndpoints === undefined) return undefined;
  return { timeout, retries, rate, maxEndpoints };
}
