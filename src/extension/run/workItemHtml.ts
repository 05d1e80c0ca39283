// The run panel's part for one work item: a step, or a step's part for one
// finding, with its own header (which program it is), its own buttons, its
// own commands filled from that finding, its own status and results. Only
// this machine's commands that apply to the finding are offered; the others
// wait under a <details>. A command that cannot run yet says why, in visible
// text and on its disabled button. Free of 'vscode' (strings come through
// `t`), so it is unit-tested as plain functions.
import type { Finding } from '../../core/findings/types';
import type { CommandPlan } from '../../core/remediation/commandPlan';
import type { ActionResult, FindingStepRecord, StepRecord, StepStatus } from '../../core/run/types';
import type { Action, CommandAction, CommandOs, Step } from '../../core/runbook/model';
import { COMMAND_OSES } from '../../core/runbook/model';
import { latestResultOf } from '../../core/run/stepStatus';
import { escapeHtml as e, type Translate } from '../probe/resultsMarkup';
import { badgeHtml } from './statusBadge';

export interface ItemView {
  readonly t: Translate;
  /** This machine's OS: only its commands are offered. */
  readonly os: CommandOs;
  /** Why actions are off (Restricted Mode, an ended run), or undefined when they run. */
  readonly actionsDisabledBecause?: string;
  /** The command as it would run for this finding here (planCommand). */
  readonly plan: (action: CommandAction, finding: Finding | undefined) => CommandPlan;
  /** The card for one result. */
  readonly resultCard: (result: ActionResult) => string;
  readonly statusLabel: (status: StepStatus) => string;
}

export interface ItemInput {
  readonly step: Step;
  readonly finding?: Finding;
  readonly status: StepStatus;
  readonly record: StepRecord | FindingStepRecord;
  /** This item holds the run's next move: its first waiting action is the primary button. */
  readonly next?: boolean;
}

/** An item is closed once done: passed, failed or skipped. One that needs attention may still have actions not yet run. */
export function isClosed(status: StepStatus): boolean {
  return status === 'passed' || status === 'failed' || status === 'skipped';
}

export interface ButtonOptions {
  readonly primary?: boolean;
  readonly disabledBecause?: string | undefined;
  /** A choice among answers: true for the one chosen, false for the others (aria-pressed). */
  readonly pressed?: boolean;
  /** A small tool (note) rather than an action. */
  readonly tool?: boolean;
}

export function button(label: string, command: string, data: Record<string, string | undefined>, options: ButtonOptions = {}): string {
  const attrs = Object.entries(data).filter(([, v]) => v !== undefined).map(([k, v]) => ` data-${k}="${e(v!)}"`).join('');
  const disabled = options.disabledBecause === undefined ? '' : ` disabled title="${e(options.disabledBecause)}"`;
  const pressed = options.pressed === undefined ? '' : ` aria-pressed="${options.pressed}"`;
  const classes = [options.primary ? 'primary' : 'secondary', ...(options.tool ? ['tool'] : []), ...(options.pressed ? ['chosen'] : [])].join(' ');
  return `<button type="button" class="${classes}" data-command="${command}"${attrs}${disabled}${pressed}>${e(label)}</button>`;
}

/** One row saying which program a finding is, for a sysadmin deciding on it. */
export function findingHeader(finding: Finding, t: Translate): string {
  const facts = finding.program;
  const install = facts?.install;
  const parts: string[] = [];
  if (finding.pid !== undefined) parts.push(t('pid {0}', finding.pid));
  if (finding.user !== undefined) parts.push(t('user {0}', finding.user));
  if (finding.client !== undefined) parts.push(finding.client);
  const program = facts?.program?.path ?? facts?.process.executable ?? finding.owner?.executable;
  if (program !== undefined) {
    parts.push(facts?.program?.runtime === undefined ? t('program {0}', program) : t('program {0}, run by {1}', program, facts.program.runtime.executable));
  }
  const packagePart = install === undefined
    ? (finding.owner?.packages.length ? t('package {0} ({1})', finding.owner.packages.join(', '), finding.owner.packageManager) : undefined)
    : install.refusal !== undefined
      ? t('{0} install; removing package {1} is refused: {2}', install.kind, install.package ?? '?', install.refusal.reason)
        + (install.refusal.dependentCount !== undefined ? ` ${t('({0} installed packages depend on it: {1})', install.refusal.dependentCount, (install.refusal.dependents ?? []).join(', '))}` : '')
      : install.package !== undefined
        ? t('{0} install, package {1} ({2})', install.kind, install.package, install.manager ?? '?')
        : t('{0} install, no package', install.kind) + (install.removablePath === undefined ? '' : `, ${t('path {0}', install.removablePath)}`);
  if (packagePart !== undefined) parts.push(packagePart);
  const service = facts?.service;
  const servicePart = service === undefined ? (finding.owner?.service === undefined ? undefined : t('service {0}', finding.owner.service))
    : service.manager === 'systemd' ? t('{0} service {1}', service.scope === 'user' ? t('user') : t('system'), service.unit)
    : service.manager === 'launchd' ? t('launchd job {0}', service.label)
    : service.manager === 'windows-service' ? t('Windows service {0}', service.name)
    : t('no service: {0}', service.reason);
  if (servicePart !== undefined) parts.push(servicePart);
  const endpoints = finding.endpoints.map((p) => `<span class="endpoint${p.confirmed ? ' confirmed' : ''}">${e(p.label)}</span>`).join(' ');
  const basis = finding.basis === 'krpc-reply' ? t('confirmed by a DHT reply') : t('suspect (no DHT reply)');
  const remote = finding.where === 'remote'
    ? `<p class="remote-note" role="note">${e(t('This node runs on {0}: remediation happens on that host, not from here.', finding.host))}</p>` : '';
  return `<h4 class="finding-title">${e(finding.title)} <span class="muted">${e(basis)}</span></h4>
<p class="finding-facts">${parts.map((p) => `<span>${e(p)}</span>`).join(' · ')}</p>
<p class="finding-endpoints">${endpoints}</p>${remote}`;
}

function actionLabel(action: Action, t: Translate): string {
  if (action.label) return action.label;
  switch (action.kind) {
    case 'check-listening-ports': return t('List listening sockets');
    case 'probe-dht': return t('Probe for DHT nodes');
    case 'decision': return t('Answer');
    case 'confirm': return t('Confirm');
    case 'command': return t('Run in terminal');
    case 'compare-baseline': return t('Compare with the baseline');
  }
}

/** Why a button of this item cannot be clicked now, or undefined. */
function blockedBecause(view: ItemView, input: ItemInput): string | undefined {
  if (view.actionsDisabledBecause !== undefined) return view.actionsDisabledBecause;
  return input.status === 'running' ? view.t('Running now.') : undefined;
}

/**
 * Which actions of an item still wait, and which of them is the run's next
 * move. Nothing waits on a closed item; on an open one, an action waits until
 * it has a result. While the item runs, its waiting actions show, disabled.
 */
interface Openness {
  readonly waits: (action: Action) => boolean;
  readonly isPrimary: (action: Action) => boolean;
}

function openness(view: ItemView, input: ItemInput, offeredCommands: ReadonlySet<string>): Openness {
  const closed = isClosed(input.status);
  const waits = (action: Action) => !closed && latestResultOf(input.record.results, action) === undefined
    && (action.kind !== 'command' || offeredCommands.has(action.id));
  // The first waiting action of the next item is the most visible button; a decision has none (no answer is pushed).
  const first = input.next === true && blockedBecause(view, input) === undefined ? input.step.actions.find(waits) : undefined;
  return { waits, isPrimary: (action) => action === first && action.kind !== 'decision' };
}

interface OtherCommand { readonly os: string; readonly text: string; readonly why: string }

function commandsHtml(view: ItemView, input: ItemInput, actions: readonly CommandAction[], plans: ReadonlyMap<string, CommandPlan>, open: Openness): { offered: string; others: OtherCommand[] } {
  const { t } = view;
  const others: OtherCommand[] = [];
  const offered: string[] = [];
  for (const action of actions) {
    for (const os of COMMAND_OSES) {
      const template = action.commands[os];
      if (os !== view.os && template !== undefined) others.push({ os, text: template, why: t('for {0}; this machine runs {1}', os, view.os) });
    }
    const plan = plans.get(action.id)!;
    if (!plan.offered) {
      if (plan.template !== undefined) others.push({ os: view.os, text: plan.template, why: plan.why });
      continue;
    }
    const result = latestResultOf(input.record.results, action);
    const data = { step: input.step.id, action: action.id, finding: input.finding?.id };
    const problems = plan.ready ? [] : plan.problems;
    let control = '';
    if (open.waits(action)) {
      const disabledBecause = blockedBecause(view, input) ?? (problems.length > 0 ? t('Cannot run: {0}', problems.join('; ')) : undefined);
      control = button(actionLabel(action, t), 'runCommand', data, { primary: open.isPrimary(action) && problems.length === 0, disabledBecause });
    }
    const problemText = problems.length > 0 ? `<ul class="warning command-problems">${problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul>` : '';
    offered.push(`<div class="action command" data-action="${e(action.id)}" data-kind="command" data-os="${e(view.os)}" data-ready="${plan.ready}">
${action.label ? `<p class="command-label">${e(action.label)}</p>` : ''}<pre class="command-text">${e(plan.text)}</pre>${control}${problemText}${result === undefined ? '' : view.resultCard(result)}</div>`);
  }
  return { offered: offered.join('\n'), others };
}

function otherCommandsHtml(others: readonly OtherCommand[], t: Translate): string {
  if (others.length === 0) return '';
  const rows = others.map((o) => `<li data-os="${e(o.os)}"><span class="os">${e(o.os)}</span> <code>${e(o.text)}</code> <span class="muted">${e(o.why)}</span></li>`).join('');
  return `<details class="other-commands"><summary>${e(t('Commands for other systems or installs ({0})', others.length))}</summary><ul>${rows}</ul></details>`;
}

/** A decision's answers: live while it waits; once answered, the chosen one pressed and none clickable. */
function decisionControls(view: ItemView, input: ItemInput, action: Extract<Action, { kind: 'decision' }>, open: Openness, data: Record<string, string | undefined>): string {
  const result = latestResultOf(input.record.results, action);
  const chosen = result?.kind === 'decision' ? result.answer : undefined;
  const question = `<p class="question">${e(action.question)}</p>`;
  if (open.waits(action)) {
    const disabledBecause = blockedBecause(view, input);
    return `${question}<div class="answers" role="group" aria-label="${e(action.question)}">${action.answers.map((answer) => button(answer, 'answerDecision', { ...data, answer }, { disabledBecause, pressed: false })).join(' ')}</div>`;
  }
  if (chosen === undefined) return question;
  const why = view.t('Answered: {0}', chosen);
  return `${question}<div class="answers answered" role="group" aria-label="${e(action.question)}">${action.answers.map((answer) => button(answer, 'answerDecision', { ...data, answer }, { disabledBecause: why, pressed: answer === chosen })).join(' ')}</div>`;
}

/** The actions, results, skip reason, note and tools of one work item. */
export function itemBody(view: ItemView, input: ItemInput): string {
  const { t } = view;
  const data = { step: input.step.id, finding: input.finding?.id };
  const parts: string[] = [];
  const commands = input.step.actions.filter((a): a is CommandAction => a.kind === 'command');
  // Each command planned once: which are offered, and what each shows.
  const plans = new Map(commands.map((a) => [a.id, view.plan(a, input.finding)] as const));
  const offeredIds = new Set(commands.filter((a) => plans.get(a.id)!.offered).map((a) => a.id));
  const open = openness(view, input, offeredIds);
  for (const action of input.step.actions) {
    if (action.kind === 'command') continue;
    const result = latestResultOf(input.record.results, action);
    const adata = { ...data, action: action.id };
    const disabledBecause = blockedBecause(view, input);
    let controls = '';
    if (action.kind === 'decision') {
      controls = decisionControls(view, input, action, open, adata);
    } else if (action.kind === 'confirm') {
      controls = `<p class="question">${e(action.prompt)}</p>${open.waits(action) ? button(actionLabel(action, t), 'confirmStep', adata, { primary: open.isPrimary(action), disabledBecause }) : ''}`;
    } else if (open.waits(action)) {
      controls = button(actionLabel(action, t), 'runAction', adata, { primary: open.isPrimary(action), disabledBecause });
    }
    parts.push(`<div class="action" data-action="${e(action.id)}" data-kind="${action.kind}">${controls}${result === undefined ? '' : view.resultCard(result)}</div>`);
  }
  const { offered, others } = commandsHtml(view, input, commands, plans, open);
  if (commands.length > 0 && offered === '' && input.finding?.where !== 'remote') {
    parts.push(`<p class="muted no-command">${e(t('No command of this step applies to this finding on this machine.'))}</p>`);
  }
  parts.push(offered, otherCommandsHtml(others, t));
  // Results of actions this runbook no longer has, or errors without an action id, still show.
  const shown = new Set(input.step.actions.map((a) => latestResultOf(input.record.results, a)).filter((r) => r !== undefined));
  const unmatched = input.record.results.filter((r) => r.kind === 'error' && !shown.has(r)).slice(-1);
  parts.push(...unmatched.map((r) => view.resultCard(r)));
  const record = input.record;
  if (input.status === 'skipped' && record.skipReason) parts.push(`<p class="skip-reason">${e(t('Skipped: {0}', record.skipReason))}</p>`);
  if (record.note) parts.push(`<div class="note"><strong>${e(t('Note'))}:</strong> ${e(record.note)}</div>`);
  const running = input.status === 'running' ? t('Running now.') : undefined;
  const tools = [
    input.step.actions.some(open.waits) ? button(t('Skip…'), 'skipStep', data, { disabledBecause: view.actionsDisabledBecause ?? running }) : '',
    button(record.note ? t('Edit note…') : t('Add note…'), 'editNote', data, { tool: true, disabledBecause: running }),
  ].filter((b) => b !== '').join(' ');
  parts.push(`<div class="step-tools">${tools}</div>`);
  return parts.filter((p) => p !== '').join('\n');
}

/** "Applies when the answer to … is …", naming the decision by its title, never its id. */
export function conditionText(step: Step, titleOf: (stepId: string) => string | undefined, t: Translate): string | undefined {
  if (!step.condition) return undefined;
  const title = titleOf(step.condition.decisionStep) ?? step.condition.decisionStep;
  return t('Applies when the answer to "{0}" is "{1}".', title, step.condition.answer);
}

/** One finding's part of a step that repeats for each finding. */
export function findingItemHtml(view: ItemView, input: ItemInput & { readonly finding: Finding }): string {
  return `<section class="finding-item" id="${e(itemElementId(input.step.id, input.finding.id))}" data-step="${e(input.step.id)}" data-finding="${e(input.finding.id)}" data-status="${input.status}" data-where="${input.finding.where}" tabindex="-1">
<div class="finding-status">${badgeHtml(input.status, view.statusLabel(input.status), e)}${input.next ? ` <span class="next-marker">${e(view.t('Next'))}</span>` : ''}</div>
${findingHeader(input.finding, view.t)}
${itemBody(view, input)}
</section>`;
}

/** A finding id may hold characters an element id should not; keep it readable and unique. */
export function itemElementId(stepId: string, findingId: string): string {
  return `item-${stepId}-${findingId.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
