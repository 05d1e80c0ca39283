// The shape of a parsed runbook. Plain JSON on purpose: a run record can
// keep the runbook it ran exactly as it was read.
import type { PortRange } from '../targets/portSpec';

export type PhaseId = 'detection' | 'remediation' | 'verification';

/** The phases every runbook has, in the order a run walks them. */
export const PHASE_IDS: readonly PhaseId[] = ['detection', 'remediation', 'verification'];

/** How urgently the runbook's author rates the finding (scanners rate it their own way). */
export type RunbookSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const RUNBOOK_SEVERITIES: readonly RunbookSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

export interface Runbook {
  /** Stable id from the front matter (a slug); falls back to the title's slug when missing. */
  id: string;
  /** From the front matter; falls back to the H1 when missing. */
  title: string;
  /** Unset only when the front matter lacks it (an error diagnostic says so). */
  version?: string;
  /** Unset only when the front matter lacks it (an error diagnostic says so). */
  severity?: RunbookSeverity;
  finding: Finding;
  /** Markdown between the H1 and the first H2. */
  intro: string;
  /** The phases found, always in the order detection, remediation, verification. */
  phases: Phase[];
  /** H2 sections that are not phases (what it means, prevention, references, ...), in document order. */
  sections: Section[];
  /** Left for callers that hash the source; the parser never sets it. */
  sourceHash?: string;
}

export interface Finding {
  /** The finding's name as scanners print it. */
  name: string;
  scanners: ScannerReference[];
}

export interface ScannerReference {
  /** The product, e.g. "Tenable Nessus". */
  scanner: string;
  /** The scanner's own id for its check, as text (not every scanner uses numbers). */
  pluginId: string;
  /** The check's name in that scanner. */
  name: string;
  family?: string;
  /** 'primary' reports this finding; 'companion' reports a related one worth reading alongside. */
  role: 'primary' | 'companion';
}

export interface Phase {
  id: PhaseId;
  /** The heading text, e.g. "Phase 1: Detection". */
  title: string;
  /** Markdown between the phase heading and its first step. */
  intro: string;
  steps: Step[];
  /** 0-based line of the heading. */
  line: number;
}

export interface Step {
  /** Unique within the runbook: explicit (`step:` in a block) or the heading's slug. */
  id: string;
  title: string;
  /** The step's own Markdown, without its runbook blocks. */
  markdown: string;
  actions: Action[];
  /** When set, the step applies only after this answer was given. */
  condition?: StepCondition;
  /**
   * `for-each: finding`: the step repeats for each finding of detection (one
   * program, or one node of another host), with its own status, results and,
   * for a decision, its own answer.
   */
  forEach?: 'finding';
  /** 0-based line of the heading. */
  line: number;
}

/** `when: <decision step id> = <answer>` */
export interface StepCondition {
  /** Id of an earlier step that holds exactly one decision. */
  decisionStep: string;
  answer: string;
  /** 0-based line of the `when:` line. */
  line: number;
}

export interface Section {
  title: string;
  markdown: string;
  /** 0-based line of the heading. */
  line: number;
}

export type ActionKind = Action['kind'];

export const ACTION_KINDS: readonly ActionKind[] = ['check-listening-ports', 'probe-dht', 'decision', 'confirm', 'command', 'compare-baseline'];

interface ActionCommon {
  /** `<step id>.<position in the step, from 1>`: unique within the runbook. */
  id: string;
  /** Short text for the button that runs the action, when the author gave one. */
  label?: string;
  /** 0-based line of the block's opening fence. */
  line: number;
}

/**
 * Lists this machine's listening sockets with their owning processes, flags
 * BitTorrent suspects, and confirms UDP suspects with a DHT ping.
 */
export interface CheckListeningPortsAction extends ActionCommon {
  kind: 'check-listening-ports';
  /** Ping every UDP listener, not only the suspects (as `dht-runbook check-local --all-udp`). */
  allUdp: boolean;
}

export type ProbeTargets =
  | { kind: 'this-machine' }
  /** The targets the user picked for this run. */
  | { kind: 'run-targets' }
  /** A literal target list, in the probe's target syntax (already checked). */
  | { kind: 'list'; text: string };

export type ProbePorts =
  /** The ports from the user's settings. */
  | { kind: 'default' }
  | { kind: 'list'; text: string; ranges: PortRange[] }
  /** Every UDP port the listing of this machine found (this-machine targets only). */
  | { kind: 'listening-udp' };

/** Sends a KRPC ping (BEP 5) to each target and reports the DHT nodes that answer. */
export interface ProbeDhtAction extends ActionCommon {
  kind: 'probe-dht';
  targets: ProbeTargets;
  ports: ProbePorts;
}

/** A question with fixed answers; the answer and a justification are recorded. */
export interface DecisionAction extends ActionCommon {
  kind: 'decision';
  question: string;
  /** Two or more distinct answers, in the author's order. */
  answers: string[];
  justification: 'required' | 'optional';
}

/** Something the user confirms by hand, e.g. "Users informed". */
export interface ConfirmAction extends ActionCommon {
  kind: 'confirm';
  prompt: string;
}

export type CommandOs = 'linux' | 'macos' | 'windows';

export const COMMAND_OSES: readonly CommandOs[] = ['linux', 'macos', 'windows'];

/** A command run in a visible terminal after a click; linux and macos are POSIX shell, windows is PowerShell. */
export interface CommandAction extends ActionCommon {
  kind: 'command';
  /** At least one OS has a command. Placeholders (`{{service}}`) are still in the text. */
  commands: Partial<Record<CommandOs, string>>;
  /** Every placeholder the commands use, in order of first use, each once. */
  placeholders: PlaceholderName[];
  /** `if: <fact> = <value>, ...`: offered only for findings whose fact has one of the values (per-finding steps only). */
  applies?: CommandApplies;
  /**
   * `ends: process`: the command ends the finding's process; after it exits 0
   * the runner waits for that process to be gone, so that verification does
   * not meet a client still closing its sockets. `ends: program`: the command
   * uninstalls the program; after it exits 0 the program's file must be gone.
   * Either end not seen fails the command (src/core/remediation/commandEnd.ts).
   */
  ends?: 'process' | 'program';
  /** `unattended: -y`: options added at the end when the command runs with nobody to answer it (headless --apply). */
  unattended?: string[];
}

/** What a finding's facts must be for a command to be offered. */
export interface CommandApplies {
  fact: FindingFact;
  values: string[];
  /** 0-based line of the `if:` line. */
  line: number;
}

/**
 * Facts of a finding a command can depend on: `install` (deb, rpm, snap,
 * flatpak, appimage, pip, npm, homebrew, windows-installer, user-copy, opt,
 * unpackaged, unknown), `manager` (apt, dnf, yum, zypper, snap, flatpak, pip,
 * npm, brew, winget, none), `service` (system, user, launchd, windows-service,
 * none), `where` (this-machine, remote).
 */
export type FindingFact = 'install' | 'manager' | 'service' | 'where';

export const FINDING_FACT_VALUES: Readonly<Record<FindingFact, readonly string[]>> = {
  install: ['deb', 'rpm', 'snap', 'flatpak', 'appimage', 'pip', 'npm', 'homebrew', 'windows-installer', 'user-copy', 'opt', 'unpackaged', 'unknown'],
  manager: ['apt', 'dnf', 'yum', 'zypper', 'snap', 'flatpak', 'pip', 'npm', 'brew', 'winget', 'none'],
  service: ['system', 'user', 'launchd', 'windows-service', 'none'],
  where: ['this-machine', 'remote'],
};

export type BaselineGone = 'dht-nodes' | 'suspect-sockets';
export type BaselineKept = 'other-listeners';

/** Compares the verification checks with detection's results and gives a verdict. */
export interface CompareBaselineAction extends ActionCommon {
  kind: 'compare-baseline';
  /** What must have disappeared since detection. */
  gone: BaselineGone[];
  /** What must still be there. */
  kept: BaselineKept[];
}

export type Action = CheckListeningPortsAction | ProbeDhtAction | DecisionAction | ConfirmAction | CommandAction | CompareBaselineAction;

/** The placeholders a command may use; detection's results fill them. */
export type PlaceholderName =
  | 'process.name' | 'process.pid' | 'process.executable'
  | 'program.path' | 'runtime.executable'
  | 'package' | 'removable.path'
  | 'service' | 'service.machine' | 'service.target';

export type DiagnosticCode =
  | 'internal'
  | 'too-large'
  | 'front-matter'
  | 'missing-title'
  | 'missing-phase'
  | 'phase-heading'
  | 'phase-order'
  | 'duplicate-phase'
  | 'empty-phase'
  | 'action-outside-step'
  | 'block-syntax'
  | 'unknown-action'
  | 'misplaced-action'
  | 'missing-field'
  | 'unknown-field'
  | 'duplicate-field'
  | 'bad-value'
  | 'duplicate-step-id'
  | 'bad-step-id'
  | 'condition'
  | 'unknown-placeholder'
  | 'quoted-placeholder'
  | 'unterminated-fence'
  | 'for-each'
  | 'unsafe-placeholder';

export interface RunbookDiagnostic {
  severity: 'error' | 'warning';
  /** 0-based line in the runbook's source. */
  line: number;
  message: string;
  /** What kind of mistake, for tests and quick fixes. */
  code: DiagnosticCode;
}

export interface ParseRunbookResult {
  /** Undefined only when nothing usable was found; otherwise as much as could be read. */
  runbook: Runbook | undefined;
  diagnostics: RunbookDiagnostic[];
}
