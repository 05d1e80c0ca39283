// `dht-runbook import-report FILE [--json]`: what a scanner report holds for
// this runbook (the hosts with the DHT finding, counts of what was skipped),
// without probing or recording anything. A quick look before a run.
import { parseArgs } from 'node:util';
import { formatImport } from '../core/scanReport/formatImport';
import type { ScanReportFormat } from '../core/scanReport/types';
import { importProblemMessage, importScanReport } from '../node/scanReport/importScanReport';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FOUND } from './exitCodes';
import { optionsMessage, writeError, writeJson, writeLines } from './output';
import type { CliStreams } from './runCli';

export const IMPORT_REPORT_USAGE = `dht-runbook import-report <file> [options]

Reads a scanner report and prints the hosts where Nessus plugin 50677
(BitTorrent Mainline DHT Detection) or its companion 50676 fired. Reads a
.nessus (v2) file, a Nessus CSV export, or a plain list of hosts (one per
line, # comments). Probes nothing and records nothing.
  --format <format>     nessus, nessus-csv or host-list (default: from the name and content)
  --json                print the import as JSON
Exit codes: 0 no host with the finding, 1 hosts with the finding, 2 a file that cannot be read.
`;

const FORMATS: readonly ScanReportFormat[] = ['nessus', 'nessus-csv', 'host-list'];

export async function importReportCommand(args: string[], io: CliStreams): Promise<number> {
  let path: string;
  let format: ScanReportFormat | undefined;
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) { io.stdout.write(IMPORT_REPORT_USAGE); return EXIT_CLEAN; }
    if (positionals.length !== 1) throw new Error('name one report file: a .nessus file, a Nessus CSV export or a host list.');
    if (values.format !== undefined && !FORMATS.includes(values.format as ScanReportFormat)) throw new Error(`--format "${values.format}" is not one of ${FORMATS.join(', ')}.`);
    path = positionals[0]!;
    format = values.format as ScanReportFormat | undefined;
    json = values.json ?? false;
  } catch (error) {
    writeError(io, 'import-report', optionsMessage(error));
    return EXIT_FAILURE;
  }
  try {
    const report = await importScanReport(path, format === undefined ? {} : { format });
    if (json) writeJson(io, report); else writeLines(io, formatImport(report));
    return report.hosts.length > 0 && report.format !== 'host-list' ? EXIT_FOUND : EXIT_CLEAN;
  } catch (error) {
    writeError(io, 'import-report', importProblemMessage(error));
    return EXIT_FAILURE;
  }
}
