// The run panel's content: phase progress at the top, then each phase with
// its steps, their status, their buttons, their latest results and notes. A
// step that repeats for each finding has one section per finding
// (workItemHtml.ts), each with its own decision, commands and status.
// Buttons carry data attributes only; media/runPanel.js turns clicks into
// messages that the extension validates before acting.
import * as vscode from 'vscode';
import { renderMarkdown } from '../../core/markdown/renderMarkdown';
import type { Finding } from '../../core/findings/types';
import type { HostsOverview } from '../../core/hosts/types';
import type { CommandPlan } from '../../core/remediation/commandPlan';
import type { CommandAction, CommandOs, Phase, Runbook, Step } from '../../core/runbook/model';
import { itemRecord } from '../../core/run/stepRunner';
import type { RunRecord, StepRecord, StepStatus } from '../../core/run/types';
import { escapeHtml as e } from '../webviewHtml';
import { resultCard, verdictText } from './resultCards';
import { button, conditionText, findingItemHtml, itemBody, itemElementId, type ItemView } from './workItemHtml';
import { isAutomaticStep } from '../../core/run/stepRunner';
import { isAutomatic } from '../../node/run/runAutomaticAction';
import { isNextItem, nextMove, phaseItemStatuses, phaseProgress, type NextMove, type PhaseProgress, type PhaseState } from './runProgress';
import { badgeHtml } from './statusBadge';
import { timelineHtml } from './timelineSvg';
import { hostRemediation, perFindingRemediationSteps } from './hostRemediation';
import { hostTableHtml } from './hostTableHtml';

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
  /** The run's hosts (the session's, computed once per revision), or undefined for a run of this machine. */
  readonly hosts: HostsOverview | undefined;
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

/** A phase's state in words: a step status, or "in progress". */
export function phaseStateLabel(state: PhaseState): string {
  return state === 'partial' ? vscode.l10n.t('in progress') : statusLabel(state);
}

const EMPTY_STEP: StepRecord = { status: 'pending', results: [] };

function itemView(view: RunView): ItemView {
  return {
    t: vscode.l10n.t, os: view.os, plan: view.plan, resultCard, statusLabel,
    ...(view.actionsDisabledBecause === undefined ? {} : { actionsDisabledBecause: view.actionsDisabledBecause }),
  };
}

function stepTitleOf(runbook: Runbook): (stepId: string) => string | undefined {
  return (stepId) => runbook.phases.flatMap((p) => p.steps).find((s) => s.id === stepId)?.title;
}

function conditionNote(runbook: Runbook, step: Step): string {
  const text = conditionText(step, stepTitleOf(runbook), vscode.l10n.t);
  return text === undefined ? '' : `<p class="condition">${e(text)}</p>`;
}

function stepHtml(view: RunView, step: Step, move: NextMove | undefined): string {
  const record = view.record.steps[step.id] ?? EMPTY_STEP;
  const status = view.statusOf(step.id);
  const items = itemView(view);
  let body: string;
  let next = false;
  if (step.forEach === 'finding') {
    body = view.findings.length === 0
      ? `<p class="muted no-findings">${e(vscode.l10n.t('This step repeats for each finding of detection, and there is none yet: run the detection phase first.'))}</p>`
      : view.findings.map((finding) => findingItemHtml(items, {
        step, finding, status: view.statusOf(step.id, finding.id), record: itemRecord(view.record, step.id, finding.id) ?? EMPTY_STEP,
        next: isNextItem(move, step.id, finding.id),
      })).join('\n');
  } else {
    next = isNextItem(move, step.id);
    body = itemBody(items, { step, status, record, next });
  }
  return `<section class="step${step.forEach === 'finding' ? ' per-finding' : ''}" id="step-${e(step.id)}" data-step="${e(step.id)}" data-status="${status}"${next ? ' data-next="true"' : ''} tabindex="-1">
<h3>${badgeHtml(status, statusLabel(status), e)} ${e(step.title)}${next ? ` <span class="next-marker">${e(vscode.l10n.t('Next'))}</span>` : ''}</h3>
${conditionNote(view.runbook, step)}
<div class="markdown">${renderMarkdown(step.markdown)}</div>
${body}
</section>`;
}

function progressOf(view: RunView, phase: Phase): PhaseProgress {
  return phaseProgress(phaseItemStatuses(phase, view.findings, view.statusOf));
}

/** "3 of 7 done", then what stands out: failed, needing attention, running. */
function countsText(progress: PhaseProgress): string {
  const parts = [vscode.l10n.t('{0} of {1} done', progress.done, progress.total)];
  if (progress.counts.failed > 0) parts.push(vscode.l10n.t('{0} failed', progress.counts.failed));
  if (progress.counts.attention > 0) parts.push(vscode.l10n.t('{0} need attention', progress.counts.attention));
  if (progress.counts.skipped > 0) parts.push(vscode.l10n.t('{0} skipped', progress.counts.skipped));
  if (progress.counts.running > 0) parts.push(vscode.l10n.t('{0} running', progress.counts.running));
  return parts.join(' · ');
}

function phaseHtml(view: RunView, phase: Phase, move: NextMove | undefined): string {
  const progress = progressOf(view, phase);
  const running = progress.counts.running > 0 ? vscode.l10n.t('Running now.') : undefined;
  const primary = move?.kind === 'phase' && move.phase === phase.id;
  const hasAutomatic = phase.steps.some(isAutomaticPanelStep);
  return `<section class="phase" id="phase-${phase.id}" data-phase="${phase.id}" data-state="${progress.state}">
<h2>${badgeHtml(progress.state, phaseStateLabel(progress.state), e)} ${e(phase.title)} <span class="progress-text">${e(countsText(progress))}</span></h2>
${hasAutomatic ? button(vscode.l10n.t('Run automatic steps of this phase'), 'runPhase', { phase: phase.id }, { primary, disabledBecause: view.actionsDisabledBecause ?? running }) : ''}
<div class="markdown">${renderMarkdown(phase.intro)}</div>
${phase.steps.map((step) => stepHtml(view, step, move)).join('\n')}
</section>`;
}

function isAutomaticPanelStep(step: Step): boolean {
  return isAutomaticStep(step, isAutomatic);
}

/** The stepper: each phase with its icon, its state in words, and its counts. */
function stepperHtml(view: RunView, move: NextMove | undefined): string {
  const items = view.runbook.phases.map((phase, index) => {
    const progress = progressOf(view, phase);
    const current = (move?.kind === 'phase' && move.phase === phase.id) || (move?.kind === 'item' && phase.steps.some((s) => s.id === move.stepId));
    return `<li class="stepper-phase state-${progress.state}" data-phase="${phase.id}" data-state="${progress.state}"${current ? ' aria-current="step"' : ''}>
<a href="#phase-${phase.id}" data-command="revealPhase" data-phase="${phase.id}"><span class="stepper-number">${index + 1}</span>${badgeHtml(progress.state, phaseStateLabel(progress.state), e)}<span class="stepper-name">${e(phase.title)}</span><span class="stepper-counts">${e(countsText(progress))}</span></a></li>`;
  }).join('');
  return `<nav aria-label="${e(vscode.l10n.t('Phases'))}"><ol class="stepper">${items}</ol></nav>`;
}

/** One line that says what to do now, linked to where it is. */
function nextMoveHtml(view: RunView, move: NextMove | undefined): string {
  if (move === undefined) return '';
  if (move.kind === 'phase') {
    const phase = view.runbook.phases.find((p) => p.id === move.phase);
    return `<p class="next-move" role="status"><span class="next-marker">${e(vscode.l10n.t('Next'))}</span> <a href="#phase-${move.phase}" data-command="revealPhase" data-phase="${move.phase}">${e(vscode.l10n.t('{0}: run the automatic steps', phase?.title ?? move.phase))}</a></p>`;
  }
  const step = view.runbook.phases.flatMap((p) => p.steps).find((s) => s.id === move.stepId);
  const finding = move.findingId === undefined ? undefined : view.findings.find((f) => f.id === move.findingId);
  const target = move.findingId === undefined ? `step-${move.stepId}` : itemElementId(move.stepId, move.findingId);
  const text = finding ? vscode.l10n.t('{0} for {1}', step?.title ?? move.stepId, finding.title) : step?.title ?? move.stepId;
  return `<p class="next-move" role="status"><span class="next-marker">${e(vscode.l10n.t('Next'))}</span> <a href="#${e(target)}" data-command="revealItem" data-target="${e(target)}">${e(text)}</a></p>`;
}

export function runPanelBody(view: RunView): string {
  const { runbook, record } = view;
  const move = nextMove({
    runbook, record, findings: view.findings, statusOf: view.statusOf,
    isAutomaticStep: isAutomaticPanelStep, actionsDisabled: view.actionsDisabledBecause !== undefined,
  });
  const firstPhaseLine = runbook.phases[0]?.line ?? Number.MAX_SAFE_INTEGER;
  const sectionsBefore = runbook.sections.filter((s) => s.line < firstPhaseLine);
  const sectionsAfter = runbook.sections.filter((s) => s.line >= firstPhaseLine);
  const section = (s: { title: string; markdown: string }) => `<section class="info"><h2>${e(s.title)}</h2><div class="markdown">${renderMarkdown(s.markdown)}</div></section>`;
  const targets = record.targets.mode === 'this-machine' ? vscode.l10n.t('this machine') : record.targets.text;
  const timeline = timelineHtml(runbook, record, view.findings, vscode.l10n.t, (ms) => new Date(ms).toLocaleTimeString(), statusLabel);
  return `<main id="run-root" class="runbook" data-run="${e(record.runId)}">
<header class="run-header">
<h1>${e(runbook.title)}</h1>
<p class="run-meta">${e(vscode.l10n.t('Run {0} of {1} {2}, on {3}, by {4}@{5}, started {6}', record.runId, view.runbookPath, runbook.version ?? '', targets, record.operator.user, record.operator.host, new Date(record.startedAt).toLocaleString()))}</p>
${record.verdict ? `<p class="verdict verdict-${e(record.verdict.outcome)}" role="status">${e(vscode.l10n.t('Verdict: {0}', verdictText(record.verdict)))} — ${e(record.verdict.because)}</p>` : ''}
${view.actionsDisabledBecause ? `<p class="warning restricted" role="note">${e(view.actionsDisabledBecause)}</p>` : ''}
${stepperHtml(view, move)}
${nextMoveHtml(view, move)}
${timeline}
</header>
${hostsHtml(view)}
<div class="markdown">${renderMarkdown(runbook.intro)}</div>
${sectionsBefore.map(section).join('\n')}
${runbook.phases.map((phase) => phaseHtml(view, phase, move)).join('\n')}
${sectionsAfter.map(section).join('\n')}
</main>`;
}

/** The host table, for a run over hosts, from a scanner report, or a fleet run. */
function hostsHtml(view: RunView): string {
  const overview = view.hosts;
  if (overview === undefined || overview.hosts.length === 0) return '';
  const stepIds = perFindingRemediationSteps(view.runbook);
  return hostTableHtml({
    t: vscode.l10n.t, overview,
    remediationOf: (row) => hostRemediation(row, stepIds, view.record, (stepId, findingId) => view.statusOf(stepId, findingId)),
  });
}
