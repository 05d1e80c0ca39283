// Streams a Nessus CSV export through csv-parse into NessusCsvBuilder. Why
// csv-parse: it is the maintained, dependency-free streaming parser of the
// node-csv project, it follows RFC 4180 quoting (Nessus quotes every field,
// and plugin outputs span lines and hold doubled quotes), strips a BOM, and
// bounds a record's size, so one endless quoted field cannot grow without end.
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { NessusCsvBuilder } from '../../core/scanReport/nessusCsv';
import { ScanReportError, type ImportCounts, type ReportHost } from '../../core/scanReport/types';

/** One CSV record at most this many characters: a plugin output of a few hundred KiB fits. */
export const MAX_CSV_RECORD = 1024 * 1024;
/** Columns in a record: Nessus writes about 30. */
const MAX_COLUMNS = 1000;

export async function readNessusCsv(chunks: AsyncIterable<Buffer>): Promise<{ hosts: ReportHost[]; counts: ImportCounts }> {
  const builder = new NessusCsvBuilder();
  const parser = parse({ bom: true, info: true, relax_column_count: true, max_record_size: MAX_CSV_RECORD, skip_empty_lines: true });
  const source = Readable.from(chunks, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; lines: number } }>) {
      if (info.records === 1) checkHeaderIsText(record);
      if (record.length > MAX_COLUMNS) {
        throw new ScanReportError('bad-row', `Record ${info.records} (line ${info.lines}) has ${record.length} fields; a Nessus CSV export has about 30. This is not a Nessus CSV export.`, { record: info.records, line: info.lines });
      }
      builder.addRecord(record, info.records, info.lines);
    }
  } catch (error) {
    source.destroy();
    throw error instanceof CsvError ? fromCsvError(error) : error;
  }
  return builder.finish();
}

function checkHeaderIsText(fields: readonly string[]): void {
  // csv-parse decodes bad UTF-8 as U+FFFD; NUL never appears in text.
  if (fields.some((f) => f.includes('\u0000') || f.includes('\uFFFD'))) {
    throw new ScanReportError('not-text', 'The file is not text: its first line holds binary bytes. A Nessus CSV export is UTF-8 text starting with a header row ("Plugin ID",…).', { record: 1, line: 1 });
  }
}

/** csv-parse's errors name their record and line; say what they mean for a Nessus export. */
function fromCsvError(error: CsvError): ScanReportError {
  const details = error as CsvError & { records?: number; lines?: number };
  const record = (details.records ?? 0) + 1;
  const line = details.lines;
  const position = { record, ...(line === undefined ? {} : { line }) };
  const place = line === undefined ? `record ${record}` : `record ${record} (line ${line})`;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ScanReportError('truncated', `The CSV file ends inside a quoted field that starts in ${place}: it is cut short, or a quote is missing. Export the report again.`, position);
    case 'CSV_MAX_RECORD_SIZE':
      return new ScanReportError('too-large-item', `Record ${record}${line === undefined ? '' : ` (near line ${line})`} is longer than ${MAX_CSV_RECORD} characters: no Nessus finding is that long (an unclosed quote swallows the rest of the file like this).`, position);
    default:
      return new ScanReportError('bad-row', `The CSV is malformed at ${place}: ${error.message.replace(/^Invalid [^:]*: /, '')}`, position);
  }
}
