// "Runbook: Compare Runs…": two runs of the same targets, the older as the
// baseline: which DHT endpoints and services appeared, which went away.
import * as vscode from 'vscode';
import { compareWithBaseline } from '../../core/run/baseline';
import type { LocalCheckResult } from '../../core/localCheck/types';
import type { SweepSummary } from '../../core/probe/types';
import type { RunRecord } from '../../core/run/types';

function allChecks(record: RunRecord): { checks: LocalCheckResult[]; probes: SweepSummary[] } {
  // The latest listing and probes of the run, whatever phase they were in.
  const checks: LocalCheckResult[] = [];
  const probes: SweepSummary[] = [];
  for (const step of Object.values(record.steps)) {
    const results = [...step.results].reverse();
    const check = results.find((r) => r.kind === 'check-listening-ports');
    const probe = results.find((r) => r.kind === 'probe-dht');
    if (check?.kind === 'check-listening-ports') checks.push(check.result);
    if (probe?.kind === 'probe-dht') probes.push(probe.summary);
  }
  const latestCheck = checks.length > 0 ? [checks[checks.length - 1]!] : [];
  return { checks: latestCheck, probes };
}

export function compareRunsMarkdown(older: RunRecord, newer: RunRecord): string {
  const comparison = compareWithBaseline(allChecks(older), allChecks(newer));
  const lines = [
    `# ${vscode.l10n.t('Run {0} compared with run {1}', newer.runId, older.runId)}`,
    '',
    vscode.l10n.t('Baseline: {0} ({1}). Compared: {2} ({3}).', older.runId, older.startedAt, newer.runId, newer.startedAt),
    '',
    `## ${vscode.l10n.t('DHT endpoints')}`,
    '',
    ...comparison.dhtEndpoints.map((d) => `- \`${d.endpoint}\`: ${d.now ? vscode.l10n.t('still answering') : vscode.l10n.t('went away')}`),
    ...comparison.newDhtEndpoints.map((d) => `- \`${d}\`: ${vscode.l10n.t('appeared')}`),
    ...(comparison.dhtEndpoints.length + comparison.newDhtEndpoints.length === 0 ? [vscode.l10n.t('None in either run.')] : []),
    '',
    `## ${vscode.l10n.t('Other listening services')}`,
    '',
    ...comparison.otherServices.map((s) => `- \`${s.socket}\`${s.process ? ` (${s.process.replace(/[`\\]/g, '')})` : ''}: ${s.stillListening ? vscode.l10n.t('still listening') : vscode.l10n.t('went away')}`),
    ...(comparison.otherServices.length === 0 ? [vscode.l10n.t('None recorded in the baseline.')] : []),
    '',
  ];
  return lines.join('\n');
}

export async function showRunComparison(older: RunRecord, newer: RunRecord): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: compareRunsMarkdown(older, newer) });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}
