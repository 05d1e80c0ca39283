// Messages from the run panel's page are untrusted input: each field must
// name something the run really has before the extension acts on it.
import type { Phase, PhaseId, Step } from '../../core/runbook/model';

/** What validation needs to know of a run: its steps. */
export interface StepLookup {
  findStep(stepId: string): { phase: Phase; step: Step } | undefined;
}

const COMMANDS = new Set(['ready', 'runAction', 'runPhase', 'answerDecision', 'confirmStep', 'runCommand', 'skipStep', 'editNote']);
const PHASES = new Set<PhaseId>(['detection', 'remediation', 'verification']);
const OSES = new Set(['linux', 'macos', 'windows']);

export interface PanelMessage {
  readonly command: string;
  readonly step?: string;
  readonly action?: string;
  readonly phase?: PhaseId;
  readonly answer?: string;
  readonly os?: 'linux' | 'macos' | 'windows';
}

/** Accepts only messages whose every field names something this run really has. */
export function validatePanelMessage(raw: unknown, session: StepLookup): PanelMessage | string {
  if (typeof raw !== 'object' || raw === null) return 'not an object';
  const message = raw as Record<string, unknown>;
  const known = new Set(['command', 'step', 'action', 'phase', 'answer', 'os']);
  for (const key of Object.keys(message)) if (!known.has(key)) return `unexpected field "${key}"`;
  for (const [key, value] of Object.entries(message)) if (typeof value !== 'string' || value.length > 200) return `field "${key}" is not a short string`;
  const { command, step, action, phase, answer, os } = message as Record<string, string | undefined>;
  if (!command || !COMMANDS.has(command)) return `unknown command "${String(command)}"`;
  let found: ReturnType<StepLookup['findStep']>;
  if (step !== undefined) {
    found = session.findStep(step);
    if (!found) return `no step "${step}"`;
  }
  if (action !== undefined && !found?.step.actions.some((a) => a.id === action)) return `no action "${action}" in step "${String(step)}"`;
  if (phase !== undefined && !PHASES.has(phase as PhaseId)) return `no phase "${phase}"`;
  if (os !== undefined && !OSES.has(os)) return `no platform "${os}"`;
  if (answer !== undefined) {
    const decision = found?.step.actions.find((a) => a.id === action);
    if (decision?.kind !== 'decision' || !decision.answers.includes(answer)) return `"${answer}" is not an answer of that decision`;
  }
  const needsStep = command !== 'ready' && command !== 'runPhase';
  if (needsStep && !found) return `command "${command}" needs a step`;
  if (command === 'runPhase' && phase === undefined) return 'runPhase needs a phase';
  return { command, ...(step ? { step } : {}), ...(action ? { action } : {}), ...(phase ? { phase: phase as PhaseId } : {}), ...(answer ? { answer } : {}), ...(os ? { os: os as PanelMessage['os'] } : {}) };
}

