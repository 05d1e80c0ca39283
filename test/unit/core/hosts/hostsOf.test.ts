// Per-host states and verdicts read from a record: a report's hosts, probes
// of the run's targets in detection and verification, replies, refused sends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatHostTable } from '../../../../src/core/hosts/formatHostTable';
import { hostsOf } from '../../../../src/core/hosts/hostsOf';
import { addResult, createRun } from '../../../../src/core/run/runState';
import type { RunRecord, RunTargets } from '../../../../src/core/run/types';
import { validateRunRecord } from '../../../../src/core/run/validateRecord';
import { reportRunTargets } from '../../../../src/core/scanReport/reportTargets';
import type { SweepSummary } from '../../../../src/core/probe/types';
import { at, finding, RUNBOOK, STEPS, sweep } from '../run/fixtures';

const targets = reportRunTargets({
  format: 'nessus', name: 'lab.nessus', sha256: 'a'.repeat(64), bytes: 1000,
  counts: { items: 40, kept: 4, skipped: 36, hostsSeen: 10 },
  hosts: [
    { address: '198.18.0.2', name: 'seedbox', ports: [6881], protocols: ['udp'], pluginIds: ['50677'], severity: 'Low' },
    { address: '198.18.0.3', name: 'quiet', ports: [47001], pluginIds: ['50677'] },
    { address: '198.19.255.254', ports: [], pluginIds: ['50676'] },
  ],
});

function run(runTargets: RunTargets = targets): RunRecord {
  return createRun({ runId: '20250131T090000Z-3f9a2c', runbook: RUNBOOK, targets: runTargets, operator: { user: 'alice', host: 'admin' }, origin: 'cli', steps: STEPS, at: at(0) });
}

function probe(record: RunRecord, stepId: string, summary: SweepSummary, minute: number): RunRecord {
  const text = record.targets.mode === 'hosts' ? record.targets.text : '';
  return addResult(record, stepId, { kind: 'probe-dht', at: at(minute), targets: text, endpointCount: 30, summary }, at(minute));
}

const unreachable = { addressSendFailures: [{ address: '198.19.255.254', sent: 20, failed: 20, codes: { EHOSTUNREACH: 20 } }] };

describe('hostsOf', () => {
  it('the report\'s targets: its hosts with the scanner\'s ports plus the usual ones, and a valid record', () => {
    assert.equal(targets.text, '198.18.0.2:6881-6889,51413\n198.18.0.3:6881-6889,51413,47001\n198.19.255.254:6881-6889,51413');
    const parsed = validateRunRecord(JSON.parse(JSON.stringify(run())));
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.message);
  });

  it('a record with a wrong report host is damaged, with the field named', () => {
    const bad = JSON.parse(JSON.stringify(run()));
    bad.targets.fromReport.hosts[1].ports = [70000];
    const parsed = validateRunRecord(bad);
    assert.ok(!parsed.ok);
    assert.match(parsed.message, /record\.targets\.fromReport\.hosts\[1\]\.ports\[0\]/);
  });

  it('before any probe every host is not probed', () => {
    const overview = hostsOf(run())!;
    assert.deepEqual(overview.hosts.map((h) => h.state), ['not-probed', 'not-probed', 'not-probed']);
    assert.equal(overview.verdict, undefined);
  });

  it('detection: answering with client and endpoints, silent, unreachable', () => {
    const record = probe(run(), 'probe-run-targets', sweep([finding('198.18.0.2', 6881)], unreachable), 1);
    const overview = hostsOf(record)!;
    const [seedbox, quiet, gone] = overview.hosts;
    assert.equal(seedbox!.state, 'answering');
    assert.equal(seedbox!.client, 'libtorrent (Rasterbar) 2.0.8');
    assert.deepEqual(seedbox!.endpoints, ['198.18.0.2:6881']);
    assert.equal(seedbox!.findingIds.length, 1);
    assert.deepEqual(seedbox!.report, { ports: [6881], pluginIds: ['50677'], severity: 'Low' });
    assert.equal(quiet!.state, 'silent');
    assert.equal(gone!.state, 'unreachable');
    assert.equal(gone!.because, 'Every query to it was refused by this machine\'s network stack (EHOSTUNREACH ×20): no route to it from here.');
    assert.deepEqual(overview.counts, { answering: 1, silent: 1, unreachable: 1, 'not-probed': 0 });
    assert.equal(formatHostTable(overview), [
      'Hosts: 3 (answering 1, silent 1, unreachable 1, not probed 0)',
      'host            name     state        client                        verdict',
      '198.18.0.2      seedbox  answering    libtorrent (Rasterbar) 2.0.8  not-checked',
      '198.18.0.3      quiet    silent                                     not-checked',
      '198.19.255.254           unreachable                                not-checked',
    ].join('\n'));
  });

  it('a host with some sends refused and some not is silent, not unreachable', () => {
    const record = probe(run(), 'probe-run-targets', sweep([], { addressSendFailures: [{ address: '198.18.0.3', sent: 20, failed: 3, codes: { ENOBUFS: 3 } }] }), 1);
    assert.equal(hostsOf(record)!.hosts[1]!.state, 'silent');
  });

  it('a cancelled sweep leaves hosts that did not answer not probed', () => {
    const record = probe(run(), 'probe-run-targets', sweep([], { cancelled: true }), 1);
    assert.deepEqual(hostsOf(record)!.hosts.map((h) => h.state), ['not-probed', 'not-probed', 'not-probed']);
  });

  it('verification: remediated, clean and not checked per host, and the run\'s verdict', () => {
    let record = probe(run(), 'probe-run-targets', sweep([finding('198.18.0.2', 6881)], unreachable), 1);
    record = probe(record, 'reprobe-run-targets', sweep([], unreachable), 20);
    const overview = hostsOf(record)!;
    assert.deepEqual(overview.hosts.map((h) => h.verification.verdict), ['remediated', 'clean', 'not-checked']);
    assert.deepEqual(overview.verdict, { outcome: 'not-checked', because: '1 host could not be checked; the others are remediated or clean.' });
  });

  it('verification: a node still answering, or a new one, is still exposed', () => {
    let record = probe(run(), 'probe-run-targets', sweep([finding('198.18.0.2', 6881)]), 1);
    record = probe(record, 'reprobe-run-targets', sweep([finding('198.18.0.2', 6881, { minute: 20 }), finding('198.18.0.3', 6889, { minute: 20 })]), 20);
    const overview = hostsOf(record)!;
    assert.deepEqual(overview.hosts.map((h) => [h.verification.verdict, h.verification.stillAnswering]), [
      ['still-exposed', ['198.18.0.2:6881']], ['still-exposed', ['198.18.0.3:6889']], ['clean', []],
    ]);
    assert.equal(overview.verdict?.outcome, 'still-exposed');
  });

  it('all remediated: the run is remediated', () => {
    let record = probe(run(), 'probe-run-targets', sweep([finding('198.18.0.2', 6881)]), 1);
    record = probe(record, 'reprobe-run-targets', sweep([]), 20);
    assert.deepEqual(hostsOf(record)!.verdict, { outcome: 'remediated', because: '1 host no longer answers; 2 other hosts never answered.' });
  });

  it('typed targets: each address is a host, and a range\'s member that answered gets its row', () => {
    const record = probe(run({ mode: 'hosts', text: '198.18.0.7, 198.18.1.0/24' }), 'probe-run-targets', sweep([finding('198.18.1.9', 6881)]), 1);
    assert.deepEqual(hostsOf(record)!.hosts.map((h) => [h.address, h.state]), [['198.18.0.7', 'silent'], ['198.18.1.9', 'answering']]);
  });

  it('a host typed by name is every address its name resolved to: its replies are its own, with no extra row for the address', () => {
    const named = run({ mode: 'hosts', text: 'seedbox.lab, quiet.lab' });
    const resolved = [{ name: 'seedbox.lab', addresses: ['198.18.0.2', '2001:db8::2'] }, { name: 'quiet.lab', addresses: ['198.18.0.3'] }];
    let record = addResult(named, 'probe-run-targets', { kind: 'probe-dht', at: at(1), targets: named.targets.mode === 'hosts' ? named.targets.text : '', endpointCount: 20, summary: sweep([finding('2001:db8::2', 6881)]), resolved }, at(1));
    const detection = hostsOf(record)!;
    assert.deepEqual(detection.hosts.map((h) => [h.address, h.state, h.endpoints]), [['seedbox.lab', 'answering', ['[2001:db8::2]:6881']], ['quiet.lab', 'silent', []]]);
    assert.deepEqual(detection.hosts[0]!.findingIds.length, 1, 'the remote finding of its address is filed under the name');
    // At verification the name resolves to another address of the same host: still the same host.
    record = addResult(record, 'reprobe-run-targets', { kind: 'probe-dht', at: at(20), targets: named.targets.mode === 'hosts' ? named.targets.text : '', endpointCount: 20, summary: sweep([finding('198.18.0.2', 6881)]), resolved }, at(20));
    assert.deepEqual(hostsOf(record)!.hosts.map((h) => [h.address, h.verification.verdict]), [['seedbox.lab', 'still-exposed'], ['quiet.lab', 'clean']]);
  });

  it('a name whose every address refused the sends is unreachable', () => {
    const named = run({ mode: 'hosts', text: 'far.lab' });
    const summary = sweep([], { addressSendFailures: [{ address: '198.19.0.1', sent: 10, failed: 10, codes: { ENETUNREACH: 10 } }] });
    const record = addResult(named, 'probe-run-targets', { kind: 'probe-dht', at: at(1), targets: 'far.lab', endpointCount: 10, summary, resolved: [{ name: 'far.lab', addresses: ['198.19.0.1'] }] }, at(1));
    assert.deepEqual(hostsOf(record)!.hosts.map((h) => [h.address, h.state]), [['far.lab', 'unreachable']]);
  });

  it('a run of this machine has no host table', () => {
    assert.equal(hostsOf(run({ mode: 'this-machine' })), undefined);
  });

  it('a report host that is not one host is refused by name', () => {
    assert.throws(() => reportRunTargets({ format: 'host-list', name: 'x.txt', sha256: 'b'.repeat(64), bytes: 1, counts: { items: 1, kept: 1, skipped: 0, hostsSeen: 1 }, hosts: [{ address: 'a b', ports: [], pluginIds: [] }] }),
      /^ScanReportError: The report's host "a b" cannot be probed/);
  });

  it('a report with no host with the finding is refused: nothing to run', () => {
    assert.throws(() => reportRunTargets({ format: 'nessus', name: 'clean.nessus', sha256: 'c'.repeat(64), bytes: 1, counts: { items: 12, kept: 0, skipped: 12, hostsSeen: 4 }, hosts: [] }),
      { message: 'clean.nessus has no host with the DHT finding (Nessus plugin 50677 or 50676): 12 findings of other plugins on 4 hosts were skipped. Nothing to run.' });
  });
});
