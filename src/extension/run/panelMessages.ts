// The messages between the run panel's page and the extension, as one typed
// map (modelled on Runme's ClientMessage<T>: a union keyed by the message's
// type, so a `switch` over it is checked for missing cases). Messages from
// the page are untrusted input: each field must name something the run
// really has before the extension acts on it.
import type { Phase, PhaseId, Step } from '../../core/runbook/model';

/** What validation needs to know of a run: its steps and the findings of its detection. */
export interface StepLookup {
  findStep(stepId: string): { phase: Phase; step: Step } | undefined;
  hasFinding(findingId: string): boolean;
  /** A host of the run's host table (hostsOf); absent: the run has no hosts. */
  hasHost?(host: string): boolean;
}

/** Page → extension: the fields each command carries. */
export interface PanelMessagePayloads {
  ready: object;
  runAction: { step: string; action?: string; finding?: string };
  runPhase: { phase: PhaseId };
  answerDecision: { step: string; action?: string; answer?: string; finding?: string };
  confirmStep: { step: string; action?: string; finding?: string };
  runCommand: { step: string; action?: string; finding?: string };
  skipStep: { step: string; finding?: string };
  editNote: { step: string; finding?: string };
  copyAnsibleCommand: { host: string };
}

export type PanelCommand = keyof PanelMessagePayloads;
export type PanelMessageOf<K extends PanelCommand> = { readonly command: K } & Readonly<PanelMessagePayloads[K]>;
/** Any message from the page, narrowed by `command`. */
export type PanelMessage = { [K in PanelCommand]: PanelMessageOf<K> }[PanelCommand];

/** Extension → page. */
export interface PanelUpdatePayloads {
  render: { html: string };
  reveal: { stepId: string; findingId?: string };
  revealHost: { host: string };
}
export type PanelUpdate = { [K in keyof PanelUpdatePayloads]: { readonly type: K } & Readonly<PanelUpdatePayloads[K]> }[keyof PanelUpdatePayloads];

const COMMANDS: Readonly<Record<PanelCommand, true>> = {
  ready: true, runAction: true, runPhase: true, answerDecision: true, confirmStep: true, runCommand: true, skipStep: true, editNote: true, copyAnsibleCommand: true,
};
const PHASES = new Set<PhaseId>(['detection', 'remediation', 'verification']);
const FIELDS = new Set(['command', 'step', 'action', 'phase', 'answer', 'finding', 'host']);

function isCommand(value: string): value is PanelCommand {
  return Object.hasOwn(COMMANDS, value);
}

/** Accepts only messages whose every field names something this run really has. */
export function validatePanelMessage(raw: unknown, session: StepLookup): PanelMessage | string {
  if (typeof raw !== 'object' || raw === null) return 'not an object';
  const message = raw as Record<string, unknown>;
  for (const key of Object.keys(message)) if (!FIELDS.has(key)) return `unexpected field "${key}"`;
  for (const [key, value] of Object.entries(message)) if (typeof value !== 'string' || value.length > 200) return `field "${key}" is not a short string`;
  const { command, step, action, phase, answer, finding, host } = message as Record<string, string | undefined>;
  if (command === undefined || !isCommand(command)) return `unknown command "${String(command)}"`;
  let found: ReturnType<StepLookup['findStep']>;
  if (step !== undefined) {
    found = session.findStep(step);
    if (!found) return `no step "${step}"`;
  }
  if (action !== undefined && !found?.step.actions.some((a) => a.id === action)) return `no action "${action}" in step "${String(step)}"`;
  if (phase !== undefined && !PHASES.has(phase as PhaseId)) return `no phase "${phase}"`;
  if (answer !== undefined) {
    const decision = found?.step.actions.find((a) => a.id === action);
    if (decision?.kind !== 'decision' || !decision.answers.includes(answer)) return `"${answer}" is not an answer of that decision`;
  }
  if (finding !== undefined) {
    if (!session.hasFinding(finding)) return `no finding "${finding}" in this run`;
    if (found?.step.forEach !== 'finding') return `step "${String(step)}" does not repeat for each finding`;
  }
  if (host !== undefined) {
    if (command !== 'copyAnsibleCommand') return `command "${command}" takes no host`;
    if (session.hasHost?.(host) !== true) return `no host "${host}" in this run`;
  }
  const opt = { ...(action ? { action } : {}), ...(finding ? { finding } : {}) };
  switch (command) {
    case 'ready':
      return { command };
    case 'copyAnsibleCommand':
      if (host === undefined) return 'copyAnsibleCommand needs a host';
      if (step !== undefined || phase !== undefined || finding !== undefined) return 'copyAnsibleCommand takes only a host';
      return { command, host };
    case 'runPhase':
      if (phase === undefined) return 'runPhase needs a phase';
      return { command, phase: phase as PhaseId };
    case 'runAction':
    case 'confirmStep':
    case 'runCommand':
    case 'answerDecision':
    case 'skipStep':
    case 'editNote': {
      if (!found || step === undefined) return `command "${command}" needs a step`;
      if (found.step.forEach === 'finding' && finding === undefined) return `step "${step}" repeats for each finding: the message must name one`;
      if (command === 'skipStep' || command === 'editNote') return { command, step, ...(finding ? { finding } : {}) };
      if (command === 'answerDecision') return { command, step, ...opt, ...(answer ? { answer } : {}) };
      return { command, step, ...opt };
    }
  }
}
