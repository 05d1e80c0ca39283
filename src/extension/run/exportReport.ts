// "Runbook: Export Run Report": Markdown for the ticket, the record's JSON,
// and SARIF 2.1.0 for code-scanning dashboards, side by side in a reports
// folder next to the records; the Markdown opens in the Markdown preview
// (rendered, as a person reads it), not as source.
import * as vscode from 'vscode';
import { runReportMarkdown } from '../../core/run/reportMarkdown';
import { runReportSarif } from '../../core/run/reportSarif';
import type { RunRecord } from '../../core/run/types';
import { getLog } from '../log';

export interface ExportedReport {
  readonly markdown: vscode.Uri;
  readonly json: vscode.Uri;
  readonly sarif: vscode.Uri;
}

export async function exportRunReport(record: RunRecord, recordsDir: vscode.Uri): Promise<ExportedReport> {
  const dir = vscode.Uri.joinPath(recordsDir, 'reports');
  await vscode.workspace.fs.createDirectory(dir);
  const write = async (name: string, text: string) => {
    const uri = vscode.Uri.joinPath(dir, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  };
  const report = {
    markdown: await write(`${record.runId}.md`, runReportMarkdown(record)),
    json: await write(`${record.runId}.json`, `${JSON.stringify(record, null, 2)}\n`),
    sarif: await write(`${record.runId}.sarif`, `${JSON.stringify(runReportSarif(record), null, 2)}\n`),
  };
  getLog().info(`Exported the report of run ${record.runId} to ${dir.fsPath}`);
  await vscode.commands.executeCommand('markdown.showPreview', report.markdown);
  void vscode.window.showInformationMessage(vscode.l10n.t('Report of run {0} written: Markdown, JSON and SARIF in {1}', record.runId, dir.fsPath));
  return report;
}
