// The run panel's content: phase progress at the top, then each phase with
// its steps, their status, their buttons, their latest results and notes.
// Buttons carry data attributes only; media/runPanel.js turns clicks into
// messages that the extension validates before acting.
import * as vscode from 'vscode';
import { renderMarkdown } from '../../core/markdown/renderMarkdown';
import type { Action, Phase, Runbook, Step } from '../../core/runbook/model';
import type { RunRecord, StepRecord, StepStatus } from '../../core/run/types';
import { escapeHtml as e } from '../webviewHtml';
import { resultCard, verdictText } from './resultCards';

export interface RunView {
  readonly runbook: Runbook;
  readonly record: RunRecord;
  readonly runbookPath: string;
  /** Why actions are off (Restricted Mode, a read-only record), or undefined when they run. */
  readonly actionsDisabledBecause?: string;
  /** Platform whose commands are shown first. */
  readonly os: 'linux' | 'macos' | 'windows';
  /** A step's status as this window sees it: "running" exists only while it works. */
  readonly statusOf: (stepId: string) => StepStatus;
  /** A command template with detection's values filled in, as it would run. */
  readonly previewCommand: (template: string, os: string) => CommandPreview;
}

export interface CommandPreview {
  readonly text: string;
  /** Placeholders that have no safe value yet, each with why. */
  readonly problems: readonly string[];
}

export function statusLabel(status: StepStatus): string {
  switch (status) {
    case 'pending': return vscode.l10n.t('pending');
    case 'running': return vscode.l10n.t('running');
    case 'passed': return vscode.l10n.t('passed');
    case 'failed': return vscode.l10n.t('failed');
    case 'skipped': return vscode.l10n.t('skipped');
    case 'attention': return vscode.l10n.t('needs attention');
  }
}

const EMPTY_STEP: StepRecord = { status: 'pending', results: [] };

function stepRecord(view: RunView, step: Step): StepRecord {
  return view.record.steps[step.id] ?? EMPTY_STEP;
}

function button(label: string, command: string, data: Record<string, string>, view: RunView, primary = false): string {
  const attrs = Object.entries(data).map(([k, v]) => ` data-${k}="${e(v)}"`).join('');
  const disabled = view.actionsDisabledBecause ? ` disabled title="${e(view.actionsDisabledBecause)}"` : '';
  return `<button type="button" class="${primary ? 'primary' : 'secondary'}" data-command="${command}"${attrs}${disabled}>${e(label)}</button>`;
}

function actionLabel(action: Action): string {
  if (action.label) return action.label;
  switch (action.kind) {
    case 'check-listening-ports': return vscode.l10n.t('List listening sockets');
    case 'probe-dht': return vscode.l10n.t('Probe for DHT nodes');
    case 'decision': return vscode.l10n.t('Answer');
    case 'confirm': return vscode.l10n.t('Confirm');
    case 'command': return vscode.l10n.t('Run in terminal');
    case 'compare-baseline': return vscode.l10n.t('Compare with the baseline');
  }
}

function actionControls(view: RunView, step: Step, action: Action): string {
  const data = { step: step.id, action: action.id };
  switch (action.kind) {
    case 'decision':
      return `<p class="question">${e(action.question)}</p>${action.answers.map((answer) => button(answer, 'answerDecision', { ...data, answer }, view)).join(' ')}`;
    case 'confirm':
      return `<p class="question">${e(action.prompt)}</p>${button(actionLabel(action), 'confirmStep', data, view)}`;
    case 'command': {
      const commands = Object.entries(action.commands).sort(([a], [b]) => (a === view.os ? -1 : b === view.os ? 1 : a.localeCompare(b)));
      return commands.map(([os, template]) => {
        const preview = view.previewCommand(template ?? '', os);
        const problems = preview.problems.length > 0 ? `<p class="warning command-problems">${e(preview.problems.join('; '))}</p>` : '';
        return `<div class="command" data-os="${e(os)}"><span class="os">${e(os)}</span><pre class="command-text">${e(preview.text)}</pre>${button(vscode.l10n.t('Run in terminal'), 'runCommand', { ...data, os }, view, os === view.os)}</div>${problems}`;
      }).join('');
    }
    default:
      return button(actionLabel(action), 'runAction', data, view, true);
  }
}

function latestResultFor(record: StepRecord, action: Action): string {
  const kind = action.kind;
  const latest = [...record.results].reverse().find((r) => r.kind === kind || (r.kind === 'error' && r.action === kind));
  return latest ? resultCard(latest) : '';
}

function conditionNote(step: Step): string {
  if (!step.condition) return '';
  return `<p class="condition">${e(vscode.l10n.t('Applies when the answer to "{0}" is "{1}".', step.condition.decisionStep, step.condition.answer))}</p>`;
}

function stepHtml(view: RunView, step: Step): string {
  const record = stepRecord(view, step);
  const status = view.statusOf(step.id);
  const note = record.note ? `<div class="note"><strong>${e(vscode.l10n.t('Note'))}:</strong> ${e(record.note)}</div>` : '';
  const skip = status === 'skipped' && record.skipReason ? `<p class="skip-reason">${e(vscode.l10n.t('Skipped: {0}', record.skipReason))}</p>` : '';
  return `<section class="step" id="step-${e(step.id)}" data-step="${e(step.id)}" data-status="${status}" tabindex="-1">
<h3><span class="badge badge-${status}">${e(statusLabel(status))}</span> ${e(step.title)}</h3>
${conditionNote(step)}
<div class="markdown">${renderMarkdown(step.markdown)}</div>
${step.actions.map((action) => `<div class="action" data-action="${e(action.id)}" data-kind="${action.kind}">${actionControls(view, step, action)}${latestResultFor(record, action)}</div>`).join('')}
${skip}${note}
<div class="step-tools">${button(vscode.l10n.t('Skip…'), 'skipStep', { step: step.id }, view)} ${button(record.note ? vscode.l10n.t('Edit note…') : vscode.l10n.t('Add note…'), 'editNote', { step: step.id }, view)}</div>
</section>`;
}

function phaseProgress(view: RunView, phase: Phase): { done: number; total: number } {
  const total = phase.steps.length;
  const done = phase.steps.filter((s) => ['passed', 'failed', 'skipped', 'attention'].includes(view.statusOf(s.id))).length;
  return { done, total };
}

function phaseHtml(view: RunView, phase: Phase): string {
  const { done, total } = phaseProgress(view, phase);
  return `<section class="phase" id="phase-${phase.id}" data-phase="${phase.id}">
<h2>${e(phase.title)} <span class="progress-text">${e(vscode.l10n.t('{0} of {1} steps done', done, total))}</span></h2>
${button(vscode.l10n.t('Run automatic steps of this phase'), 'runPhase', { phase: phase.id }, view)}
<div class="markdown">${renderMarkdown(phase.intro)}</div>
${phase.steps.map((step) => stepHtml(view, step)).join('\n')}
</section>`;
}

export function runPanelBody(view: RunView): string {
  const { runbook, record } = view;
  const firstPhaseLine = runbook.phases[0]?.line ?? Number.MAX_SAFE_INTEGER;
  const sectionsBefore = runbook.sections.filter((s) => s.line < firstPhaseLine);
  const sectionsAfter = runbook.sections.filter((s) => s.line >= firstPhaseLine);
  const section = (s: { title: string; markdown: string }) => `<section class="info"><h2>${e(s.title)}</h2><div class="markdown">${renderMarkdown(s.markdown)}</div></section>`;
  const targets = record.targets.mode === 'this-machine' ? vscode.l10n.t('this machine') : record.targets.text;
  const progress = runbook.phases.map((phase) => {
    const { done, total } = phaseProgress(view, phase);
    return `<li><a href="#phase-${phase.id}" data-command="revealPhase" data-phase="${phase.id}"><span class="phase-name">${e(phase.title)}</span> <progress max="${total}" value="${done}"></progress> ${done}/${total}</a></li>`;
  }).join('');
  return `<main id="run-root" class="runbook" data-run="${e(record.runId)}">
<header class="run-header">
<h1>${e(runbook.title)}</h1>
<p class="run-meta">${e(vscode.l10n.t('Run {0} of {1} {2}, on {3}, by {4}@{5}, started {6}', record.runId, view.runbookPath, runbook.version ?? '', targets, record.operator.user, record.operator.host, new Date(record.startedAt).toLocaleString()))}</p>
${record.verdict ? `<p class="verdict verdict-${e(record.verdict.outcome)}" role="status">${e(vscode.l10n.t('Verdict: {0}', verdictText(record.verdict)))} — ${e(record.verdict.because)}</p>` : ''}
${view.actionsDisabledBecause ? `<p class="warning restricted" role="note">${e(view.actionsDisabledBecause)}</p>` : ''}
<nav aria-label="${e(vscode.l10n.t('Phases'))}"><ol class="phase-progress">${progress}</ol></nav>
</header>
<div class="markdown">${renderMarkdown(runbook.intro)}</div>
${sectionsBefore.map(section).join('\n')}
${runbook.phases.map((phase) => phaseHtml(view, phase)).join('\n')}
${sectionsAfter.map(section).join('\n')}
</main>`;
}
