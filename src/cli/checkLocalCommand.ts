// `dht-runbook check-local`: the listening-ports check from the command line.
import { parseArgs } from 'node:util';
import { formatLocalCheck } from '../core/localCheck/formatLocalCheck';
import { checkLocal } from '../node/localCheck/checkLocal';
import type { SourceChoice } from '../node/sockets/listListeningSockets';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';
import { optionsMessage, writeError, writeJson, writeLines } from './output';
import type { CliStreams } from './runCli';

export const CHECK_LOCAL_USAGE = `dht-runbook check-local [--all-udp] [--source ss|netstat|proc|lsof] [--json]

Lists every listening TCP and UDP socket on this machine with its owning
process, flags BitTorrent suspects (client names, well-known ports), and
confirms each UDP suspect with a DHT ping on the addresses it listens on.
  --all-udp     probe every UDP listener, not only the suspects
  --source      read sockets from this tool instead of the first available
  --json        print the result as JSON

Exit codes: 0 clean, 1 DHT node or suspect found, 2 failure.
`;

const SOURCES = new Set<SourceChoice>(['ss', 'netstat', 'proc', 'lsof']);

export async function checkLocalCommand(args: string[], io: CliStreams, signal: AbortSignal): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, options: { 'all-udp': { type: 'boolean' }, source: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    writeError(io, 'check-local', optionsMessage(error));
    return EXIT_FAILURE;
  }
  if (values.help) { io.stdout.write(CHECK_LOCAL_USAGE); return EXIT_CLEAN; }
  if (values.source !== undefined && !SOURCES.has(values.source as SourceChoice)) {
    writeError(io, 'check-local', `--source "${values.source}" is not one of ss, netstat, proc, lsof.`);
    return EXIT_FAILURE;
  }
  const result = await checkLocal({ allUdp: values['all-udp'] ?? false, signal, ...(values.source ? { source: values.source as SourceChoice } : {}) });
  if (values.json) writeJson(io, result);
  else writeLines(io, formatLocalCheck(result));
  if (result.listing.error || result.probe?.cancelled) return EXIT_FAILURE;
  return result.counts.suspects > 0 || result.counts.confirmedDhtNodes > 0 ? EXIT_FOUND : EXIT_CLEAN;
}
