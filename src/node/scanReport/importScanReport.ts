// Imports a scanner report: a Nessus .nessus (v2 XML) file, a Nessus CSV
// export, or a plain list of hosts. The file is opened by the bounded-read
// rules and streamed (XML, CSV) or read whole (a host list is small), hashed
// as it goes, and only the hosts with the DHT finding are kept. A report that
// cannot be read whole gives a ScanReportError or BoundedReadError with a
// message for people, and nothing else: no partial result, so no run can
// start from half a report.
import { basename } from 'node:path';
import { detectReportFormat } from '../../core/scanReport/detectFormat';
import { parseHostList } from '../../core/scanReport/hostList';
import { ScanReportError, type ImportedReport, type ScanReportFormat } from '../../core/scanReport/types';
import { BoundedReadError } from '../files/readBoundedFile';
import { openReportStream } from './openReportStream';
import { readNessusCsv } from './readNessusCsv';
import { readNessusXml } from './readNessusXml';

/** The largest report read: a scan of tens of thousands of hosts is a few GB at most. */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024 * 1024;
/** A host list is read whole; a million hosts would not be this long. */
export const MAX_HOST_LIST_BYTES = 64 * 1024 * 1024;

export interface ImportOptions {
  /** Read it as this format, whatever its name and content suggest. */
  readonly format?: ScanReportFormat;
  readonly maxBytes?: number;
}

export async function importScanReport(path: string, options: ImportOptions = {}): Promise<ImportedReport> {
  const stream = await openReportStream(path, options.maxBytes ?? MAX_REPORT_BYTES);
  try {
    const name = basename(path);
    if (stream.size === 0) throw new ScanReportError('empty', `${name} is empty: there is no report in it.`);
    const format = options.format ?? detectReportFormat(name, (await stream.head(4096)).toString('utf8'));
    if (format === 'host-list' && stream.size > MAX_HOST_LIST_BYTES) {
      throw new BoundedReadError('too-large', path, `${name} is read as a host list, and at ${stream.size} bytes it is larger than a host list can be (${MAX_HOST_LIST_BYTES} bytes). Is it a report saved under another name?`);
    }
    const read = format === 'nessus' ? await readNessusXml(stream.chunks())
      : format === 'nessus-csv' ? await readNessusCsv(stream.chunks())
        : parseHostList(await textOf(stream.chunks()));
    return { format, name, sha256: stream.sha256(), bytes: stream.size, hosts: read.hosts, counts: read.counts };
  } finally {
    await stream.close();
  }
}

async function textOf(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const bytes = Buffer.concat(parts);
  if (bytes.includes(0)) throw new ScanReportError('not-text', 'The file is not text (it holds NUL bytes): a host list has one address or name per line.');
  return bytes.toString('utf8');
}

/** A message for people from whatever an import threw; never a stack trace. */
export function importProblemMessage(error: unknown): string {
  if (error instanceof ScanReportError || error instanceof BoundedReadError) return error.message;
  return `The report could not be imported: ${error instanceof Error ? error.message : String(error)}`;
}
