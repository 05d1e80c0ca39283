// `dht-runbook merge` as a process, on record files: exit codes by the fleet's
// verdict, the text table, and bad inputs named with nothing written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRunRecord } from '../../../src/core/run/validateRecord';
import type { RunRecord } from '../../../src/core/run/types';
import { RunStore } from '../../../src/node/run/runStore';
import { RUNBOOK } from '../core/run/fixtures';
import { fleetOf, hostRecord, REPORT_TARGETS, runOverHosts } from '../core/fleet/fleetFixtures';
import { sarifErrors } from '../../support/sarif';
import { runCliProcess } from './cliProcess';

describe('dht-runbook merge on record files', () => {
  let dir: string;
  const write = (name: string, record: RunRecord | string) => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof record === 'string' ? record : `${JSON.stringify(record, null, 2)}\n`);
    return path;
  };
  before(() => { dir = mkdtempSync(join(tmpdir(), 'merge-cli-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('remediated and clean hosts: exit 0, the host table, the fleet verdict, a record the store loads', async () => {
    const a = write('records/web-1/a.json', hostRecord('web-1', 'remediated'));
    const b = write('records/web-2/b.json', hostRecord('web-2', 'clean', { start: 1 }));
    const merged = join(dir, 'merged');
    const run = await runCliProcess(['merge', a, b, '--record-dir', merged, '--sarif', join(dir, 'fleet.sarif')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^fleet run (\S+): 2 hosts of runbook bittorrent-mainline-dht$/m);
    assert.match(run.stdout, /^web-1\s+answering\s+qbittorrent-nox \(libtorrent \(Rasterbar\) 2\.0\.8\)\s+remediated$/m);
    assert.match(run.stdout, /^web-2\s+silent\s+-\s+clean$/m);
    assert.match(run.stdout, /^Fleet verdict: remediated: 1 host remediated \(web-1\), 1 host clean \(detection found nothing\)\.$/m);
    const runId = /^fleet run (\S+):/m.exec(run.stdout)![1]!;
    const record = await new RunStore(merged).load(runId);
    assert.deepEqual(record.fleet?.hosts.map((h) => h.host), ['web-1', 'web-2']);
    assert.ok(validateRunRecord(JSON.parse(JSON.stringify(record))).ok);
    assert.deepEqual(sarifErrors(JSON.parse(execFileSync('cat', [join(dir, 'fleet.sarif')], { encoding: 'utf8' }))), []);
  });

  it('a host still exposed: exit 1; --json prints the fleet record; --markdown writes the report', async () => {
    const a = write('exposed/web-3.json', hostRecord('web-3', 'still-exposed'));
    const report = join(dir, 'fleet.md');
    const run = await runCliProcess(['merge', a, '--record-dir', join(dir, 'merged'), '--json', '--markdown', report]);
    assert.equal(run.code, 1, run.stderr);
    const record = JSON.parse(run.stdout) as RunRecord;
    assert.equal(record.verdict?.outcome, 'still-exposed');
    assert.match(execFileSync('cat', [report], { encoding: 'utf8' }), /^## Hosts$/m);
  });

  it('nothing found anywhere, or a host not verified: exit 2', async () => {
    const clean = await runCliProcess(['merge', write('c/x.json', hostRecord('web-2', 'clean')), '--record-dir', join(dir, 'merged')]);
    assert.equal(clean.code, 2);
    assert.match(clean.stdout, /^Fleet verdict: inconclusive: /m);
    const open = await runCliProcess(['merge', write('o/x.json', hostRecord('web-6', 'unverified')), '--record-dir', join(dir, 'merged')]);
    assert.equal(open.code, 2);
    assert.match(open.stdout, /^ {2}web-6: Verification has not run in the host's record\.$/m);
  });

  it('bad inputs are each named with why, and nothing is written', async () => {
    const good = write('bad/good.json', hostRecord('web-1', 'remediated'));
    const damaged = write('bad/damaged.json', '{"schema": "dht-runbook/run-record@2", "runId": "x"');
    const notRecord = write('bad/other.json', '{"hello": 1}');
    const fifo = join(dir, 'bad', 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const out = join(dir, 'never');
    const run = await runCliProcess(['merge', good, damaged, notRecord, fifo, join(dir, 'missing.json'), '--record-dir', out, '--sarif', join(dir, 'never.sarif')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /damaged\.json is not valid JSON/);
    assert.match(run.stderr, /other\.json is not a run record/);
    assert.match(run.stderr, /pipe\.json is a FIFO \(named pipe\), not a regular file/);
    assert.match(run.stderr, /There is no run record at .*missing\.json/);
    assert.match(run.stderr, /^dht-runbook merge: nothing was written\.$/m);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(dir, 'never.sarif')), false);
  });

  it('records of different runbooks, or a fleet run given as a host, are refused with nothing written', async () => {
    const out = join(dir, 'never2');
    const other = await runCliProcess(['merge', write('r/a.json', hostRecord('web-1', 'remediated')), write('r/b.json', hostRecord('web-2', 'clean', { runbook: { ...RUNBOOK, id: 'other-runbook' } })), '--record-dir', out]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /the records follow different runbooks: "bittorrent-mainline-dht" \(.*a\.json\); "other-runbook" \(.*b\.json\)/);
    const nested = await runCliProcess(['merge', write('r/fleet.json', fleetOf(hostRecord('web-1', 'remediated'))), '--record-dir', out]);
    assert.equal(nested.code, 2);
    assert.match(nested.stderr, /^dht-runbook merge: \S+r\/fleet\.json is itself a fleet run, merged from 1 host \(web-1\): a merge takes one record per host, /m);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(join(dir, 'r')).sort(), ['a.json', 'b.json', 'fleet.json']);
  });

  it('a run over many hosts (a scanner report\'s, several --targets) given as a host\'s record: each named with why, exit 2, nothing written', async () => {
    const out = join(dir, 'never3');
    const sarif = join(dir, 'never3.sarif');
    const host = write('m/records/web-1/a.json', hostRecord('web-1', 'remediated'));
    const report = write('m/vm/report-run.json', runOverHosts(REPORT_TARGETS));
    const several = write('m/vm/targets-run.json', runOverHosts({ mode: 'hosts', text: '198.18.0.2,198.18.0.3' }));
    const run = await runCliProcess(['merge', host, report, several, '--host-from-folder', '--record-dir', out, '--sarif', sarif]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trimEnd().split('\n');
    assert.deepEqual(lines, [
      `dht-runbook merge: ${report} is a run over the 2 hosts of scanner report lab-scan.nessus (run --from-report), not one host's run: a merge takes one record per host, each a run of that machine, as the Ansible playbook brings them back. Merge those hosts' own records instead, or open this run in the editor's Runs view, which has a row for each of its hosts.`,
      `dht-runbook merge: ${several} is a run over 2 hosts (its targets: 198.18.0.2, 198.18.0.3; run --targets), not one host's run: a merge takes one record per host, each a run of that machine, as the Ansible playbook brings them back (with dht_targets empty or one host). Merge those hosts' own records instead, or open this run in the editor's Runs view, which has a row for each of its hosts.`,
      'dht-runbook merge: nothing was written.',
    ]);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(sarif), false);
  });
});
