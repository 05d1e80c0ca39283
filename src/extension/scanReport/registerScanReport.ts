// The scan-report entry points of the editor: the palette command and the
// CodeLens on report files, refreshed when a report (a document the lens's
// selector matches) is saved.
import * as vscode from 'vscode';
import { SCAN_REPORT_SELECTOR, ScanReportLensProvider, START_RUN_FROM_REPORT } from './scanReportLens';
import { startRunFromReport } from './startRunFromReport';

export function registerScanReport(): vscode.Disposable[] {
  const lenses = new ScanReportLensProvider();
  return [
    vscode.commands.registerCommand(START_RUN_FROM_REPORT, (uri?: vscode.Uri) => startRunFromReport(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.languages.registerCodeLensProvider(SCAN_REPORT_SELECTOR, lenses),
    // Only a saved report can change a lens; other saves leave them as they are.
    vscode.workspace.onDidSaveTextDocument((document) => { if (vscode.languages.match(SCAN_REPORT_SELECTOR, document) > 0) lenses.refresh(); }),
    vscode.workspace.onDidCloseTextDocument((document) => lenses.forget(document)),
  ];
}
