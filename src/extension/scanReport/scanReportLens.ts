// Opening a Nessus report in the editor offers to start a run for its hosts:
// a CodeLens on the first line of a .nessus file (or of a CSV file whose
// header is a Nessus export's) that reads the report from disk and says how
// many hosts carry the DHT finding. Clicking it starts the run. The import is
// kept while the file on disk stays the same (reportImportCache.ts).
import * as vscode from 'vscode';
import { importProblemMessage, importScanReport } from '../../node/scanReport/importScanReport';
import { ReportImportCache } from './reportImportCache';

export const START_RUN_FROM_REPORT = 'runbook.startRunFromReport';

export const SCAN_REPORT_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.nessus' },
  { scheme: 'file', pattern: '**/*.csv' },
];

/** A CSV file counts only when its header names the Nessus export's columns. */
function looksLikeReport(document: vscode.TextDocument): boolean {
  if (document.uri.path.toLowerCase().endsWith('.nessus')) return true;
  const header = document.lineAt(0).text;
  return /(^|,)\s*"?plugin id"?\s*,/i.test(header) && /(^|,)\s*"?host"?\s*(,|$)/i.test(header);
}

export class ScanReportLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly imports = new ReportImportCache((path) => importScanReport(path));

  /** A report was saved: the lenses are asked for again, and a file whose time or size changed is imported again. */
  refresh(): void {
    this.changed.fire();
  }

  /** The document was closed: its import is not held any longer. */
  forget(document: vscode.TextDocument): void {
    this.imports.forget(document.uri.fsPath);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.lineCount === 0 || !looksLikeReport(document)) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    try {
      const report = await this.imports.get(document.uri.fsPath);
      if (report.hosts.length === 0) {
        return [new vscode.CodeLens(range, { title: vscode.l10n.t('Runbook: no host in this report carries the DHT finding (plugin 50677 or 50676)'), command: '' })];
      }
      const title = report.hosts.length === 1
        ? vscode.l10n.t('Runbook: Start Run for 1 Host with the DHT Finding')
        : vscode.l10n.t('Runbook: Start Run for {0} Hosts with the DHT Finding', report.hosts.length);
      return [new vscode.CodeLens(range, { title, command: START_RUN_FROM_REPORT, arguments: [document.uri], tooltip: report.hosts.map((h) => h.name ? `${h.address} (${h.name})` : h.address).slice(0, 20).join('\n') })];
    } catch (error) {
      return [new vscode.CodeLens(range, { title: vscode.l10n.t('Runbook: this report cannot be read: {0}', importProblemMessage(error)), command: '' })];
    }
  }
}
