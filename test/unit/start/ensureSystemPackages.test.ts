// npm's prestart/pretest step: what is missing decides what runs and what is
// said. The decision is pure and tested on dpkg-query output captured on
// Debian 12 (bookworm); then the real script runs once on this machine.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { skipUnlessAvailable } from '../../support/prerequisites';

// Loaded as the file npm runs, not bundled into this test: it finds its list beside itself.
type EnsureModule = typeof import('../../../scripts/ensure-system-packages.mjs');
const { installedFromDpkgQuery, planSystemPackages, readPackageList } = await import(pathToFileURL(resolve('scripts/ensure-system-packages.mjs')).href) as EnsureModule;

const packages = readPackageList();
const START = ['libkrb5-dev', 'python3', 'make', 'g++'];

// `dpkg-query -W -f='${Package}\t${Status}\n' <the 16 packages> no-such-package-xyz`, stdout, as printed here
// (dpkg-query exits 1 and says "no packages found matching no-such-package-xyz" on stderr: absent from stdout).
const ALL_INSTALLED = [
  'ansible', 'chromium', 'deluged', 'fish', 'g++', 'iproute2', 'libkrb5-dev', 'lsof', 'make', 'net-tools', 'nmap',
  'openssh-server', 'python3', 'qbittorrent-nox', 'transmission-daemon', 'zsh',
].map((name) => `${name}\tinstall ok installed\n`).join('');
/** The same output without some packages, as dpkg-query prints it on a machine that never had them. */
const without = (...names: string[]) => ALL_INSTALLED.split('\n').filter((l) => !names.includes(l.split('\t')[0]!)).join('\n');

describe('ensure-system-packages: the list', () => {
  it('is one list, read from scripts/system-packages.json by both scripts, each package with why', () => {
    assert.equal(packages.length, 16);
    for (const p of packages) assert.ok(p.why.length > 10 && p.neededFor.includes('test'), p.name);
    assert.deepEqual(packages.filter((p) => p.neededFor.includes('start')).map((p) => p.name).sort(), [...START].sort());
    const sh = readFileSync('scripts/install-system-packages.sh', 'utf8');
    assert.match(sh, /system-packages\.json/);
    assert.doesNotMatch(sh, /packages=\(/, 'the shell script keeps no list of its own');
  });
});

describe('ensure-system-packages: reading dpkg-query', () => {
  it('reads installed packages, and only those whose status ends in "installed"', () => {
    assert.equal(installedFromDpkgQuery(ALL_INSTALLED).size, 16);
    const mixed = installedFromDpkgQuery('zsh\tinstall ok installed\nfish\tdeinstall ok config-files\nnmap\thold ok installed\nlibc6:amd64\tinstall ok installed\nlsof\tunknown ok not-installed\n');
    assert.deepEqual([...mixed].sort(), ['libc6', 'nmap', 'zsh']);
  });
});

describe('ensure-system-packages: the decision', () => {
  const plan = (stdout: string | undefined, purpose: 'start' | 'test', who: { isRoot?: boolean; sudo?: 'passwordless' | 'interactive' | 'none'; ci?: boolean } = {}) =>
    planSystemPackages({ packages, installed: stdout === undefined ? undefined : installedFromDpkgQuery(stdout), purpose, isRoot: who.isRoot ?? false, sudo: who.sudo ?? 'none', ci: who.ci ?? false });

  it('does nothing and says "all present" when everything is installed', () => {
    const test = plan(ALL_INSTALLED, 'test');
    assert.equal(test.action, 'none');
    assert.equal(test.exitCode, 0);
    assert.deepEqual(test.lines, ['system packages: all present (16 checked)']);
    assert.deepEqual(plan(ALL_INSTALLED, 'start').lines, ['system packages: all present (4 checked for npm start)']);
  });

  it('installs what is missing as root, saying what and why', () => {
    const p = plan(without('chromium', 'zsh'), 'test', { isRoot: true });
    assert.equal(p.action, 'install');
    assert.deepEqual(p.install, ['chromium', 'zsh']);
    assert.equal(p.lines[0], 'system packages: npm test needs 2 more, installing them with apt-get:');
    assert.match(p.lines[1]!, /^ {2}chromium: the browser that shows the headless workbench/);
    assert.match(p.lines[2]!, /^ {2}zsh: command quoting/);
  });

  it('installs through sudo when not root', () => {
    for (const sudo of ['passwordless', 'interactive'] as const) {
      const p = plan(without('g++'), 'start', { sudo });
      assert.equal(p.action, 'install');
      assert.deepEqual(p.install, ['g++']);
      assert.match(p.lines[0]!, /installing them with apt-get through sudo:$/);
    }
  });

  it('npm start installs only what it needs, and mentions the test-only packages', () => {
    const p = plan(without('chromium', 'nmap', 'libkrb5-dev'), 'start', { isRoot: true });
    assert.deepEqual(p.install, ['libkrb5-dev']);
    assert.equal(p.lines.at(-1), 'system packages: not needed to start, missing for the tests (npm test installs them): chromium, nmap');
  });

  it('without root or sudo: the one command for an administrator, and npm test fails', () => {
    const p = plan(without('chromium', 'fish'), 'test');
    assert.equal(p.action, 'cannot-install');
    assert.equal(p.exitCode, 1);
    assert.equal(p.adminCommand, 'apt-get update && apt-get install -y chromium fish');
    assert.deepEqual(p.lines.slice(-2), ['Ask an administrator to run, as root:', '  apt-get update && apt-get install -y chromium fish']);
  });

  it('without root or sudo: npm start goes on with a warning when only test-only packages are missing, and stops for its own', () => {
    const testOnly = plan(without('chromium', 'fish'), 'start');
    assert.equal(testOnly.action, 'none');
    assert.equal(testOnly.exitCode, 0);
    assert.match(testOnly.lines.join('\n'), /missing for the tests \(npm test installs them\): chromium, fish/);
    const own = plan(without('make', 'chromium'), 'start');
    assert.equal(own.action, 'cannot-install');
    assert.equal(own.exitCode, 1);
    assert.equal(own.adminCommand, 'apt-get update && apt-get install -y make');
  });

  it('on a machine without dpkg-query: says it cannot check; fails only the tests in CI', () => {
    assert.equal(plan(undefined, 'test').exitCode, 0);
    assert.equal(plan(undefined, 'test', { ci: true }).exitCode, 1);
    assert.equal(plan(undefined, 'start', { ci: true }).exitCode, 0);
    assert.match(plan(undefined, 'start').lines[0]!, /not a Debian system/);
  });
});

describe('ensure-system-packages: the real script on this machine', { skip: skipUnlessAvailable(['dpkg-query'], false) }, () => {
  it('prints "all present" quickly when every package is installed', (t) => {
    const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p.name], { stdio: 'ignore' }).status !== 0).map((p) => p.name);
    if (missing.length > 0) {
      if (process.env.CI) assert.fail(`CI installs every package, but ${missing.join(', ')} are missing`);
      t.skip(`missing here: ${missing.join(', ')} (install with: sudo bash scripts/install-system-packages.sh)`);
      return;
    }
    for (const purpose of ['test', 'start']) {
      const started = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ['scripts/ensure-system-packages.mjs', purpose], { encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^system packages: all present \(\d+ checked/);
      assert.equal(run.stderr, '');
      console.log(`# ensure-system-packages ${purpose}: ${ms.toFixed(0)} ms with everything present`);
      assert.ok(ms < 5_000, `took ${ms} ms`);
    }
  });
});
