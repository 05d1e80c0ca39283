// `dht-runbook probe <targets...>`: the DHT sweep from the command line.
import { parseArgs } from 'node:util';
import { formatSweepReport } from '../core/probe/formatReport';
import { DEFAULT_SWEEP_SETTINGS, sweepForDhtNodes } from '../node/probe/dhtSweep';
import { DEFAULT_MAX_ENDPOINTS, DEFAULT_PORTS, planProbe } from '../node/probe/probePlan';
import type { CliStreams } from './runCli';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';

export const PROBE_USAGE = `dht-runbook probe <targets...> [options]
dht-runbook probe --this-machine [options]

Sends a BitTorrent DHT ping (BEP 5 KRPC over UDP) to every target and reports
each endpoint that answers as a DHT node would.

Targets: host, host:port, [v6addr]:port, CIDR (10.0.0.0/24, fd00::/120),
port lists and ranges (host:6881-6889,51413), separated by spaces or commas.

Options:
  --this-machine          loopback and every address of every local interface
  --ports <list>          ports for targets that name none (default ${DEFAULT_PORTS})
  --timeout <ms>          how long to wait for a reply (default ${DEFAULT_SWEEP_SETTINGS.timeoutMs})
  --retries <n>           further queries to a silent endpoint (default ${DEFAULT_SWEEP_SETTINGS.retries})
  --rate <packets/s>      send rate limit (default ${DEFAULT_SWEEP_SETTINGS.ratePerSecond})
  --max-endpoints <n>     refuse larger target lists (default ${DEFAULT_MAX_ENDPOINTS})
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
    io.stderr.write(`dht-runbook probe: ${(error as Error).message}\nRun "dht-runbook probe --help" for the options.\n`);
    return EXIT_FAILURE;
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout.write(PROBE_USAGE); return EXIT_CLEAN; }
  const thisMachine = values['this-machine'] ?? false;
  if (!thisMachine && positionals.length === 0) {
    io.stderr.write('dht-runbook probe: no targets. Name hosts to probe, or use --this-machine.\n');
    return EXIT_FAILURE;
  }
  const numbers = readNumbers(values, io);
  if (!numbers) return EXIT_FAILURE;
  const planned = await planProbe({ targets: positionals.join(' '), thisMachine, ports: values.ports ?? DEFAULT_PORTS, maxEndpoints: numbers.maxEndpoints });
  if (!planned.ok) {
    for (const error of planned.errors) io.stderr.write(`dht-runbook probe: ${error}\n`);
    return EXIT_FAILURE;
  }
  const summary = await sweepForDhtNodes({
    endpoints: planned.plan.endpoints, timeoutMs: numbers.timeout, retries: numbers.retries, ratePerSecond: numbers.rate, signal,
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ targets: planned.plan.description, endpointCount: planned.plan.endpointCount, ...summary }, null, 2)}\n`);
  } else {
    io.stdout.write(`${formatSweepReport(summary, planned.plan.description)}\n`);
  }
  if (summary.cancelled) return EXIT_FAILURE;
  return summary.findings.length > 0 ? EXIT_FOUND : EXIT_CLEAN;
}

interface ProbeNumbers { timeout: number; retries: number; rate: number; maxEndpoints: number }

function readNumbers(values: Record<string, string | boolean | undefined>, io: CliStreams): ProbeNumbers | undefined {
  const read = (flag: string, fallback: number, min: number, max: number, integer: boolean): number | undefined => {
    const text = values[flag];
    if (typeof text !== 'string') return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      io.stderr.write(`dht-runbook probe: --${flag} "${text}" is not ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.\n`);
      return undefined;
    }
    return value;
  };
  const timeout = read('timeout', DEFAULT_SWEEP_SETTINGS.timeoutMs, 1, 600_000, true);
  const retries = read('retries', DEFAULT_SWEEP_SETTINGS.retries, 0, 10, true);
  const rate = read('rate', DEFAULT_SWEEP_SETTINGS.ratePerSecond, 1, 10_000_000, false);
  const maxEndpoints = read('max-endpoints', DEFAULT_MAX_ENDPOINTS, 1, Number.MAX_SAFE_INTEGER, true);
  if (timeout === undefined || retries === undefined || rate === undefined || maxEndpoints === undefined) return undefined;
  return { timeout, retries, rate, maxEndpoints };
}
