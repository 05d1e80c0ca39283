// npm's prestart and pretest: makes sure the Debian packages of
// scripts/system-packages.json are installed before `npm start` or `npm test`,
// so that a fresh Debian machine needs no step before the README's commands.
//   node scripts/ensure-system-packages.mjs start   what `npm start` needs; test-only packages are only mentioned
//   node scripts/ensure-system-packages.mjs test    everything the tests need
// One dpkg-query call when all is present. Missing packages are installed by
// scripts/install-system-packages.sh (apt-get as root, through sudo
// otherwise); where neither is possible it prints the one command an
// administrator runs, and fails for `test` (the tests need them) or for a
// package `start` needs; `start` goes on with a warning when only test-only
// packages are missing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(import.meta.url), '..');
export const INSTALL_SCRIPT = join(here, 'install-system-packages.sh');

/** The list both scripts read: [{ name, neededFor: ['start'|'test'...], why }]. */
export function readPackageList(path = join(here, 'system-packages.json')) {
  return JSON.parse(readFileSync(path, 'utf8')).packages;
}

/**
 * Installed package names from `dpkg-query -W -f='${Package}\t${Status}\n' NAME...`.
 * A package counts only when its status ends in "installed" ("install ok
 * installed", "hold ok installed"); removed ones keep "config-files".
 */
export function installedFromDpkgQuery(stdout) {
  const installed = new Set();
  for (const line of stdout.split('\n')) {
    const [name, status] = line.split('\t');
    // Multi-arch packages print as name:arch.
    // The last word: "not-installed" and "config-files" are not installed.
    if (name && status && status.trim().split(' ').at(-1) === 'installed') installed.add(name.split(':')[0]);
  }
  return installed;
}

/**
 * What to do, from what is missing and what this user may do. Pure: no I/O.
 * @param {{ packages: {name: string, neededFor: string[], why: string}[], installed: Set<string> | undefined,
 *   purpose: 'start' | 'test', isRoot: boolean, sudo: 'passwordless' | 'interactive' | 'none', ci: boolean }} input
 *   installed is undefined where dpkg-query does not exist (not Debian).
 * @returns {{ action: 'none' | 'install' | 'cannot-install', exitCode: number, lines: string[], install: string[], adminCommand?: string }}
 */
export function planSystemPackages({ packages, installed, purpose, isRoot, sudo, ci }) {
  const needed = packages.filter((p) => purpose === 'test' || p.neededFor.includes('start'));
  const testOnly = packages.filter((p) => !needed.includes(p));
  if (installed === undefined) {
    const lines = [
      `system packages: cannot check (no dpkg-query: not a Debian system). ${purpose === 'test' ? 'Tests that need a missing program skip and say which.' : 'Building code-server needs: ' + needed.map((p) => p.name).join(', ') + '.'}`,
    ];
    return { action: 'none', exitCode: ci && purpose === 'test' ? 1 : 0, lines, install: [] };
  }
  const missing = needed.filter((p) => !installed.has(p.name));
  const missingTestOnly = testOnly.filter((p) => !installed.has(p.name));
  const lines = [];
  const later = missingTestOnly.length === 0 ? [] : [`system packages: not needed to start, missing for the tests (npm test installs them): ${missingTestOnly.map((p) => p.name).join(', ')}`];
  if (missing.length === 0) {
    lines.push(`system packages: all present (${needed.length} checked${purpose === 'start' ? ' for npm start' : ''})`, ...later);
    return { action: 'none', exitCode: 0, lines, install: [] };
  }
  const names = missing.map((p) => p.name);
  const why = missing.map((p) => `  ${p.name}: ${p.why}`);
  if (isRoot || sudo !== 'none') {
    lines.push(`system packages: npm ${purpose} needs ${names.length} more, installing them with apt-get${isRoot ? '' : ' through sudo'}:`, ...why, ...later);
    return { action: 'install', exitCode: 0, lines, install: names };
  }
  const adminCommand = `apt-get update && apt-get install -y ${names.join(' ')}`;
  lines.push(
    `system packages: npm ${purpose} needs ${names.length} that ${names.length === 1 ? 'is' : 'are'} not installed, and this user is neither root nor allowed sudo:`,
    ...why,
    'Ask an administrator to run, as root:',
    `  ${adminCommand}`,
    ...later,
  );
  return { action: 'cannot-install', exitCode: 1, lines, install: [], adminCommand };
}

/** Runs dpkg-query once for every name; undefined when there is no dpkg-query. */
function queryInstalled(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package}\t${Status}\n', ...names], { encoding: 'utf8' });
  if (result.error) return undefined;
  // Exit 1 with "no packages found matching" on stderr is how it names packages it never saw.
  return installedFromDpkgQuery(result.stdout ?? '');
}

function sudoKind() {
  if (spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return 'passwordless';
  const exists = spawnSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' }).status === 0;
  // A password prompt needs someone at a terminal.
  return exists && process.stdin.isTTY ? 'interactive' : 'none';
}

function main() {
  const purpose = process.argv[2];
  if (purpose !== 'start' && purpose !== 'test') {
    console.error('usage: node scripts/ensure-system-packages.mjs start|test');
    process.exit(2);
  }
  const packages = readPackageList();
  const installed = queryInstalled(packages.map((p) => p.name));
  const isRoot = process.getuid?.() === 0;
  // sudo is asked about only when something is missing: the common case stays one dpkg-query.
  const needsWork = installed !== undefined && packages.some((p) => (purpose === 'test' || p.neededFor.includes('start')) && !installed.has(p.name));
  const plan = planSystemPackages({ packages, installed, purpose, isRoot, sudo: needsWork && !isRoot ? sudoKind() : 'none', ci: Boolean(process.env.CI) });
  for (const line of plan.lines) (plan.exitCode === 0 ? console.log : console.error)(line);
  if (plan.action === 'install') {
    const run = spawnSync('bash', [INSTALL_SCRIPT, ...plan.install], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`system packages: the install failed (exit ${run.status}). Run it yourself to see why: sudo bash ${INSTALL_SCRIPT} ${plan.install.join(' ')}`);
      process.exit(1);
    }
  }
  process.exit(plan.exitCode);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
