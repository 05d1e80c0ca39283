// Streams a Nessus CSV export through csv-parse into NessusCsvBuilder. Why
// csv-parse: it is the maintained, dependency-free streaming parser of the
// node-csv project, it follows RFC 4180 quoting (Nessus quotes every field,
// and plugin outputs span lines and hold doubled quotes), strips a BOM, and
// bounds a record's size, so one endless quoted field cannot grow without end.
import { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { NessusCsvBuilder, recordPlace, type CsvRecordLines } from '../../core/scanReport/nessusCsv';
import { ScanReportError, type ImportCounts, type ReportHost } from '../../core/scanReport/types';

/** One CSV record at most this many characters: a plugin output of a few hundred KiB fits. */
export const MAX_CSV_RECORD = 1024 * 1024;
/** Columns in a record: Nessus writes about 30. */
const MAX_COLUMNS = 1000;

/** One parsed record: its fields, its number (from 1, the header) and the lines it spans. */
interface CsvRow { readonly fields: string[]; readonly record: number; readonly lines: CsvRecordLines }

export async function readNessusCsv(chunks: AsyncIterable<Buffer>): Promise<{ hosts: ReportHost[]; counts: ImportCounts }> {
  const builder = new NessusCsvBuilder();
  const lines = new RecordLineCounter();
  const options: Options<CsvRow, string[]> = {
    bom: true, relax_column_count: true, max_record_size: MAX_CSV_RECORD, skip_empty_lines: true,
    // Lines are counted as csv-parse makes each record, not as the loop below takes it: a parse
    // error ends the stream while records already made may still wait in its buffer unread.
    on_record: (fields, context) => ({ fields, record: context.records, lines: lines.record(fields, context.empty_lines) }),
  };
  // csv-parse types an on_record that changes the record's type only for parsers with `columns`.
  const parser = parse(options as unknown as Options);
  const source = Readable.from(chunks, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const { fields, record, lines: spans } of parser as AsyncIterable<CsvRow>) {
      if (record === 1) checkHeaderIsText(fields);
      if (fields.length > MAX_COLUMNS) {
        throw new ScanReportError('bad-row', `${recordPlace(record, spans)} has ${fields.length} fields; a Nessus CSV export has about 30. This is not a Nessus CSV export.`, { record, line: spans.first });
      }
      builder.addRecord(fields, record, spans);
    }
  } catch (error) {
    source.destroy();
    throw error instanceof CsvError ? fromCsvError(error, lines) : error;
  }
  return builder.finish();
}

function checkHeaderIsText(fields: readonly string[]): void {
  // csv-parse decodes bad UTF-8 as U+FFFD; NUL never appears in text.
  if (fields.some((f) => f.includes('\u0000') || f.includes('\uFFFD'))) {
    throw new ScanReportError('not-text', 'The file is not text: its first line holds binary bytes. A Nessus CSV export is UTF-8 text starting with a header row ("Plugin ID",…).', { record: 1, line: 1 });
  }
}

/**
 * The lines each record spans, as an editor numbers them. csv-parse's info.lines is the line a
 * record ends on, and counts a CRLF inside a quoted field as two lines, so they are counted here:
 * a record starts on the line after the previous one ends, past the blank lines csv-parse skipped
 * (info.empty_lines, which counts them right), and spans as many lines as its fields hold line
 * breaks (only a quoted field holds one, and keeps it verbatim).
 */
class RecordLineCounter {
  private next = 1;
  private emptyBefore = 0;

  /** Where the record being parsed starts, given csv-parse's count of blank lines skipped so far. */
  startOf(emptyLines: number): number {
    return this.next + emptyLines - this.emptyBefore;
  }

  record(fields: readonly string[], emptyLines: number): CsvRecordLines {
    const first = this.startOf(emptyLines);
    const last = first + lineBreaks(fields);
    this.next = last + 1;
    this.emptyBefore = emptyLines;
    return { first, last };
  }
}

/** Line breaks (CRLF, LF or a lone CR) inside a record's fields. */
function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  fields.forEach((field, index) => {
    if (!field.includes('\n') && !field.includes('\r')) return;
    // A CR ending the last field is the first half of a CRLF whose LF ended the record (LF-delimited file, one CRLF row).
    const end = index === fields.length - 1 && field.endsWith('\r') ? field.length - 1 : field.length;
    for (let i = 0; i < end; i += 1) {
      const code = field.charCodeAt(i);
      if (code === 0x0a) count += 1;
      else if (code === 0x0d) {
        count += 1;
        if (field.charCodeAt(i + 1) === 0x0a) i += 1;
      }
    }
  });
  return count;
}

/** csv-parse's errors name their record; say what they mean for a Nessus export, with the line the record starts on. */
function fromCsvError(error: CsvError, lines: RecordLineCounter): ScanReportError {
  const details = error as CsvError & { records?: number; empty_lines?: number };
  const record = (details.records ?? 0) + 1;
  const line = lines.startOf(details.empty_lines ?? 0);
  const position = { record, line };
  const place = `record ${record} (line ${line})`;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ScanReportError('truncated', `The CSV file ends inside a quoted field that starts in ${place}: it is cut short, or a quote is missing. Export the report again.`, position);
    case 'CSV_MAX_RECORD_SIZE':
      return new ScanReportError('too-large-item', `Record ${record} (starting at line ${line}) is longer than ${MAX_CSV_RECORD} characters: no Nessus finding is that long (an unclosed quote swallows the rest of the file like this).`, position);
    default:
      return new ScanReportError('bad-row', `The CSV is malformed at ${place}: ${error.message.replace(/^Invalid [^:]*: /, '')}`, position);
  }
}
