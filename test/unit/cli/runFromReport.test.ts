// `dht-runbook run --from-report` for real: a .nessus file naming two test
// hosts in network namespaces, one running Transmission (a real DHT node),
// one running nothing, and a third address this machine has no route to.
// Detection records them answering, silent and unreachable; the client is
// stopped; verification gives remediated, clean and not checked. A broken
// report creates no run at all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsOf } from '../../../src/core/hosts/hostsOf';
import type { RunRecord } from '../../../src/core/run/types';
import { validateRunRecord } from '../../../src/core/run/validateRecord';
import { sweepForDhtNodes } from '../../../src/node/probe/dhtSweep';
import { TRANSMISSION_PORT, startTransmission } from '../../support/bittorrentClients';
import { createTestHost, type TestHost } from '../../support/netns';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { runCliProcess } from './cliProcess';

/** In a block set aside for documentation of benchmarks, routed nowhere: sends to it fail with EHOSTUNREACH. */
const UNREACHABLE = '198.19.255.254';

function nessusFor(answering: string, silent: string): string {
  const host = (address: string, name: string, items: string) => `<ReportHost name="${address}"><HostProperties>
<tag name="HOST_END">Wed Mar 13 09:20:00 2024</tag>
<tag name="host-ip">${address}</tag>
<tag name="host-fqdn">${name}</tag>
<tag name="HOST_START">Wed Mar 13 09:01:00 2024</tag>
</HostProperties>
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="19506" pluginName="Nessus Scan Information" pluginFamily="Settings">
<plugin_output>Nessus version : 10.7.1</plugin_output>
</ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="10267" pluginName="SSH Server Type and Version Information" pluginFamily="Service detection">
<plugin_output>SSH version : SSH-2.0-OpenSSH_9.2p1 Debian-2</plugin_output>
</ReportItem>
${items}
</ReportHost>`;
  const dht = (port: number, plugin: string) => `<ReportItem port="${port}" svc_name="bittorrent-dht" protocol="udp" severity="1" pluginID="${plugin}" pluginName="BitTorrent Mainline DHT Detection" pluginFamily="Peer-To-Peer File Sharing">
<risk_factor>Low</risk_factor>
<plugin_output>The remote node answered a DHT ping.</plugin_output>
</ReportItem>`;
  return `<?xml version="1.0" ?>
<NessusClientData_v2>
<Policy><policyName>Lab</policyName></Policy>
<Report name="Lab scan" xmlns:cm="http://www.nessus.org/cm">
${host(answering, 'seedbox.lab.example', dht(TRANSMISSION_PORT, '50677'))}
${host(silent, 'quiet.lab.example', dht(6881, '50677'))}
${host(UNREACHABLE, 'gone.lab.example', dht(6881, '50676'))}
</Report>
</NessusClientData_v2>
`;
}

function recordOf(run: { code: number | null; stdout: string; stderr: string }): RunRecord {
  const parsed = validateRunRecord(JSON.parse(run.stdout));
  if (!parsed.ok) throw new Error(`not a valid record (exit ${run.code}): ${parsed.message}; stderr: ${run.stderr}`);
  return parsed.record;
}

describe('dht-runbook run --from-report: hosts in network namespaces', { skip: skipUnlessAvailable(['ip', 'transmission-daemon'], true) }, () => {
  let seedbox: TestHost;
  let quiet: TestHost;
  let transmission: ChildProcess;
  let dir: string;
  let report: string;
  let detection: { code: number | null; record: RunRecord; text: string };
  let verification: { code: number | null; record: RunRecord };

  before(async () => {
    seedbox = createTestHost();
    quiet = createTestHost();
    execFileSync('ip', ['route', 'add', 'unreachable', `${UNREACHABLE}/32`]);
    dir = mkdtempSync(join(tmpdir(), 'run-from-report-'));
    report = join(dir, 'lab.nessus');
    writeFileSync(report, nessusFor(seedbox.address, quiet.address));
    transmission = startTransmission(seedbox);
    const end = Date.now() + 30_000;
    let answered = false;
    while (!answered && Date.now() < end) {
      const summary = await sweepForDhtNodes({ endpoints: () => [{ address: seedbox.address, family: 4, port: TRANSMISSION_PORT }], timeoutMs: 1000, retries: 0 });
      answered = summary.findings.length > 0;
    }
    assert.ok(answered, 'Transmission never answered the DHT ping');

    const records = join(dir, 'records');
    const first = await runCliProcess(['run', 'bittorrent-mainline-dht', '--from-report', report, '--record-dir', records, '--json']);
    const text = await runCliProcess(['run', 'bittorrent-mainline-dht', '--from-report', report, '--record-dir', join(dir, 'text-records')]);
    detection = { code: first.code, record: recordOf(first), text: text.stdout };

    await new Promise<void>((resolve) => { transmission.once('exit', () => resolve()); transmission.kill('SIGTERM'); });
    const second = await runCliProcess(['run', 'bittorrent-mainline-dht', '--phase', 'verification', '--run', detection.record.runId, '--record-dir', records, '--json']);
    verification = { code: second.code, record: recordOf(second) };
  });
  after(async () => {
    try { execFileSync('ip', ['route', 'del', 'unreachable', `${UNREACHABLE}/32`]); } catch { /* never added */ }
    await seedbox?.destroy();
    await quiet?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the run\'s targets are the report\'s hosts, with the scanner\'s ports plus the usual ones', () => {
    const targets = detection.record.targets;
    assert.equal(targets.mode, 'hosts');
    assert.ok(targets.mode === 'hosts' && targets.fromReport);
    assert.equal(targets.fromReport.format, 'nessus');
    assert.equal(targets.fromReport.name, 'lab.nessus');
    assert.deepEqual(targets.fromReport.hosts.map((h) => [h.address, h.name, h.ports, h.pluginIds]), [
      [seedbox.address, 'seedbox.lab.example', [TRANSMISSION_PORT], ['50677']],
      [quiet.address, 'quiet.lab.example', [6881], ['50677']],
      [UNREACHABLE, 'gone.lab.example', [6881], ['50676']],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    assert.deepEqual(targets.text.split('\n').sort(), [`${seedbox.address}:6881-6889,51413`, `${quiet.address}:6881-6889,51413`, `${UNREACHABLE}:6881-6889,51413`].sort());
  });

  it('detection exits 1 and records answering (with its endpoint), silent and unreachable per host', () => {
    assert.equal(detection.code, 1);
    const overview = hostsOf(detection.record);
    assert.ok(overview);
    const byAddress = new Map(overview.hosts.map((h) => [h.address, h]));
    const answering = byAddress.get(seedbox.address)!;
    assert.equal(answering.state, 'answering');
    // Transmission's DHT replies carry no client "v" key, so no client is named; the reply is the proof.
    assert.equal(answering.because, `A DHT node answered a KRPC ping on ${seedbox.address}:${TRANSMISSION_PORT}.`);
    assert.deepEqual(answering.endpoints, [`${seedbox.address}:${TRANSMISSION_PORT}`]);
    assert.equal(answering.findingIds.length, 1);
    assert.equal(byAddress.get(quiet.address)!.state, 'silent');
    const unreachable = byAddress.get(UNREACHABLE)!;
    assert.equal(unreachable.state, 'unreachable');
    assert.deepEqual(unreachable.sendFailures, { EHOSTUNREACH: 20 });
    assert.deepEqual(overview.counts, { answering: 1, silent: 1, unreachable: 1, 'not-probed': 0 });
  });

  it('the text output has the per-host table', () => {
    assert.match(detection.text, /Hosts: 3 \(answering 1, silent 1, unreachable 1, not probed 0\)/);
    assert.match(detection.text, /^host\s+name\s+state\s+client\s+verdict$/m);
    assert.match(detection.text, new RegExp(`^${seedbox.address.replace(/\./g, '\\.')}\\s+seedbox\\.lab\\.example\\s+answering\\s+not-checked$`, 'm'));
    assert.match(detection.text, new RegExp(`^${quiet.address.replace(/\./g, '\\.')}\\s+quiet\\.lab\\.example\\s+silent\\s+not-checked$`, 'm'));
  });

  it('verification: remediated where the client was stopped, clean where nothing ran, not checked where unreachable', () => {
    const overview = hostsOf(verification.record);
    assert.ok(overview);
    const verdicts = Object.fromEntries(overview.hosts.map((h) => [h.address, h.verification.verdict]));
    assert.deepEqual(verdicts, { [seedbox.address]: 'remediated', [quiet.address]: 'clean', [UNREACHABLE]: 'not-checked' });
    assert.equal(overview.verdict?.outcome, 'not-checked');
    assert.equal(overview.verdict?.because, '1 host could not be checked; the others are remediated or clean.');
  });

  it('a broken report creates no run', async () => {
    const broken = join(dir, 'broken.nessus');
    writeFileSync(broken, nessusFor(seedbox.address, quiet.address).slice(0, 700));
    const records = join(dir, 'broken-records');
    const run = await runCliProcess(['run', 'bittorrent-mainline-dht', '--from-report', broken, '--record-dir', records]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^dht-runbook run: The file is cut short: it ends at line \d+ inside <\w+> \(opened at line \d+, column \d+\)/m);
    assert.deepEqual(readdirSafe(records), []);
  });
});

function readdirSafe(path: string): string[] {
  try { return readdirSync(path); } catch { return []; }
}
