// The fleet playbook (ansible/dht-runbook.yml), for real: two test hosts
// (network namespaces), each with its own sshd, reached by the real
// ansible-playbook over SSH with a key this test makes. One host runs
// Transmission, the other nothing. The command is the one a host's row copies
// (ansibleCommand), run through bash. The playbook must succeed, stop
// Transmission, and bring both run records back with their verdicts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { startTransmission, TRANSMISSION_PORT } from '../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { sweepForDhtNodes } from '../../../src/node/probe/dhtSweep';
import { ansibleCommand } from '../../../src/core/fleet/ansibleCommand';
import type { RunRecord } from '../../../src/core/run/types';
import { ensureSeaExecutable, seaSkipReason } from './seaExecutable';

const JUSTIFICATION = "Policy IT-7: no file sharing on servers (ticket 'SEC-42').";

interface Summary { host: string; run_id: string; detection: string; remediation: string; verdict: string; because: string; error: string; records: string[] }

const skip = skipUnlessAvailable(['ip', 'ansible-playbook', 'ssh', 'ssh-keygen', '/usr/sbin/sshd', 'transmission-daemon', 'python3'], true) || seaSkipReason();

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
    execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', join(scratch, 'id'), '-C', 'fleet-test']);
    mkdirSync('/run/sshd', { recursive: true });
    infected = createTestHost();
    clean = createTestHost();
    for (const host of [infected, clean]) await startSshd(host, scratch);
    transmission = startTransmission(infected);
    assert.ok(await answersDht(infected.address, TRANSMISSION_PORT, 60), 'Transmission never answered the DHT ping');

    fetchDir = join(scratch, 'records');
    const inventory = join(scratch, 'hosts.ini');
    // The namespaces share this machine's disk: each "host" gets folders of its own, as separate machines would have.
    writeFileSync(inventory, [
      '[fleet]',
      ...[['fleet-a', infected], ['fleet-b', clean]].map(([name, host]) => {
        const h = host as TestHost;
        return `${name as string} ansible_host=${h.address} dht_install_dir=${h.scratch}/opt dht_record_dir=${h.scratch}/runs`;
      }),
      '[fleet:vars]',
      'ansible_user=root',
      `ansible_ssh_private_key_file=${join(scratch, 'id')}`,
      'ansible_ssh_common_args="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"',
      'ansible_python_interpreter=/usr/bin/python3',
      // Root already: no sudo on the test hosts.
      'ansible_become=false',
      `dht_executable=${exe}`,
      '',
    ].join('\n'));

    const built = ansibleCommand({
      inventory, playbook: 'ansible/dht-runbook.yml', hosts: ['fleet-a', 'fleet-b'],
      variables: { decision: 'not permitted', justification: JUSTIFICATION, apply: true, steps: ['stop-process'], fetchDir },
    });
    assert.ok(built.ok, JSON.stringify(built));
    played = await new Promise((done) => {
      execFile('bash', ['-c', built.command], {
        cwd: process.cwd(), maxBuffer: 64 << 20, timeout: 600_000,
        env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(scratch, 'tmp'), ANSIBLE_RETRY_FILES_ENABLED: 'false', ANSIBLE_SSH_CONTROL_PATH_DIR: join(scratch, 'cp') },
      }, (error, stdout, stderr) => done({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, output: `${stdout}${stderr}` }));
    });
    transmissionRunning = await alive(transmission);
  });

  after(async () => {
    // Ansible keeps one SSH connection per host open (ControlPersist); close them while the
    // hosts still exist, or their sshd sessions linger after the link is gone.
    if (scratch) closeSshMasters(join(scratch, 'cp'));
    await infected?.destroy();
    await clean?.destroy();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  function recordOf(host: string): RunRecord {
    const files = readdirSync(join(fetchDir, host)).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 1, `${host}: ${files.join(', ')}`);
    return JSON.parse(readFileSync(join(fetchDir, host, files[0]!), 'utf8')) as RunRecord;
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
    assert.equal(record.verdict?.outcome, 'remediated', JSON.stringify(record.verdict));
    assert.ok(JSON.stringify(record).includes(JSON.stringify(JUSTIFICATION).slice(1, -1)), 'the justification, exactly');
    const stop = Object.values(record.steps['stop-process']?.findings ?? {});
    assert.equal(stop.length, 1);
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
    assert.equal(a.detection, 'DHT node found');
    assert.equal(a.remediation, '1 command ran, 0 failed, 0 could not run. (exit 0)');
    assert.equal(a.verdict, 'remediated');
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

/** sshd inside the namespace, on its address only, with a config, host key and authorized key of the test's own. */
async function startSshd(host: TestHost, scratch: string): Promise<void> {
  const dir = join(host.scratch, 'sshd');
  mkdirSync(dir);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', join(dir, 'hostkey')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(scratch, 'id.pub')));
  writeFileSync(join(dir, 'sshd_config'), [
    `ListenAddress ${host.address}`, 'Port 22', `HostKey ${join(dir, 'hostkey')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'StrictModes no', 'UsePAM no', 'Subsystem sftp internal-sftp', '',
  ].join('\n'));
  host.spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')]);
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    if (await accepts(host.address, 22)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd in ${host.name} never listened on ${host.address}:22`);
}

function closeSshMasters(dir: string): void {
  if (!existsSync(dir)) return;
  for (const socket of readdirSync(dir)) {
    spawnSync('ssh', ['-o', `ControlPath=${join(dir, socket)}`, '-O', 'exit', 'test-host'], { stdio: 'ignore', timeout: 5000 });
  }
}

function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: address, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
    socket.once('timeout', () => { socket.destroy(); done(false); });
  });
}

async function answersDht(address: string, port: number, seconds: number): Promise<boolean> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const summary = await sweepForDhtNodes({ endpoints: () => [{ address, family: 4 as const, port }], timeoutMs: 1000, retries: 0 });
    if (summary.findings.length > 0) return true;
  }
  return false;
}

function alive(child: ChildProcess): Promise<boolean> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) { done(false); return; }
    const timer = setTimeout(() => done(true), 5000);
    child.once('exit', () => { clearTimeout(timer); done(false); });
  });
}

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
