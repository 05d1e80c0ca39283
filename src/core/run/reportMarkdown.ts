// The run as a Markdown report a ticket or an auditor accepts: who ran which
// exact runbook where and when, the verdict, every step with its decision,
// notes and results, and an appendix with the raw evidence. Everything that
// came from the examined host or a user is escaped (markdownText.ts).
import { mdCode, mdQuote, mdTable, mdText } from './markdownText';
import { EvidenceAppendix } from './reportEvidence';
import { resultLines } from './reportResults';
import type { RunPhaseId, RunRecord, StepRecord, Verdict } from './types';

const PHASES: readonly { readonly id: RunPhaseId; readonly title: string }[] = [
  { id: 'detection', title: 'Detection' },
  { id: 'remediation', title: 'Remediation' },
  { id: 'verification', title: 'Verification' },
];

const OUTCOME: Record<Verdict['outcome'], string> = {
  remediated: 'Remediated',
  'still-exposed': 'Still exposed',
  'accepted-risk': 'Accepted risk',
  inconclusive: 'Inconclusive',
};

export function runReportMarkdown(record: RunRecord): string {
  const appendix = new EvidenceAppendix();
  const lines = [`# Run report: ${mdText(record.runbook.title)}`, '', ...header(record), '', ...verdictLines(record.verdict)];
  const steps = Object.entries(record.steps);
  let number = 0;
  for (const phase of PHASES) {
    const inPhase = steps.filter(([, step]) => step.phase === phase.id);
    if (inPhase.length === 0) continue;
    lines.push('', `## ${phase.title}`);
    for (const [id, step] of inPhase) lines.push('', ...stepLines(++number, id, step, appendix));
  }
  const unphased = steps.filter(([, step]) => step.phase === undefined);
  if (unphased.length > 0) {
    lines.push('', '## Steps');
    for (const [id, step] of unphased) lines.push('', ...stepLines(++number, id, step, appendix));
  }
  lines.push('', ...appendix.render(), '');
  return lines.join('\n');
}

function header(record: RunRecord): string[] {
  const { runbook, operator } = record;
  const targets = record.targets.mode === 'this-machine' ? 'this machine' : `hosts ${mdText(record.targets.text)}`;
  const verdict = record.verdict === undefined ? 'not given yet' : `**${OUTCOME[record.verdict.outcome]}**`;
  return [mdTable(['Field', 'Value'], [
    ['Verdict', verdict],
    ['Runbook', `${mdText(runbook.title)} (${mdCode(runbook.id)}), version ${mdText(runbook.version)}`],
    ['Runbook source', `${runbook.source}: ${mdText(runbook.path)}`],
    ['Content hash (SHA-256)', mdCode(runbook.contentHash)],
    ['Targets', targets],
    ['Operator', `${mdText(operator.user)} on ${mdText(operator.host)}`],
    ['Started', record.startedAt],
    ['Ended', record.endedAt ?? 'not ended (the run is still open)'],
    ['Run', `${mdCode(record.runId)}, revision ${record.revision}, made in the ${record.origin === 'cli' ? 'command line' : 'editor'}`],
  ])];
}

function verdictLines(verdict: Verdict | undefined): string[] {
  if (verdict === undefined) return ['## Verdict', '', 'No verdict was given: the run did not reach its comparison.'];
  const lines = ['## Verdict', '', `**${OUTCOME[verdict.outcome]}.** ${mdText(verdict.because)}`];
  if (verdict.outcome === 'accepted-risk') lines.push('', 'Justification recorded with the policy decision:', '', mdQuote(verdict.justification));
  return lines;
}

function stepLines(number: number, id: string, step: StepRecord, appendix: EvidenceAppendix): string[] {
  const title = step.title === undefined ? mdCode(id) : `${mdText(step.title)} (${mdCode(id)})`;
  const lines = [`### ${number}. ${title}`, '', `- Status: **${step.status}**`];
  if (step.startedAt !== undefined) lines.push(`- Started: ${step.startedAt}`);
  if (step.endedAt !== undefined) lines.push(`- Ended: ${step.endedAt}`);
  if (step.skipReason !== undefined) lines.push(`- Skipped because: ${mdText(step.skipReason)}`);
  if (step.note !== undefined) lines.push('', 'Note:', '', mdQuote(step.note));
  step.results.forEach((result, index) => {
    const attempt = step.results.length > 1 ? `, result ${index + 1} of ${step.results.length}` : '';
    lines.push('', ...resultLines(result, `step ${mdText(id)}${attempt}`, appendix));
  });
  if (step.results.length === 0 && step.status !== 'skipped') lines.push('', 'No result recorded.');
  return lines;
}
