// The scan-report entry points of the editor: the palette command and the
// CodeLens on report files, refreshed when a report is saved.
import * as vscode from 'vscode';
import { SCAN_REPORT_SELECTOR, ScanReportLensProvider, START_RUN_FROM_REPORT } from './scanReportLens';
import { startRunFromReport } from './startRunFromReport';

export function registerScanReport(): vscode.Disposable[] {
  const lenses = new ScanReportLensProvider();
  return [
    vscode.commands.registerCommand(START_RUN_FROM_REPORT, (uri?: vscode.Uri) => startRunFromReport(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.languages.registerCodeLensProvider(SCAN_REPORT_SELECTOR, lenses),
    vscode.workspace.onDidSaveTextDocument(() => lenses.refresh()),
  ];
}
