// Issue 9's whole path, headless, on real clients: Transmission, qBittorrent,
// Deluge (Python) and a bittorrent-dht script (Node) all running in one test
// host, next to two ordinary services. Detection gives four findings; each is
// offered its own commands (the right packages, never a runtime's); headless
// remediation with --apply stops all four; verification says remediated for
// each and for the run, and the other services still listen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { alive, DELUGE_PORT, QBITTORRENT_PORT, TRANSMISSION_PORT, startDeluged, startQbittorrent, startTransmission } from '../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { cliInHost, recordPrinted } from './cliProcess';
import { sweepForDhtNodes } from '../../../src/node/probe/dhtSweep';
import type { Finding } from '../../../src/core/findings/types';
import { planCommand, type CommandPlan } from '../../../src/core/remediation/commandPlan';
import { runFindings } from '../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../src/core/run/types';
import type { CommandAction } from '../../../src/core/runbook/model';
import { parseRunbook } from '../../../src/core/runbook/parseRunbook';

const SCRIPT = resolve('test/fixtures/programs/bittorrent-dht/dht-node.mjs');
const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const RUNTIME_PACKAGE = /\b(python3[\w.-]*|libpython[\w.-]*|nodejs|libnode[\w.-]*)\b/;

type CliRun = Awaited<ReturnType<typeof cliInHost>>;



async function answers(host: TestHost, ports: readonly number[], seconds: number): Promise<number[]> {
  const end = Date.now() + seconds * 1000;
  let found: number[] = [];
  while (Date.now() < end) {
    const summary = await sweepForDhtNodes({ endpoints: () => ports.map((port) => ({ address: host.address, family: 4 as const, port })), timeoutMs: 1000, retries: 0 });
    found = summary.findings.map((f) => f.endpoint.port);
    if (found.length === ports.length) break;
  }
  return found;
}

/** Every command of the runbook's remediation, as planned for one finding on this (Linux, root) machine. */
function offeredFor(finding: Finding): { step: string; plan: Extract<CommandPlan, { offered: true }> }[] {
  const phase = runbook.phases.find((p) => p.id === 'remediation')!;
  return phase.steps.flatMap((step) => step.actions.filter((a): a is CommandAction => a.kind === 'command').map((action) => ({ step: step.id, plan: planCommand(action, finding, { os: 'linux', shell: 'posix', isRoot: true, hasSudo: false }) })))
    .filter((p): p is { step: string; plan: Extract<CommandPlan, { offered: true }> } => p.plan.offered);
}

describe('four real clients at once: per-finding remediation, headless', { skip: skipUnlessAvailable(['ip', 'transmission-daemon', 'qbittorrent-nox', 'deluged'], true) }, () => {
  let host: TestHost;
  let records: string;
  const clients = new Map<string, ChildProcess>();
  let detection: RunRecord;
  let findings: Finding[];
  let plan: CliRun;
  let apply: CliRun;
  let verification: { code: number; record: RunRecord };
  const stillRunning = new Map<string, boolean>();

  before(async () => {
    host = createTestHost();
    records = mkdtempSync(join(tmpdir(), 'four-clients-'));
    clients.set('transmission', startTransmission(host));
    clients.set('qbittorrent', startQbittorrent(host));
    clients.set('deluge', startDeluged(host));
    clients.set('node', host.spawn(process.execPath, [SCRIPT, '6890']));
    // Two ordinary services that must survive the remediation.
    host.spawn(process.execPath, ['-e', "require('net').createServer().listen(8080); require('dgram').createSocket('udp4').bind(5353); setInterval(() => {}, 1000)"]);
    const ports = await answers(host, [TRANSMISSION_PORT, QBITTORRENT_PORT, DELUGE_PORT], 60);
    assert.equal(ports.length, 3, `only ${ports.join(', ')} answered the DHT ping`);

    detection = recordPrinted(await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--record-dir', records, '--json']));
    findings = runFindings(detection);
    const id = detection.runId;
    const remediation = ['run', 'bittorrent-mainline-dht', '--phase', 'remediation', '--run', id, '--record-dir', records, '--decision', 'not permitted', '--justification', 'Policy IT-7: no file sharing on servers.'];
    plan = await cliInHost(host, remediation);
    // Stop only: a test never uninstalls the machine's packages.
    apply = await cliInHost(host, [...remediation, '--apply', '--steps', 'stop-process']);
    for (const [name, child] of clients) stillRunning.set(name, await alive(child));
    const after = await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--phase', 'verification', '--run', id, '--record-dir', records, '--json']);
    verification = { code: after.code, record: recordPrinted(after) };
  });
  after(async () => {
    await host?.destroy();
    if (records) rmSync(records, { recursive: true, force: true });
  });

  it('detection gives four findings, one per program, each with its endpoints', () => {
    const local = findings.filter((f) => f.where === 'this-machine' && f.basis === 'krpc-reply');
    const names = local.map((f) => f.program?.program?.path ?? f.processName).sort();
    assert.deepEqual(names, [SCRIPT, '/usr/bin/deluged', '/usr/bin/qbittorrent-nox', '/usr/bin/transmission-daemon'].sort(), JSON.stringify(findings.map((f) => [f.title, f.program?.program])));
    assert.equal(findings.length, 4, 'nothing else is a finding: not the other services, not one card per address');
    for (const finding of local) assert.ok(finding.endpoints.some((e) => e.confirmed), `${finding.title} has a confirmed endpoint`);
  });

  it('each finding is offered its own commands: the right packages, never a runtime\'s, and the script by its path', () => {
    const byPath = (path: string) => findings.find((f) => f.program?.program?.path === path)!;
    const uninstall = (path: string) => offeredFor(byPath(path)).filter((o) => o.step === 'uninstall-package').map((o) => o.plan.text);
    assert.deepEqual(uninstall('/usr/bin/transmission-daemon'), ['apt-get remove transmission-daemon']);
    assert.deepEqual(uninstall('/usr/bin/qbittorrent-nox'), ['apt-get remove qbittorrent-nox']);
    assert.deepEqual(uninstall('/usr/bin/deluged'), ['apt-get remove deluged']);
    const script = byPath(SCRIPT);
    assert.deepEqual(offeredFor(script).map((o) => [o.step, o.plan.text]), [['stop-process', `kill ${script.pid}`], ['uninstall-package', `rm -- ${SCRIPT}`]]);
    for (const finding of findings) {
      for (const offered of offeredFor(finding)) assert.doesNotMatch(offered.plan.text, RUNTIME_PACKAGE, `${finding.title}: ${offered.plan.text}`);
    }
    // The CLI's plan says the same, and changed nothing.
    assert.equal(plan.code, 0, plan.stderr);
    for (const line of ['apt-get remove transmission-daemon', 'apt-get remove qbittorrent-nox', 'apt-get remove deluged', `rm -- ${SCRIPT}`]) assert.ok(plan.stdout.includes(line), `${line} in\n${plan.stdout}`);
    assert.doesNotMatch(plan.stdout, RUNTIME_PACKAGE);
  });

  it('--apply --steps stop-process stops all four, each exit code recorded', () => {
    assert.equal(apply.code, 0, `${apply.stdout}\n${apply.stderr}`);
    // Each stop's line says the process was gone before the run went on.
    assert.equal(apply.stderr.match(/: stop-process: kill \d+ -> exit 0 \[process \d+ ended \d+\.\d s after the command\]$/gm)?.length, 4, apply.stderr);
    assert.deepEqual([...stillRunning.entries()].filter(([, running]) => running).map(([name]) => name), [], 'every client stopped');
    const stop = verification.record.steps['stop-process']!;
    const parts = Object.values(stop.findings ?? {});
    assert.equal(parts.length, 4);
    for (const part of parts) {
      const command = part.results.find((r) => r.kind === 'command');
      assert.ok(command?.kind === 'command' && command.exitCode === 0 && command.reportedBy === 'process', JSON.stringify(part));
      // ends: process: the runner waited until the client was gone before it went on.
      assert.match(command.output ?? '', /\[process \d+ ended \d+\.\d s after the command\]$/, JSON.stringify(part));
      assert.equal(part.status, 'passed');
    }
    assert.equal(verification.record.steps['uninstall-package']!.status, 'pending', 'nothing was uninstalled');
  });

  it('verification: remediated for each finding and for the run; the other services still listen', () => {
    assert.equal(verification.code, 0, JSON.stringify(verification.record.verdict));
    assert.equal(verification.record.verdict?.outcome, 'remediated');
    const compare = verification.record.steps['compare-baseline']!.results.find((r) => r.kind === 'compare-baseline');
    assert.ok(compare?.kind === 'compare-baseline');
    assert.deepEqual(compare.findings?.map((f) => f.verdict.outcome), ['remediated', 'remediated', 'remediated', 'remediated']);
    const services = compare.comparison.otherServices;
    assert.ok(services.some((s) => /tcp\/.*:8080/.test(s.socket)) && services.some((s) => /udp\/.*:5353/.test(s.socket)));
    assert.ok(services.every((s) => s.stillListening), JSON.stringify(services));
  });
});
