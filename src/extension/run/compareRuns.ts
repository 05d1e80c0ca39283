// "Runbook: Compare Runs…": two runs of the same targets, the older as the
// baseline: which DHT endpoints and services appeared, which went away.
import * as vscode from 'vscode';
import { compareWithBaseline } from '../../core/run/baseline';
import { latestChecks } from '../../core/run/runEvidence';
import type { RunRecord } from '../../core/run/types';

export function compareRunsMarkdown(older: RunRecord, newer: RunRecord): string {
  const comparison = compareWithBaseline(latestChecks(older), latestChecks(newer));
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
