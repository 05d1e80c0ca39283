// From the scanner's report to every host fixed, for real (issue 10): three
// test hosts (network namespaces), each with its own sshd; one runs
// Transmission, one qBittorrent, one nothing any more. A Nessus v2 report
// names the three among unrelated plugins. This machine runs detection from
// the report (its namespace reaches theirs over the veth links): the two
// clients answer, the third is silent. The real playbook then remediates every
// host with the single executable, whose hosts' command path holds no node,
// and `merge` of the fetched records gives remediated, remediated, clean, and a
// fleet run that the Runs view's listing (RunStore.list) shows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { alive, answersDht, QBITTORRENT_PORT, startQbittorrent, startTransmission, TRANSMISSION_PORT } from '../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../support/prerequisites';
import {
  closeSshMasters, makeControllerKey, noNodeCommandPath, runPlaybook, sshRun, SSH_FLEET_COMMANDS, startSshd, writeInventory,
} from '../../support/sshHosts';
import { ansibleCommand } from '../../../src/core/fleet/ansibleCommand';
import { hostsOf } from '../../../src/core/hosts/hostsOf';
import type { RunRecord } from '../../../src/core/run/types';
import { RunStore } from '../../../src/node/run/runStore';
import { runCliProcess } from '../cli/cliProcess';
import { ensureSeaExecutable, seaSkipReason } from './seaExecutable';

const JUSTIFICATION = 'Policy IT-7: no file sharing on servers (scan of 2024-03-12).';

const skip = skipUnlessAvailable([...SSH_FLEET_COMMANDS, 'transmission-daemon', 'qbittorrent-nox'], true) || seaSkipReason();

interface Ran { code: number | null; stdout: string; stderr: string }

describe('from a .nessus report to three hosts fixed by the playbook, merged into one fleet run', { skip }, () => {
  let scratch: string;
  let key: string;
  let seedbox: TestHost;
  let mediabox: TestHost;
  let quiet: TestHost;
  let transmission: ChildProcess;
  let qbittorrent: ChildProcess;
  let noNodePath: string;
  let detection: Ran;
  let played: { code: number; output: string };
  let clientsRunning: boolean[];
  let merged: Ran;
  let fleetDir: string;
  const started = Date.now();

  before(async () => {
    const exe = ensureSeaExecutable();
    scratch = mkdtempSync(join(tmpdir(), 'report-fleet-'));
    key = makeControllerKey(scratch);
    noNodePath = noNodeCommandPath(join(scratch, 'host-bin'));
    seedbox = createTestHost();
    mediabox = createTestHost();
    quiet = createTestHost();
    for (const host of [seedbox, mediabox, quiet]) await startSshd(host, key, { path: noNodePath });
    transmission = startTransmission(seedbox);
    qbittorrent = startQbittorrent(mediabox);
    const [t, q] = await Promise.all([answersDht(seedbox.address, TRANSMISSION_PORT, 60), answersDht(mediabox.address, QBITTORRENT_PORT, 60)]);
    assert.ok(t, 'Transmission never answered the DHT ping');
    assert.ok(q, 'qBittorrent never answered the DHT ping');

    const report = join(scratch, 'lab-scan.nessus');
    writeFileSync(report, nessusReport([
      { host: seedbox, fqdn: 'seedbox.lab.example', dht: { plugin: '50677', port: TRANSMISSION_PORT } },
      { host: mediabox, fqdn: 'mediabox.lab.example', dht: { plugin: '50677', port: QBITTORRENT_PORT } },
      // The companion plugin, seen on an earlier scan: the client is gone, the host is still a target.
      { host: quiet, fqdn: 'quiet.lab.example', dht: { plugin: '50676', port: 6881 } },
    ]));
    detection = await runCliProcess(['run', 'bittorrent-mainline-dht', '--from-report', report, '--record-dir', join(scratch, 'controller-runs'), '--json']);

    const fetchDir = join(scratch, 'records');
    const inventory = join(scratch, 'hosts.ini');
    writeInventory(inventory, [{ name: 'seedbox', host: seedbox }, { name: 'mediabox', host: mediabox }, { name: 'quiet', host: quiet }], key, exe);
    const built = ansibleCommand({
      inventory, playbook: 'ansible/dht-runbook.yml',
      variables: { decision: 'not permitted', justification: JUSTIFICATION, apply: true, steps: ['stop-process'], fetchDir },
    });
    assert.ok(built.ok, JSON.stringify(built));
    played = await runPlaybook(built.command, scratch);
    clientsRunning = await Promise.all([alive(transmission), alive(qbittorrent)]);

    const files = readdirSync(fetchDir, { withFileTypes: true }).filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(fetchDir, d.name)).filter((f) => f.endsWith('.json')).map((f) => join(fetchDir, d.name, f)));
    fleetDir = join(scratch, 'fleet-runs');
    merged = await runCliProcess(['merge', ...files, '--host-from-folder', '--record-dir', fleetDir, '--json']);
    console.log(`# report to fleet: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(async () => {
    if (scratch) closeSshMasters(scratch);
    await Promise.all([seedbox, mediabox, quiet].map((host) => host?.destroy()));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('detection from the report finds the two clients answering and the third host silent', () => {
    assert.equal(detection.code, 1, `exit 1: a DHT node answered\n${detection.stderr}\n${detection.stdout.slice(0, 4000)}`);
    const record = JSON.parse(detection.stdout) as RunRecord;
    assert.equal(record.targets.mode === 'hosts' && record.targets.fromReport?.name, 'lab-scan.nessus');
    const rows = hostsOf(record)!.hosts;
    assert.deepEqual(rows.map((r) => [r.address, r.name, r.state]), [
      [seedbox.address, 'seedbox.lab.example', 'answering'],
      [mediabox.address, 'mediabox.lab.example', 'answering'],
      [quiet.address, 'quiet.lab.example', 'silent'],
    ], JSON.stringify(rows, null, 1));
    assert.ok(rows[0]!.endpoints.includes(`${seedbox.address}:${TRANSMISSION_PORT}`), rows[0]!.endpoints.join(', '));
    assert.ok(rows[1]!.endpoints.includes(`${mediabox.address}:${QBITTORRENT_PORT}`), rows[1]!.endpoints.join(', '));
    assert.deepEqual(rows.map((r) => r.report?.pluginIds), [['50677'], ['50677'], ['50676']], 'only the DHT plugins were kept');
  });

  it('the hosts\' command path holds no node', () => {
    assert.deepEqual(readdirSync(noNodePath).filter((n) => /^(node|nodejs|npm|npx|corepack)$/.test(n)), []);
    assert.throws(() => execFileSync('node', ['--version'], { env: { PATH: noNodePath } }), /ENOENT/);
    for (const host of [seedbox, mediabox, quiet]) {
      // As Ansible's commands get it: sshd's PATH, then root's shell start-up files may put folders before it.
      const ran = sshRun(host, key, 'echo "$PATH"; command -v node || echo "no node"; command -v ss');
      assert.equal(ran.code, 0, ran.stderr);
      const [path, node, ss] = ran.stdout.trim().split('\n');
      assert.deepEqual([node, ss], ['no node', join(noNodePath, 'ss')], `${host.name}: ${ran.stdout}`);
      const folders = path!.split(':');
      assert.ok(folders.includes(noNodePath), path);
      assert.deepEqual(folders.filter((f) => ['node', 'nodejs'].some((n) => existsSync(join(f, n)))), [], `a folder of ${host.name}'s PATH holds node`);
    }
  });

  it('the playbook succeeds on the three hosts and stops both clients', () => {
    assert.equal(played.code, 0, played.output);
    for (const name of ['seedbox', 'mediabox', 'quiet']) {
      assert.match(played.output, new RegExp(`${name}\\s+: ok=\\d+\\s+changed=\\d+\\s+unreachable=0\\s+failed=0`));
    }
    assert.match(played.output, /seedbox: detection DHT node found; remediation 1 command ran.*; verdict remediated/);
    assert.match(played.output, /mediabox: detection DHT node found; remediation 1 command ran.*; verdict remediated/);
    assert.match(played.output, /quiet: detection clean; remediation nothing to remediate; verdict inconclusive/);
    assert.deepEqual(clientsRunning, [false, false], 'Transmission and qBittorrent stopped');
  });

  it('merge gives remediated for the two clients, clean for the third, and exits 0', () => {
    assert.equal(merged.code, 0, merged.stderr);
    const record = JSON.parse(merged.stdout) as RunRecord;
    assert.equal(record.verdict?.outcome, 'remediated');
    const rows = hostsOf(record)!.hosts;
    // Hosts are named by the folder the playbook fetched their records into.
    assert.deepEqual(rows.map((r) => [r.address, r.state, r.verification.verdict]).sort(), [
      ['mediabox', 'answering', 'remediated'],
      ['quiet', 'silent', 'clean'],
      ['seedbox', 'answering', 'remediated'],
    ]);
  });

  it('the merged run is listed by RunStore.list() on its folder, what the Runs view shows', async () => {
    const merge = JSON.parse(merged.stdout) as RunRecord;
    const { records, problems } = await new RunStore(fleetDir).list();
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.runId), [merge.runId]);
    assert.equal(records[0]!.fleet?.hosts.length, 3);
  });
});

interface ReportHostSpec { host: TestHost; fqdn: string; dht: { plugin: '50677' | '50676'; port: number } }

/** A Nessus v2 report as Nessus writes it: each host with its properties, unrelated plugins around the DHT one. */
function nessusReport(hosts: readonly ReportHostSpec[]): string {
  const dhtItem = ({ plugin, port }: ReportHostSpec['dht']) => plugin === '50677'
    ? `<ReportItem port="${port}" svc_name="bittorrent-dht" protocol="udp" severity="1" pluginID="50677" pluginName="BitTorrent Mainline DHT Detection" pluginFamily="Peer-To-Peer File Sharing">
<description>The remote host is running a node of the Mainline DHT network.</description>
<fname>bittorrent_dht_detect.nasl</fname>
<risk_factor>Low</risk_factor>
<plugin_output>A DHT node answered a KRPC ping on UDP port ${port}.</plugin_output>
</ReportItem>`
    : `<ReportItem port="${port}" svc_name="bittorrent" protocol="tcp" severity="1" pluginID="50676" pluginName="BitTorrent / uTorrent Detection" pluginFamily="Peer-To-Peer File Sharing">
<description>A BitTorrent client is listening on the remote host.</description>
<risk_factor>Low</risk_factor>
<plugin_output>A BitTorrent handshake was answered on TCP port ${port}.</plugin_output>
</ReportItem>`;
  const hostXml = ({ host, fqdn, dht }: ReportHostSpec) => `<ReportHost name="${host.address}"><HostProperties>
<tag name="HOST_END">Tue Mar 12 10:21:44 2024</tag>
<tag name="operating-system">Linux Kernel 6.1 on Debian 12</tag>
<tag name="host-ip">${host.address}</tag>
<tag name="host-fqdn">${fqdn}</tag>
<tag name="HOST_START">Tue Mar 12 10:02:11 2024</tag>
</HostProperties>
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="19506" pluginName="Nessus Scan Information" pluginFamily="Settings">
<plugin_output>Nessus version : 10.7.1</plugin_output>
</ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="11219" pluginName="Nessus SYN scanner" pluginFamily="Port scanners">
<plugin_output>Port 22/tcp was found to be open</plugin_output>
</ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="10267" pluginName="SSH Server Type and Version Information" pluginFamily="Service detection">
<plugin_output>SSH version : SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3</plugin_output>
</ReportItem>
${dhtItem(dht)}
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="45590" pluginName="Common Platform Enumeration (CPE)" pluginFamily="General">
<plugin_output>cpe:/o:debian:debian_linux:12</plugin_output>
</ReportItem>
</ReportHost>`;
  return `<?xml version="1.0" ?>
<NessusClientData_v2>
<Policy><policyName>Basic Network Scan</policyName></Policy>
<Report name="Lab weekly" xmlns:cm="http://www.nessus.org/cm">
${hosts.map(hostXml).join('\n')}
</Report>
</NessusClientData_v2>
`;
}
