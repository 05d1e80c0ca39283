// Entry point that VS Code's extension host calls with `extensionTestsPath`.
// The same file serves @vscode/test-electron (desktop) and the headless
// code-server runner (scripts/integration/runInCodeServer.mjs).
import Mocha from 'mocha';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The headless runner loads the workbench once per stage (a reload between
  // "main" and "after-reload"); each stage runs its own folder of suites.
  const stage = readStage();
  const suiteDir = join(__dirname, 'suite', STAGE_FOLDERS[stage.name] ?? '');
  for (const name of readdirSync(suiteDir).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(join(suiteDir, name));
  }
  const counts = await new Promise<{ passed: number; failed: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => {
      resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 });
    });
  });
  // The runner outside the editor reads this file: a run with no test in it is a failure.
  const resultsFile = stage.resultsFile;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(counts));
  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed`);
  if (counts.passed === 0) throw new Error('no integration test ran');
}

const STAGE_FOLDERS: Record<string, string> = { main: '', 'after-reload': 'afterReload', restricted: 'restricted' };

function readStage(): { name: string; resultsFile?: string } {
  const file = process.env.RUNBOOK_TEST_STAGE_FILE;
  if (!file || !existsSync(file)) return { name: 'main' };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { stage: string; resultsFile: string };
  return { name: parsed.stage, resultsFile: parsed.resultsFile };
}
