// A report file straight to a run's targets, for the CLI's `run --from-report`
// and the editor's "Start Run from Scan Report…": import it whole, then turn
// its hosts into targets. Either step refusing means no run is created.
import type { RunTargets } from '../../core/run/types';
import { reportRunTargets } from '../../core/scanReport/reportTargets';
import type { ImportedReport } from '../../core/scanReport/types';
import { importScanReport, type ImportOptions } from './importScanReport';

export async function runTargetsFromReport(path: string, options: ImportOptions = {}): Promise<{ targets: Extract<RunTargets, { mode: 'hosts' }>; report: ImportedReport }> {
  const report = await importScanReport(path, options);
  return { targets: reportRunTargets(report), report };
}
