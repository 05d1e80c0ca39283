// The run panel's content: phase progress at the top, then each phase with
// its steps, their status, their buttons, their latest results and notes. A
// step that repeats for each finding has one section per finding
// (workItemHtml.ts), each with its own decision, commands and status.
// Buttons carry data attributes only; media/runPanel.js turns clicks into
// messages that the extension validates before acting.
import * as vscode from 'vscode';
import { renderMarkdown } from '../../core/markdown/renderMarkdown';
import type { Finding } from '../../core/findings/types';
import type { CommandPlan } from '../../core/remediation/commandPlan';
import type { CommandAction, CommandOs, Phase, Runbook, Step } from '../../core/runbook/model';
import { itemRecord } from '../../core/run/stepRunner';
import type { RunRecord, StepRecord, StepStatus } from '../../core/run/types';
import { escapeHtml as e } from '../webviewHtml';
import { resultCard, verdictText } from './resultCards';
import { button, findingItemHtml, itemBody, type ItemView } from './workItemHtml';

export interface RunView {
  readonly runbook: Runbook;
  readonly record: RunRecord;
  readonly runbookPath: string;
  /** Why actions are off (Restricted Mode, a read-only record), or undefined when they run. */
  readonly actionsDisabledBecause?: string;
  /** This machine's OS: only its commands are offered. */
  readonly os: CommandOs;
  /** The findings of the run's detection: a step that repeats gets one section for each. */
  readonly findings: readonly Finding[];
  /** A step's (or a finding's part of it) status as this window sees it: "running" exists only while it works. */
  readonly statusOf: (stepId: string, findingId?: string) => StepStatus;
  /** A command as it would run for a finding here (planCommand with this machine's shell). */
  readonly plan: (action: CommandAction, finding: Finding | undefined) => CommandPlan;
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

function itemView(view: RunView): ItemView {
  return {
    t: vscode.l10n.t, os: view.os, plan: view.plan, resultCard, statusLabel,
    ...(view.actionsDisabledBecause === undefined ? {} : { actionsDisabledBecause: view.actionsDisabledBecause }),
  };
}

function conditionNote(step: Step): string {
  if (!step.condition) return '';
  return `<p class="condition">${e(vscode.l10n.t('Applies when the answer to "{0}" is "{1}".', step.condition.decisionStep, step.condition.answer))}</p>`;
}

function stepHtml(view: RunView, step: Step): string {
  const record = view.record.steps[step.id] ?? EMPTY_STEP;
  const status = view.statusOf(step.id);
  const items = itemView(view);
  let body: string;
  if (step.forEach === 'finding') {
    body = view.findings.length === 0
      ? `<p class="muted no-findings">${e(vscode.l10n.t('This step repeats for each finding of detection, and there is none yet: run the detection phase first.'))}</p>`
      : view.findings.map((finding) => findingItemHtml(items, {
        step, finding, status: view.statusOf(step.id, finding.id), record: itemRecord(view.record, step.id, finding.id) ?? EMPTY_STEP,
      })).join('\n');
  } else {
    body = itemBody(items, { step, status, record });
  }
  return `<section class="step${step.forEach === 'finding' ? ' per-finding' : ''}" id="step-${e(step.id)}" data-step="${e(step.id)}" data-status="${status}" tabindex="-1">
<h3><span class="badge badge-${status}">${e(statusLabel(status))}</span> ${e(step.title)}</h3>
${conditionNote(step)}
<div class="markdown">${renderMarkdown(step.markdown)}</div>
${body}
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
${button(vscode.l10n.t('Run automatic steps of this phase'), 'runPhase', { phase: phase.id }, { disabledBecause: view.actionsDisabledBecause })}
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
