// `npm test`: unit tests (Node's test runner) then integration tests inside a
// real VS Code extension host. Ends with one line that totals both; a run in
// which the integration tests did not run at all fails.
//   --unit          unit tests only
//   --integration   integration tests only
// RUNBOOK_TEST_HOST=code-server|desktop picks the editor; by default
// code-server + Chromium when Chromium is installed, else desktop VS Code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tapFailures } from './tapFailures.mjs';
import { refreshReadmeScreenshots } from './readmeScreenshots.mjs';

const repo = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const wantUnit = !args.includes('--integration');
const wantIntegration = !args.includes('--unit');
const totals = { passed: 0, failed: 0, skipped: 0 };
let failure = false;
let unitFailures = [];

if (wantUnit) {
  // Some unit tests read code-server's own files (its shell integration scripts) or start it
  // (npm start): provision it once, first, so that they never race to install it.
  if (codeServerHost() && !provisionCodeServer()) { console.error('could not provision code-server (see above)'); failure = true; }
  const tapFile = join(mkdtempSync(join(tmpdir(), 'runbook-unit-')), 'unit.tap');
  const result = spawnSync(process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, 'out/test/unit',
  ], { cwd: repo, stdio: 'inherit' });
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  unitFailures = tapFailures(tap);
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const unit = { passed: count('pass'), failed: count('fail'), skipped: count('skipped') + count('todo') };
  // A suite that failed outside any test (an error while it was set up) counts as one failure.
  if (result.status !== 0 && unit.failed === 0) unit.failed = 1;
  console.log(`unit: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`);
  addTotals(unit);
  if (result.status !== 0 || unit.passed === 0) failure = true;
}

if (wantIntegration) {
  try {
    const counts = await runIntegration();
    console.log(`integration: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} skipped`);
    addTotals({ passed: counts.passed, failed: counts.failed, skipped: counts.pending });
    if (counts.failed > 0 || counts.passed === 0) failure = true;
    else refreshScreenshots();
  } catch (error) {
    console.error(`integration tests did not run: ${error instanceof Error ? error.message : String(error)}`);
    totals.failed += 1;
    failure = true;
  }
}

printUnitFailures();
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failure ? 1 : 0);

/** The unit tests that failed, again, where a CI log's tail shows them. */
function printUnitFailures() {
  if (unitFailures.length === 0) return;
  console.log(`unit tests that failed (${unitFailures.length}), as reported above:`);
  for (const failure of unitFailures) {
    console.log(`  ✖ ${failure.name}${failure.location === '' ? '' : `  (${failure.location.replace(`${repo}/`, '')})`}`);
    for (const line of failure.error) console.log(`      ${line}`);
  }
}

/** The README's pictures, from this passing run's screenshots (a desktop run takes none). */
function refreshScreenshots() {
  const { copied, missing } = refreshReadmeScreenshots(repo);
  if (copied.length > 0) console.log(`README screenshots refreshed from this run: ${copied.join(', ')}`);
  if (missing.length > 0) console.log(`README screenshots not taken by this run (kept as they were): ${missing.join(', ')}`);
}

function addTotals(counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

/** Installs code-server once; a second try after a failed npm install (the registry, or a cut download). */
function provisionCodeServer() {
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (spawnSync('bash', [join(repo, 'scripts/provision-code-server.sh')], { stdio: 'inherit' }).status === 0) return true;
    if (attempt === 1) console.error('provision-code-server failed; trying once more');
  }
  return false;
}

function codeServerHost() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return (process.env.RUNBOOK_TEST_HOST ?? (existsSync(chromium) ? 'code-server' : 'desktop')) === 'code-server';
}

async function runIntegration() {
  const host = codeServerHost() ? 'code-server' : 'desktop';
  const workspace = join(repo, 'test/workspace');
  if (host === 'desktop') {
    console.log('integration: desktop VS Code through @vscode/test-cli (.vscode-test.mjs)');
    const result = spawnSync('npx', ['vscode-test'], { cwd: repo, stdio: 'inherit' });
    // test-cli prints mocha's own summary; its exit code carries failures and "no tests".
    if (result.status !== 0) return { passed: 0, failed: 1, pending: 0 };
    return { passed: 1, failed: 0, pending: 0 };
  }
  console.log('integration: code-server + Chromium, headless (scripts/integration/runInCodeServer.mjs)');
  if (!provisionCodeServer()) throw new Error('could not provision code-server (see above)');
  const { runInCodeServer } = await import('./integration/runInCodeServer.mjs');
  const { code, counts } = await runInCodeServer({ workspace, restrictedWorkspace: join(repo, 'test/workspace-restricted') });
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}
