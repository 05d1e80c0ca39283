// What an imported scanner report yields: the hosts where the DHT plugin (or
// its companion) fired, with what the scanner said about each, and counts of
// everything skipped. Plain data: it becomes a run's targets (RunTargets'
// fromReport) and the CLI's `import-report` output.

export type ScanReportFormat = 'nessus' | 'nessus-csv' | 'host-list';

/** One host of the report that carries the finding (or, for a host list, one line). */
export interface ReportHost {
  /** The address to probe: the scanner's host-ip, or the host as the report names it. */
  readonly address: string;
  /** A name for people: FQDN, NetBIOS name, or the report's host name when it is not the address. */
  readonly name?: string;
  /** Ports the scanner saw the finding on (never 0), sorted. */
  readonly ports: readonly number[];
  readonly protocols?: readonly string[];
  /** Which of the DHT plugins fired, sorted. */
  readonly pluginIds: readonly string[];
  /** The highest severity the scanner gave, as a word (None, Low, Medium, High, Critical). */
  readonly severity?: string;
  /** The plugin output, shortened to MAX_KEPT_OUTPUT characters. */
  readonly output?: string;
  /** When the scanner scanned the host (HOST_START, else HOST_END), as the report writes it. */
  readonly scanTime?: string;
}

export interface ImportCounts {
  /** Findings (ReportItems, CSV rows, list lines) read. */
  readonly items: number;
  /** Of them, findings of the DHT plugins, kept. */
  readonly kept: number;
  /** Findings of other plugins, skipped without being kept. */
  readonly skipped: number;
  /** Hosts the report covers (with or without the finding). */
  readonly hostsSeen: number;
}

export interface ImportedReport {
  readonly format: ScanReportFormat;
  /** The file's name (not its path: a record travels between machines). */
  readonly name: string;
  /** SHA-256 of the file's bytes, hex: which exact report the run followed. */
  readonly sha256: string;
  readonly bytes: number;
  readonly hosts: readonly ReportHost[];
  readonly counts: ImportCounts;
}

/** Where in the file a problem is: a line and column (XML, host list) or a record (CSV). */
export interface ReportPosition {
  readonly line?: number;
  readonly column?: number;
  readonly record?: number;
}

export type ScanReportProblemKind =
  | 'empty' | 'not-xml' | 'not-text' | 'not-nessus' | 'truncated' | 'doctype' | 'too-large-item' | 'too-deep'
  | 'too-many-hosts' | 'missing-columns' | 'bad-row' | 'bad-host' | 'no-hosts' | 'unknown-format';

/** A report the importer refuses, with what is wrong, where, and what to do. Thrown; never partial results. */
export class ScanReportError extends Error {
  override readonly name = 'ScanReportError';
  constructor(readonly kind: ScanReportProblemKind, message: string, readonly position?: ReportPosition) {
    super(message);
  }
}

/** Plugin output kept per host, in characters: enough to read, small enough for a record of many hosts. */
export const MAX_KEPT_OUTPUT = 2000;
/** Hosts with the finding one report may give: more than any probe run can cover. */
export const MAX_REPORT_HOSTS = 100_000;

/** "line 12, column 5" / "record 7", for messages. */
export function where(position: ReportPosition): string {
  if (position.record !== undefined) return position.line === undefined ? `record ${position.record}` : `record ${position.record} (line ${position.line})`;
  if (position.line === undefined) return 'the file';
  return position.column === undefined ? `line ${position.line}` : `line ${position.line}, column ${position.column}`;
}
