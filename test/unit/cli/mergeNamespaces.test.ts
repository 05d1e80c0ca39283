// merge on records made for real: two test hosts (network namespaces), one
// running Transmission and one clean, each runs detection and verification
// with the CLI inside it (Transmission stopped in between), each host's
// records in a folder named after it, as the Ansible playbook fetches them.
// Then `merge` gives the host table, the verdict "remediated" and exit 0; the
// merged record loads with RunStore and validates; its SARIF validates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsOf } from '../../../src/core/hosts/hostsOf';
import { validateRunRecord } from '../../../src/core/run/validateRecord';
import { RunStore } from '../../../src/node/run/runStore';
import { answersDht, stopClient, TRANSMISSION_PORT, startTransmission } from '../../support/bittorrentClients';
import { createTestHost, type TestHost } from '../../support/netns';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { sarifErrors } from '../../support/sarif';
import { cliInHost, recordPrinted, runCliProcess } from './cliProcess';

describe('dht-runbook merge of two namespaces\' real runs', { skip: skipUnlessAvailable(['ip', 'transmission-daemon'], true) }, () => {
  let seedbox: TestHost;
  let quiet: TestHost;
  let dir: string;
  let merge: { code: number | null; stdout: string; stderr: string };
  let sameName: { code: number | null; stdout: string; stderr: string };

  before(async () => {
    seedbox = createTestHost();
    quiet = createTestHost();
    dir = mkdtempSync(join(tmpdir(), 'merge-netns-'));
    const transmission = startTransmission(seedbox);
    assert.ok(await answersDht(seedbox.address, TRANSMISSION_PORT, 30), 'Transmission never answered the DHT ping');
    for (const host of [seedbox, quiet]) mkdirSync(join(dir, 'records', host.name), { recursive: true });
    const detections = await Promise.all([seedbox, quiet].map((host) => cliInHost(host, ['run', 'bittorrent-mainline-dht', '--record-dir', join(dir, 'records', host.name), '--json'])));
    assert.deepEqual(detections.map((d) => d.code), [1, 0], detections.map((d) => d.stderr).join('\n'));
    await stopClient(transmission); // the remediation
    const verifications = await Promise.all([seedbox, quiet].map((host, i) => cliInHost(host, [
      'run', 'bittorrent-mainline-dht', '--phase', 'verification', '--run', recordPrinted(detections[i]!).runId, '--record-dir', join(dir, 'records', host.name), '--json',
    ])));
    assert.deepEqual(verifications.map((v) => recordPrinted(v).verdict?.outcome), ['remediated', 'inconclusive']);
    const files = [seedbox, quiet].flatMap((host) => readdirSync(join(dir, 'records', host.name)).filter((f) => f.endsWith('.json')).map((f) => join(dir, 'records', host.name, f)));
    merge = await runCliProcess(['merge', ...files, '--host-from-folder', '--record-dir', join(dir, 'fleet'), '--sarif', join(dir, 'fleet.sarif'), '--markdown', join(dir, 'fleet.md')]);
    // The namespaces share the machine's host name: without the folders they are one host.
    sameName = await runCliProcess(['merge', ...files, '--record-dir', join(dir, 'fleet')]);
    console.log(`dht-runbook merge ${files.map((f) => f.slice(dir.length + 1)).join(' ')} --host-from-folder ...\n${merge.stdout}`);
  });
  after(async () => {
    await seedbox?.destroy();
    await quiet?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the host table and the fleet verdict, and exits 0', () => {
    assert.equal(merge.code, 0, merge.stderr);
    assert.match(merge.stdout, new RegExp(`^${seedbox.name}\\s+answering\\s+transmission-da\\S*\\s+remediated$`, 'm'));
    assert.match(merge.stdout, new RegExp(`^${quiet.name}\\s+silent\\s+-\\s+clean$`, 'm'));
    assert.match(merge.stdout, new RegExp(`^Fleet verdict: remediated: 1 host remediated \\(${seedbox.name}\\), 1 host clean \\(detection found nothing\\)\\.$`, 'm'));
  });

  it('saves a fleet run that loads with RunStore, validates, and gives the per-host rows', async () => {
    const runId = /^fleet run (\S+):/m.exec(merge.stdout)?.[1];
    assert.ok(runId, merge.stdout);
    const record = await new RunStore(join(dir, 'fleet')).load(runId);
    const read = validateRunRecord(readFileSync(join(dir, 'fleet', `${runId}.json`), 'utf8'));
    assert.ok(read.ok, read.ok ? '' : read.message);
    assert.equal(record.verdict?.outcome, 'remediated');
    const rows = hostsOf(record)!.hosts;
    assert.deepEqual(rows.map((r) => [r.address, r.state, r.verification.verdict]), [[seedbox.name, 'answering', 'remediated'], [quiet.name, 'silent', 'clean']]);
    assert.ok(rows[0]!.endpoints.includes(`${seedbox.address}:${TRANSMISSION_PORT}`), rows[0]!.endpoints.join(', '));
  });

  it('writes SARIF that validates (nothing open) and a Markdown report with the host table', () => {
    const sarif = JSON.parse(readFileSync(join(dir, 'fleet.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    assert.deepEqual(sarifErrors(sarif), []);
    assert.equal(sarif.runs[0]!.results.length, 0);
    assert.match(readFileSync(join(dir, 'fleet.md'), 'utf8'), new RegExp(`^\\| ${seedbox.name} \\|.*\\| answering \\|.*\\*\\*Remediated\\*\\*`, 'm'));
  });

  it('without --host-from-folder the two records share a host name: the newest is kept and the other named', () => {
    assert.match(sameName.stderr, /note: host \S+ has two records: kept \S+ \(.*\), left out \S+ \(.*\)\. If they are different machines with one name, give --host-from-folder\./);
    assert.match(sameName.stdout, /^fleet run \S+: 1 host of runbook/m);
  });
});
