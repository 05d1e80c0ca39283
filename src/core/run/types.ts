// The record of one run of a runbook: what was found, what was done, what was
// checked afterwards, by whom and when. It is the proof a sysadmin closes a
// finding with, so it keeps the raw evidence, not just the conclusions.
// Plain JSON; documented in docs/run-record.md; versioned by `schema`.
import type { LocalCheckResult } from '../localCheck/types';
import type { SweepSummary } from '../probe/types';
import type { ReportHost, ScanReportFormat } from '../scanReport/types';

export const RUN_RECORD_SCHEMA = 'dht-runbook/run-record@2';

/** Schemas this version reads: @1 records are @2 records without per-finding steps, so they read as they are. */
export const READABLE_SCHEMAS: readonly string[] = ['dht-runbook/run-record@1', RUN_RECORD_SCHEMA];

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped' | 'attention';

/** The phases of a runbook, in the order a run walks them (same ids as the runbook model's). */
export type RunPhaseId = 'detection' | 'remediation' | 'verification';

export type RunTargets =
  | { readonly mode: 'this-machine' }
  | {
      readonly mode: 'hosts';
      /** The probe's target text: what was typed, or for a report its hosts with their ports. */
      readonly text: string;
      /** Set when the hosts came from a scanner report: which report, and what it said about each host. */
      readonly fromReport?: ReportTargets;
    };

/** The scanner report a run's hosts came from (`run --from-report`, "Start Run from Scan Report…"). */
export interface ReportTargets {
  readonly format: ScanReportFormat;
  /** The report's file name. */
  readonly name: string;
  /** SHA-256 of the report's bytes, hex. */
  readonly sha256: string;
  /** The hosts that carry the finding, in the order of `text`. */
  readonly hosts: readonly ReportHost[];
}

export interface RunbookRef {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  /** SHA-256 of the runbook's Markdown source, hex: which exact text was followed. */
  readonly contentHash: string;
  readonly source: 'bundled' | 'workspace';
  /** Path of the runbook file (relative to the workspace for workspace runbooks). */
  readonly path: string;
}

export interface Operator {
  /** The OS user who ran it. */
  readonly user: string;
  readonly host: string;
}

/** One execution of a step's action, with its evidence. */
export type ActionResult = ActionOutcome & {
  /** Which of the step's actions this was (`<step id>.<n>`); a step may hold several of one kind. */
  readonly actionId?: string;
};

export type ActionOutcome =
  | { readonly kind: 'check-listening-ports'; readonly at: string; readonly result: LocalCheckResult }
  | {
      readonly kind: 'probe-dht'; readonly at: string; readonly targets: string; readonly endpointCount: number; readonly summary: SweepSummary;
      /** Each name among the targets with the addresses the resolver gave it: the replies name addresses, the hosts were named. Absent when no target was a name. */
      readonly resolved?: readonly ResolvedName[];
    }
  | { readonly kind: 'decision'; readonly at: string; readonly question: string; readonly answer: string; readonly justification: string; readonly by: string }
  | { readonly kind: 'confirm'; readonly at: string; readonly statement: string; readonly by: string }
  | {
      readonly kind: 'command'; readonly at: string; readonly platform: string; readonly commandLine: string; readonly terminalName: string; readonly by: string;
      /** Set when the terminal's shell integration, or the process run headless, reported them. */
      readonly exitCode?: number; readonly output?: string;
      /**
       * Who says how it ended: 'shell-integration' (the terminal reported the
       * exit code), 'process' (run headless as an argument list), 'person' (no
       * exit code could be read, and the person said). Absent in older records.
       */
      readonly reportedBy?: 'shell-integration' | 'process' | 'person';
      /** The person's statement when `reportedBy` is 'person'; 'interrupted' when the run was cancelled. */
      readonly outcome?: 'succeeded' | 'failed' | 'interrupted';
      /** The argument list a headless run executed (no shell). */
      readonly argv?: readonly string[];
      /** For a command marked `ends:`, whether its end was seen after it exited 0 (src/core/remediation/commandEnd.ts). */
      readonly effect?: CommandEffect;
    }
  | {
      readonly kind: 'compare-baseline'; readonly at: string; readonly comparison: BaselineComparison; readonly verdict?: Verdict;
      /** A verdict for each finding of detection, next to the run's. */
      readonly findings?: readonly FindingVerdict[];
    }
  | { readonly kind: 'error'; readonly at: string; readonly action: string; readonly message: string };

/** What a command marked `ends:` was checked for after exit code 0: its process gone, or its program's file gone. */
export interface CommandEffect {
  readonly ends: 'process' | 'program';
  /** 'no' fails the command's step, whatever its exit code; 'unknown' (no /proc, an unreadable path) leaves it to the exit code. */
  readonly seen: 'yes' | 'no' | 'unknown';
}

/** One finding's verdict: its own endpoints and its own decision. */
export interface FindingVerdict {
  readonly findingId: string;
  readonly title: string;
  readonly verdict: Verdict;
}

/** A step's record for one finding, when the step repeats for each finding; the step's own record has the same fields and more. */
export interface FindingStepRecord {
  readonly status: StepStatus;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** Why the step was skipped, as the user wrote it. */
  readonly skipReason?: string;
  readonly note?: string;
  /** Every attempt, oldest first: a re-run adds, never replaces. */
  readonly results: readonly ActionResult[];
}

export interface StepRecord extends FindingStepRecord {
  /** Which phase the step belongs to and its heading, so a report can stand without the runbook (createRun fills both). */
  readonly phase?: RunPhaseId;
  readonly title?: string;
  /** For a step that repeats for each finding: its record per finding id. The step's own status sums them up. */
  readonly findings?: Readonly<Record<string, FindingStepRecord>>;
}

/** Verification against detection: what went away, what stayed. */
export interface BaselineComparison {
  /**
   * DHT endpoints confirmed at detection: gone now, or still answering.
   * `unverified` says why verification could not tell; `now` is then false
   * but means "not seen", not "gone".
   */
  readonly dhtEndpoints: readonly { readonly endpoint: string; readonly client?: string; readonly before: true; readonly now: boolean; readonly unverified?: string }[];
  /** DHT endpoints that answer now but did not at detection. */
  readonly newDhtEndpoints: readonly string[];
  /** Other listening services seen at detection (protocol/address:port + process): still listening? */
  readonly otherServices: readonly { readonly socket: string; readonly process?: string; readonly stillListening: boolean; readonly unverified?: string }[];
  /** BitTorrent suspects that no KRPC reply confirmed (a client's TCP peer port, say): still listening? */
  readonly suspectSockets?: readonly { readonly socket: string; readonly process?: string; readonly stillListening: boolean; readonly unverified?: string }[];
  /** Why the comparison is incomplete (a listing that failed, a cancelled sweep, no verification check). Any caveat makes the verdict inconclusive. */
  readonly caveats?: readonly string[];
}

export type Verdict =
  | { readonly outcome: 'remediated'; readonly because: string }
  | { readonly outcome: 'still-exposed'; readonly because: string }
  | { readonly outcome: 'accepted-risk'; readonly because: string; readonly justification: string }
  | { readonly outcome: 'inconclusive'; readonly because: string };

export interface RunRecord {
  readonly schema: typeof RUN_RECORD_SCHEMA;
  readonly runId: string;
  /** Bumped on every write; a writer that read an older revision must not overwrite a newer one. */
  readonly revision: number;
  readonly runbook: RunbookRef;
  readonly targets: RunTargets;
  readonly operator: Operator;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly endedAt?: string;
  /** By step id, in runbook order. */
  readonly steps: Readonly<Record<string, StepRecord>>;
  readonly verdict?: Verdict;
  /** 'editor' or 'cli': where the run was made. */
  readonly origin: 'editor' | 'cli';
  /** Set on a fleet run (`dht-runbook merge`): each host's own run, whole. A host's record never holds `fleet` itself. */
  readonly fleet?: FleetRun;
}

/** A fleet run: per-host runs (each a run of that machine, e.g. brought back by the Ansible playbook) combined into one. */
export interface FleetRun {
  /** One entry per host, in the order they were merged; no host twice. */
  readonly hosts: readonly FleetHost[];
}

export interface FleetHost {
  /** The host's name: the run's operator.host, or the folder its record came from (merge --host-from-folder). */
  readonly host: string;
  /** The host's own run id (the same as record.runId). */
  readonly runId: string;
  readonly record: RunRecord;
}

/** A host name among a probe's targets, and every address the resolver gave for it. */
export interface ResolvedName {
  readonly name: string;
  readonly addresses: readonly string[];
}
