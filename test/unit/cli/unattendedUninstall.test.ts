// Headless removal of a real Debian package, unattended. Two throwaway
// packages are built with dpkg-deb and installed with dpkg: a DHT client (a
// bittorrent-dht script under /usr/share) and an add-on that depends on it.
// With the add-on installed, the plan holds the removal back and names the
// add-on (apt-get -y would remove it too, unseen). Without it, --apply stops
// the client and `apt-get remove <package> -y` removes its package for real,
// its exit code and apt's output in the record. Both packages are purged after.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { cliInHost, recordPrinted } from './cliProcess';
import { runFindings } from '../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../src/core/run/types';

const CLIENT = 'dht-runbook-test-client';
const ADDON = 'dht-runbook-test-addon';
const SCRIPT = `/usr/share/${CLIENT}/dht-node.mjs`;
const PORT = 6893;
const JUSTIFICATION = 'Policy IT-7: no file sharing on servers.';

type CliRun = Awaited<ReturnType<typeof cliInHost>>;

function buildDeb(dir: string, name: string, control: string[], files: Record<string, string>): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  writeFileSync(join(root, 'DEBIAN', 'control'), [
    `Package: ${name}`, 'Version: 1.0', 'Architecture: all', 'Maintainer: dht-runbook tests <tests@invalid>', 'Priority: optional', 'Section: net',
    ...control, `Description: ${name}, made and removed by a dht-runbook test`, '',
  ].join('\n'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const deb = join(dir, `${name}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, deb], { stdio: ['ignore', 'ignore', 'pipe'] });
  return deb;
}

function installed(name: string): boolean {
  const query = spawnSync('dpkg-query', ['-W', '-f', '${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.trim() === 'install ok installed';
}

function purge(...names: string[]): void {
  spawnSync('dpkg', ['--purge', ...names], { stdio: 'ignore' });
}

const skip = skipUnlessAvailable(['ip', 'dpkg', 'dpkg-deb', 'dpkg-query', 'apt-get'], true);

describe('unattended removal of a real Debian package: held back while another package depends on it, done for real once none does', { skip }, () => {
  let scratch: string;
  let records: string;
  let host: TestHost;
  let client: ChildProcess;
  let runId: string;
  let detection: RunRecord;
  let heldPlan: CliRun;
  let heldApply: CliRun;
  let addonStillInstalled: boolean;
  let apply: CliRun;
  let verification: { code: number; record: RunRecord };
  const remediation = () => ['run', 'bittorrent-mainline-dht', '--phase', 'remediation', '--run', runId, '--record-dir', records, '--decision', 'not permitted', '--justification', JUSTIFICATION];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'unattended-'));
    records = join(scratch, 'runs');
    purge(ADDON, CLIENT); // a run killed before its cleanup
    // The script imports bittorrent-dht from this checkout by its absolute path: the package carries no node_modules.
    const dht = resolve('node_modules/bittorrent-dht/index.js');
    const clientDeb = buildDeb(scratch, CLIENT, [], {
      [SCRIPT.slice(1)]: [
        `import DHT from ${JSON.stringify(dht)};`,
        'const dht = new DHT({ bootstrap: false });',
        `dht.listen(${PORT}, '127.0.0.1', () => process.stdout.write('listening\\n'));`,
        "process.on('SIGTERM', () => dht.destroy(() => process.exit(0)));",
        '',
      ].join('\n'),
    });
    const addonDeb = buildDeb(scratch, ADDON, [`Depends: ${CLIENT}`], { [`usr/share/doc/${ADDON}/README`]: 'An add-on.\n' });
    execFileSync('dpkg', ['-i', clientDeb, addonDeb], { stdio: ['ignore', 'ignore', 'pipe'] });

    host = createTestHost();
    client = host.spawn(process.execPath, [SCRIPT]);
    await new Promise<void>((ready, fail) => {
      client.stdout!.once('data', () => ready());
      client.once('exit', (code) => fail(new Error(`the packaged client exited (${code})`)));
    });

    detection = recordPrinted(await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--record-dir', records, '--json']));
    runId = detection.runId;
    // The add-on depends on the client's package: the removal must be held back, and nothing removed.
    heldPlan = await cliInHost(host, remediation());
    heldApply = await cliInHost(host, [...remediation(), '--apply', '--steps', 'uninstall-package']);
    addonStillInstalled = installed(ADDON) && installed(CLIENT);

    // Without the add-on, and after a fresh detection (it learns the dependents anew), the removal runs.
    execFileSync('dpkg', ['--purge', ADDON], { stdio: ['ignore', 'ignore', 'pipe'] });
    detection = recordPrinted(await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--record-dir', records, '--json']));
    runId = detection.runId;
    apply = await cliInHost(host, [...remediation(), '--apply', '--steps', 'stop-process,uninstall-package']);
    const after = await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--phase', 'verification', '--run', runId, '--record-dir', records, '--json']);
    verification = { code: after.code, record: recordPrinted(after) };
  });

  after(async () => {
    await host?.destroy();
    purge(ADDON, CLIENT);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('detection finds the packaged script and its package, which nothing depends on once the add-on is gone', () => {
    const [finding, ...others] = runFindings(detection);
    assert.equal(others.length, 0, JSON.stringify(runFindings(detection).map((f) => f.title)));
    assert.equal(finding?.program?.program?.path, SCRIPT);
    assert.deepEqual([finding?.program?.install.kind, finding?.program?.install.manager, finding?.program?.install.package], ['deb', 'apt', CLIENT]);
    // The second detection ran after the add-on was purged.
    assert.deepEqual(finding?.program?.install.dependents, []);
  });

  it('with the add-on installed: the plan shows apt-get -y held back, naming the add-on; --apply removes nothing and exits 1', () => {
    assert.equal(heldPlan.code, 0, heldPlan.stderr);
    assert.match(heldPlan.stdout, new RegExp(`uninstall-package: apt-get remove ${CLIENT} -y \\(cannot run: 1 installed package \\(${ADDON}\\) depends on ${CLIENT}; unattended, apt would remove it too, unseen`), heldPlan.stdout);
    assert.equal(heldApply.code, 1, `${heldApply.stdout}\n${heldApply.stderr}`);
    assert.match(heldApply.stdout, /0 commands ran, 0 failed, 1 could not run\./);
    assert.equal(addonStillInstalled, true, 'both packages are still installed');
  });

  it('with nothing depending on it: --apply stops the client, then apt-get remove -y removes its package, exit 0 and apt\'s output recorded', () => {
    assert.equal(apply.code, 0, `${apply.stdout}\n${apply.stderr}`);
    assert.equal(installed(CLIENT), false, `${CLIENT} is still installed`);
    const part = Object.values(verification.record.steps['uninstall-package']?.findings ?? {})[0];
    const command = part?.results.find((r) => r.kind === 'command');
    assert.ok(command?.kind === 'command', JSON.stringify(part));
    assert.deepEqual(command.argv, ['apt-get', 'remove', CLIENT, '-y']);
    assert.equal(command.exitCode, 0);
    assert.match(command.output ?? '', new RegExp(`Removing ${CLIENT} \\(1\\.0\\)`));
    // ends: program: the script node ran is looked for after the removal, and is gone.
    assert.deepEqual(command.effect, { ends: 'program', seen: 'yes' });
    assert.match(command.output ?? '', new RegExp(`\\[${SCRIPT.replace(/[.]/g, '\\.')} is gone after the command\\]$`));
    assert.equal(part?.status, 'passed');
  });

  it('verification: remediated', () => {
    assert.equal(verification.record.verdict?.outcome, 'remediated', JSON.stringify(verification.record.verdict));
    assert.equal(verification.code, 0);
  });
});
