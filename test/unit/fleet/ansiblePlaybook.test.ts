// The fleet playbook (ansible/dht-runbook.yml), for real: two test hosts
// (network namespaces), each with its own sshd, reached by the real
// ansible-playbook over SSH with a key this test makes. One host runs
// Transmission, the other nothing. The command is the one a host's row copies
// (ansibleCommand), run through bash. The playbook must succeed, stop
// Transmission, and bring both run records back with their verdicts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { alive, answersDht, startTransmission, TRANSMISSION_PORT } from '../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { closeSshMasters, makeControllerKey, runPlaybook, SSH_FLEET_COMMANDS, startSshd, writeInventory } from '../../support/sshHosts';
import { ansibleCommand } from '../../../src/core/fleet/ansibleCommand';
import type { RunRecord } from '../../../src/core/run/types';
import { ensureSeaExecutable, seaSkipReason } from './seaExecutable';

const JUSTIFICATION = "Policy IT-7: no file sharing on servers (ticket 'SEC-42').";

interface Summary { host: string; run_id: string; detection: string; remediation: string; verdict: string; because: string; error: string; records: string[] }

const skip = skipUnlessAvailable([...SSH_FLEET_COMMANDS, 'transmission-daemon'], true) || seaSkipReason();

describe('the fleet playbook over SSH on two test hosts: one with Transmission, one clean', { skip }, () => {
  let scratch: string;
  let infected: TestHost;
  let clean: TestHost;
  let transmission: ChildProcess;
  let seaSize: number;
  let played: { code: number; output: string };
  let fetchDir: string;
  let transmissionRunning: boolean;

  before(async () => {
    const exe = ensureSeaExecutable();
    seaSize = statSync(exe).size;
    scratch = mkdtempSync(join(tmpdir(), 'fleet-'));
    const key = makeControllerKey(scratch);
    infected = createTestHost();
    clean = createTestHost();
    for (const host of [infected, clean]) await startSshd(host, key);
    transmission = startTransmission(infected);
    assert.ok(await answersDht(infected.address, TRANSMISSION_PORT, 60), 'Transmission never answered the DHT ping');

    fetchDir = join(scratch, 'records');
    const inventory = join(scratch, 'hosts.ini');
    writeInventory(inventory, [{ name: 'fleet-a', host: infected }, { name: 'fleet-b', host: clean }], key, exe);

    const built = ansibleCommand({
      inventory, playbook: 'ansible/dht-runbook.yml', hosts: ['fleet-a', 'fleet-b'],
      variables: { decision: 'not permitted', justification: JUSTIFICATION, apply: true, steps: ['stop-process'], fetchDir },
    });
    assert.ok(built.ok, JSON.stringify(built));
    played = await runPlaybook(built.command, scratch);
    transmissionRunning = await alive(transmission);
  });

  after(async () => {
    if (scratch) closeSshMasters(scratch);
    await infected?.destroy();
    await clean?.destroy();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  function recordOf(host: string): RunRecord {
    const files = readdirSync(join(fetchDir, host)).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 1, `${host}: ${files.join(', ')}\n${played.output}`);
    return JSON.parse(readFileSync(join(fetchDir, host, files[0]!), 'utf8')) as RunRecord;
  }

  /** What a failed assertion on a record shows: its verdicts and each finding's steps, to tell a race from a wrong plan. */
  function evidence(record: RunRecord): string {
    const steps = Object.fromEntries(Object.entries(record.steps).map(([id, step]) => [id, {
      status: step.status,
      findings: Object.fromEntries(Object.entries(step.findings ?? {}).map(([finding, part]) => [finding, { status: part.status, results: part.results }])),
    }]));
    return JSON.stringify({ verdict: record.verdict, steps }, null, 1);
  }

  it('the playbook succeeds on both hosts', () => {
    assert.equal(played.code, 0, played.output);
    assert.match(played.output, /fleet-a\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
    assert.match(played.output, /fleet-b\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
  });

  it('copied the single executable to each host', () => {
    assert.equal(statSync(join(infected.scratch, 'opt', 'dht-runbook')).size, seaSize);
    assert.equal(statSync(join(clean.scratch, 'opt', 'dht-runbook')).size, seaSize);
  });

  it('stopped Transmission', () => {
    assert.equal(transmissionRunning, false);
  });

  it('brought back the record of the host with Transmission: remediated, the decision and the stop recorded', () => {
    const record = recordOf('fleet-a');
    assert.equal(record.runbook.source, 'bundled', 'the runbook embedded in the executable');
    assert.equal(record.verdict?.outcome, 'remediated', evidence(record));
    assert.ok(JSON.stringify(record).includes(JSON.stringify(JUSTIFICATION).slice(1, -1)), 'the justification, exactly');
    const stop = Object.values(record.steps['stop-process']?.findings ?? {});
    assert.equal(stop.length, 1, evidence(record));
    const command = stop[0]!.results.find((r) => r.kind === 'command');
    assert.ok(command?.kind === 'command' && command.exitCode === 0, JSON.stringify(stop));
    assert.equal(record.steps['uninstall-package']?.status, 'pending', 'only stop-process ran');
  });

  it('brought back the record of the clean host: inconclusive, because detection found nothing to remove', () => {
    const record = recordOf('fleet-b');
    assert.equal(record.verdict?.outcome, 'inconclusive');
    assert.match(record.verdict?.because ?? '', /detection confirmed no DHT node, so there was nothing to remove/);
    assert.equal(Object.values(record.steps['stop-process']?.findings ?? {}).length, 0, 'nothing was stopped there');
  });

  it('reports a summary per host, on screen and in summary.json', () => {
    const summary = JSON.parse(readFileSync(join(fetchDir, 'summary.json'), 'utf8')) as Summary[];
    const byHost = new Map(summary.map((s) => [s.host, s]));
    assert.deepEqual([...byHost.keys()].sort(), ['fleet-a', 'fleet-b']);
    const a = byHost.get('fleet-a')!;
    const said = JSON.stringify(a, null, 1);
    assert.equal(a.detection, 'DHT node found', said);
    assert.equal(a.remediation, '1 command ran, 0 failed, 0 could not run. (exit 0)', said);
    assert.equal(a.verdict, 'remediated', said);
    assert.equal(a.error, '');
    assert.equal(a.run_id, recordOf('fleet-a').runId);
    assert.deepEqual(a.records, [join(fetchDir, 'fleet-a', `${a.run_id}.json`)]);
    const b = byHost.get('fleet-b')!;
    assert.equal(b.detection, 'clean');
    assert.equal(b.remediation, 'nothing to remediate');
    assert.equal(b.verdict, 'inconclusive');
    assert.match(played.output, /fleet-a: detection DHT node found; remediation 1 command ran.*; verdict remediated/);
    assert.match(played.output, /fleet-b: detection clean; remediation nothing to remediate; verdict inconclusive/);
  });
});

describe('the fleet playbook: a host that cannot run is reported, and fails only at the end', { skip: skipUnlessAvailable(['ansible-playbook', 'python3'], false) }, () => {
  it('names what is wrong per host in the summary and in summary.json, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-fail-'));
    try {
      writeFileSync(join(dir, 'hosts.ini'), [
        `no-exe ansible_connection=local dht_executable=${dir}/missing/dht-runbook dht_record_dir=${dir}/a/runs dht_install_dir=${dir}/a/opt`,
        `no-why ansible_connection=local dht_executable=/bin/true dht_decision="not permitted" dht_record_dir=${dir}/b/runs dht_install_dir=${dir}/b/opt`,
        '[all:vars]', 'ansible_python_interpreter=/usr/bin/python3', 'ansible_become=false', '',
      ].join('\n'));
      const ran = await new Promise<{ code: number; output: string }>((done) => {
        execFile('ansible-playbook', ['-i', join(dir, 'hosts.ini'), 'ansible/dht-runbook.yml', '-e', `dht_fetch_dir=${dir}/records`], {
          env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'), ANSIBLE_RETRY_FILES_ENABLED: 'false' },
        }, (error, stdout, stderr) => done({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, output: `${stdout}${stderr}` }));
      });
      assert.equal(ran.code, 2, ran.output);
      const summary = new Map((JSON.parse(readFileSync(join(dir, 'records', 'summary.json'), 'utf8')) as Summary[]).map((s) => [s.host, s]));
      assert.match(summary.get('no-exe')!.error, /no single executable at .*missing\/dht-runbook on the controller: build it with `npm run package:cli`/);
      assert.match(summary.get('no-why')!.error, /dht_decision "not permitted" needs dht_justification/);
      for (const s of summary.values()) {
        assert.equal(s.detection, 'not run');
        assert.equal(s.verdict, 'none');
        assert.deepEqual(s.records, []);
      }
      assert.ok(!existsSync(join(dir, 'a', 'opt')), 'nothing was copied to a host whose run could not start');
      assert.match(ran.output, /no-exe\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=1/);
      assert.match(ran.output, /no-why\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
