// The pure merge: per-host records into one fleet run, with the rules for
// hosts seen twice, runbooks that differ, bad inputs, and the fleet's verdict.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FLEET_STEP_SKIP_REASON, mergeRecords, type MergeInput } from '../../../../src/core/fleet/mergeRecords';
import type { RunRecord } from '../../../../src/core/run/types';
import { validateRunRecord } from '../../../../src/core/run/validateRecord';
import { at, RUNBOOK, walkedRun } from '../run/fixtures';
import { fleetOf, hostRecord, HOST_STEPS, JUSTIFICATION, MERGED_AT, REPORT_TARGETS, runOverHosts, type HostScenario } from './fleetFixtures';

const options = { at: MERGED_AT, randomHex: 'f1ee7a11', operator: { user: 'alice', host: 'controller' } };

function inputs(...records: RunRecord[]): MergeInput[] {
  return records.map((record, i) => ({ source: `records/${i}.json`, record }));
}

function verdictOf(...scenarios: HostScenario[]) {
  return fleetOf(...scenarios.map((s, i) => hostRecord(`h${i + 1}`, s, { start: i }))).verdict;
}

describe('mergeRecords', () => {
  it('makes one ended fleet run that holds each host\'s record whole, and validates as a record', () => {
    const a = hostRecord('web-1', 'remediated', { start: 5 });
    const b = hostRecord('web-2', 'clean', { start: 2 });
    const c = hostRecord('web-3', 'remediated', { start: 7 });
    const merged = mergeRecords(inputs(a, b, c), options);
    assert.ok(merged.ok);
    const { record, notes } = merged;
    assert.deepEqual(notes, []);
    assert.equal(record.runId, '20250131T090200Z-f1ee7a11', 'the run id starts with the earliest host\'s start');
    assert.equal(record.startedAt, at(2));
    assert.equal(record.endedAt, MERGED_AT);
    assert.equal(record.origin, 'cli');
    assert.deepEqual(record.operator, { user: 'alice', host: 'controller' });
    assert.deepEqual(record.runbook, RUNBOOK);
    assert.deepEqual(record.targets, { mode: 'hosts', text: 'web-1\nweb-2\nweb-3' });
    assert.deepEqual(record.fleet?.hosts.map((h) => [h.host, h.runId]), [['web-1', a.runId], ['web-2', b.runId], ['web-3', c.runId]]);
    assert.deepEqual(record.fleet?.hosts[0]?.record, a, 'the host\'s record, whole');
    // The outline of the runbook, each step skipped with why: nothing ran in the fleet run itself.
    assert.deepEqual(Object.keys(record.steps), HOST_STEPS.map((s) => s.id));
    assert.ok(Object.values(record.steps).every((s) => s.status === 'skipped' && s.skipReason === FLEET_STEP_SKIP_REASON && s.results.length === 0));
    assert.deepEqual(record.verdict, { outcome: 'remediated', because: '2 hosts remediated (web-1, web-3), 1 host clean (detection found nothing).' });
    const read = validateRunRecord(JSON.parse(JSON.stringify(record)));
    assert.ok(read.ok, read.ok ? '' : read.message);
    assert.deepEqual(read.record, record);
  });

  it('keeps the newest record of a host by start time and says which was left out', () => {
    const older = hostRecord('web-1', 'still-exposed', { start: 1 });
    const newer = hostRecord('web-1', 'remediated', { start: 20 });
    const merged = mergeRecords(inputs(newer, hostRecord('web-2', 'clean'), older), options);
    assert.ok(merged.ok);
    assert.deepEqual(merged.record.fleet?.hosts.map((h) => h.runId), [newer.runId, '20250131T090000Z-web2']);
    assert.deepEqual(merged.notes, [
      `host web-1 has two records: kept ${newer.runId} (records/0.json, started ${at(20)}), left out ${older.runId} (records/2.json, started ${at(1)}). If they are different machines with one name, give --host-from-folder.`,
    ]);
    assert.equal(merged.record.verdict?.outcome, 'remediated', 'the left-out run\'s exposure does not count');
  });

  it('counts the same run given twice once', () => {
    const a = hostRecord('web-1', 'remediated');
    const merged = mergeRecords([{ source: 'a.json', record: a }, { source: 'copy/a.json', record: a }], options);
    assert.ok(merged.ok);
    assert.equal(merged.record.fleet?.hosts.length, 1);
    assert.deepEqual(merged.notes, [`copy/a.json holds run ${a.runId} of host web-1, as a.json does; it counts once.`]);
  });

  it('names hosts by the caller\'s name (the folder) when given, and refuses one run as two hosts', () => {
    const a = hostRecord('same-name', 'remediated');
    const b = hostRecord('same-name', 'clean', { start: 3 });
    const merged = mergeRecords([{ source: 'r/fleet-a/x.json', record: a, host: 'fleet-a' }, { source: 'r/fleet-b/y.json', record: b, host: 'fleet-b' }], options);
    assert.ok(merged.ok);
    assert.deepEqual(merged.record.fleet?.hosts.map((h) => h.host), ['fleet-a', 'fleet-b']);
    const copy = mergeRecords([{ source: 'r/fleet-a/x.json', record: a, host: 'fleet-a' }, { source: 'r/fleet-c/x.json', record: a, host: 'fleet-c' }], options);
    assert.ok(!copy.ok);
    assert.deepEqual(copy.problems, [`run ${a.runId} is given as the record of hosts fleet-a (r/fleet-a/x.json) and fleet-c (r/fleet-c/x.json): one run is one host's. Remove the copy.`]);
  });

  it('refuses records of different runbooks, naming them and their files', () => {
    const other = { ...RUNBOOK, id: 'other-runbook' };
    const merged = mergeRecords(inputs(hostRecord('web-1', 'remediated'), hostRecord('web-2', 'clean', { runbook: other }), hostRecord('web-3', 'clean')), options);
    assert.ok(!merged.ok);
    assert.deepEqual(merged.problems, ['the records follow different runbooks: "bittorrent-mainline-dht" (records/0.json, records/2.json); "other-runbook" (records/1.json). Merge the records of one runbook at a time.']);
  });

  it('merges records of different versions and texts of one runbook, and says so', () => {
    const newer = { ...RUNBOOK, version: '1.3.0', contentHash: 'b'.repeat(64) };
    const merged = mergeRecords(inputs(hostRecord('web-1', 'remediated'), hostRecord('web-2', 'clean', { runbook: newer })), options);
    assert.ok(merged.ok);
    assert.deepEqual(merged.notes, [
      'the hosts followed different versions of runbook "bittorrent-mainline-dht": 1.2.0 (web-1); 1.3.0 (web-2). The fleet run names the first; each host\'s record keeps its own.',
      'the hosts followed different texts of runbook "bittorrent-mainline-dht" (content hashes 9f86d081884c… (web-1); bbbbbbbbbbbb… (web-2)). The fleet run names the first; each host\'s record keeps its own.',
    ]);
    assert.equal(merged.record.runbook.version, '1.2.0');
  });

  it('refuses a fleet run as a host\'s record, a record without a host name, and no record at all', () => {
    const fleet = fleetOf(hostRecord('web-1', 'remediated'), hostRecord('web-2', 'clean', { start: 1 }));
    const nameless = { ...hostRecord('web-3', 'clean'), operator: { user: 'root', host: '' } };
    const merged = mergeRecords([{ source: 'fleet.json', record: fleet }, { source: 'nameless.json', record: nameless }], options);
    assert.ok(!merged.ok);
    assert.deepEqual(merged.problems, [
      'fleet.json is itself a fleet run, merged from 2 hosts (web-1, web-2): a merge takes one record per host, each a run of that machine, as the Ansible playbook brings them back. '
        + 'Merge the hosts\' own records instead (this fleet run keeps each one whole under fleet.hosts), or open this run in the editor\'s Runs view, which has a row for each of its hosts.',
      'nameless.json names no host (its operator.host is empty): give --host-from-folder and keep each host\'s records in a folder named after it.',
    ]);
    const none = mergeRecords([], options);
    assert.ok(!none.ok);
    assert.match(none.problems[0] ?? '', /^no record to merge/);
  });
});

// A run over many hosts read as one host's record lost its hosts into one row
// named after the machine it ran on: "vm", silent (vm's own sockets hold
// nothing) yet still exposed (the run's verdict, from the other hosts).
describe('inputs that are runs over many hosts', () => {
  const TAIL = 'a merge takes one record per host, each a run of that machine, as the Ansible playbook brings them back';
  const OPEN = 'or open this run in the editor\'s Runs view, which has a row for each of its hosts.';

  it('a scanner report\'s run (run --from-report) is refused, naming the file, its hosts and the report', () => {
    const report = runOverHosts(REPORT_TARGETS);
    assert.ok(validateRunRecord(JSON.parse(JSON.stringify(report))).ok, 'a valid record');
    assert.equal(report.verdict?.outcome, 'still-exposed');
    const merged = mergeRecords([{ source: 'records/web-1/a.json', record: hostRecord('web-1', 'remediated') }, { source: 'runs/report-run.json', record: report }], options);
    assert.ok(!merged.ok, 'no fleet made');
    assert.deepEqual(merged.problems, [
      `runs/report-run.json is a run over the 2 hosts of scanner report lab-scan.nessus (run --from-report), not one host's run: ${TAIL}. Merge those hosts' own records instead, ${OPEN}`,
    ]);
  });

  it('a run over several --targets hosts, or a range, is refused, counting and naming its targets', () => {
    const several = runOverHosts({ mode: 'hosts', text: '198.18.0.2, 198.18.0.3:51413\nnas.lab' });
    const merged = mergeRecords([{ source: 'runs/several.json', record: several }, { source: 'runs/range.json', record: walkedRun() }], options);
    assert.ok(!merged.ok);
    assert.deepEqual(merged.problems, [
      `runs/several.json is a run over 3 hosts (its targets: 198.18.0.2, 198.18.0.3, nas.lab; run --targets), not one host's run: ${TAIL} (with dht_targets empty or one host). Merge those hosts' own records instead, ${OPEN}`,
      `runs/range.json is a run over up to 256 hosts (its targets: 198.18.0.0/24; run --targets), not one host's run: ${TAIL} (with dht_targets empty or one host). Merge those hosts' own records instead, ${OPEN}`,
    ]);
  });

  it('each such input is named once, beside the other inputs\' problems, and --host-from-folder does not make it one host', () => {
    const fleet = fleetOf(...Array.from({ length: 7 }, (_, i) => hostRecord(`h${i + 1}`, 'clean', { start: i })));
    const merged = mergeRecords([
      { source: 'r/h1/fleet.json', record: fleet, host: 'h1' },
      { source: 'r/vm/report.json', record: { ...runOverHosts(REPORT_TARGETS), operator: { user: 'alice', host: '' } }, host: 'vm' },
      { source: 'r/x/nameless.json', record: { ...hostRecord('web-2', 'clean'), operator: { user: 'root', host: '' } } },
    ], options);
    assert.ok(!merged.ok);
    assert.equal(merged.problems.length, 3, merged.problems.join('\n'));
    assert.match(merged.problems[0]!, /^r\/h1\/fleet\.json is itself a fleet run, merged from 7 hosts \(h1, h2, h3, h4, h5 and 2 more\): /);
    assert.match(merged.problems[1]!, /^r\/vm\/report\.json is a run over the 2 hosts of scanner report lab-scan\.nessus/);
    assert.match(merged.problems[2]!, /^r\/x\/nameless\.json names no host/);
  });

  it('a run with one --targets host, as the playbook\'s dht_targets may give each host, is still one host\'s record', () => {
    for (const text of ['198.18.0.2', '198.18.0.2:6881 198.18.0.2:51413', '198.18.0.2/32']) {
      const merged = mergeRecords([{ source: 'records/vm/a.json', record: runOverHosts({ mode: 'hosts', text }) }], options);
      assert.ok(merged.ok, `${text}: ${merged.ok ? '' : merged.problems.join('\n')}`);
      assert.deepEqual(merged.record.fleet?.hosts.map((h) => h.host), ['vm']);
    }
  });
});

describe('the fleet verdict', () => {
  it('any host still exposed: still exposed, whatever the others', () => {
    assert.deepEqual(verdictOf('remediated', 'unverified', 'still-exposed', 'accepted-risk'), { outcome: 'still-exposed', because: '1 host still answers as a DHT node: h3.' });
  });

  it('a host inconclusive for another reason than "nothing found", or not verified: inconclusive, with each reason', () => {
    assert.deepEqual(verdictOf('remediated', 'listing-failed', 'unverified', 'accepted-risk'), {
      outcome: 'inconclusive',
      because: 'Inconclusive: 2 hosts could not be shown remediated (h2: Listing the sockets of web-07 at verification failed: ss exited with 1: Cannot open netlink socket; Verification did not list the listening sockets, so the services seen at detection could not be checked; h3: Verification has not run in the host\'s record).',
    });
  });

  it('hosts where detection found nothing count as clean; remediated needs one host remediated', () => {
    assert.deepEqual(verdictOf('clean', 'remediated', 'clean'), { outcome: 'remediated', because: '1 host remediated (h2), 2 hosts clean (detection found nothing).' });
    assert.deepEqual(verdictOf('clean', 'clean'), {
      outcome: 'inconclusive',
      because: 'Inconclusive: no host\'s detection confirmed a DHT node (2 hosts), so there was nothing to remove (check that the runs were on the hosts the scanner named).',
    });
  });

  it('an accepted risk and nothing worse: accepted risk, with each host\'s justification', () => {
    assert.deepEqual(verdictOf('remediated', 'accepted-risk', 'clean'), {
      outcome: 'accepted-risk',
      because: 'The client is permitted by policy on 1 host (h2); 1 host remediated (h1), 1 host clean (detection found nothing).',
      justification: `h2: qbittorrent-nox: ${JUSTIFICATION}`,
    });
  });

  it('names at most five hosts and counts the rest', () => {
    const verdict = verdictOf(...Array.from({ length: 7 }, (): HostScenario => 'still-exposed'));
    assert.deepEqual(verdict, { outcome: 'still-exposed', because: '7 hosts still answer as a DHT node: h1, h2, h3, h4, h5 and 2 more.' });
  });
});

/** A record as plain JSON, to spoil by hand. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field may be spoiled, at any depth
type Json = Record<string, any>;

describe('fleet records read back', () => {
  const fleet = () => JSON.parse(JSON.stringify(fleetOf(hostRecord('web-1', 'remediated'), hostRecord('web-2', 'clean', { start: 1 })))) as Json;

  it('a host record that is itself a fleet is damaged, with the field named', () => {
    const bad = fleet();
    bad.fleet.hosts[1].record.fleet = { hosts: [] };
    const read = validateRunRecord(bad);
    assert.ok(!read.ok);
    assert.match(read.message, /record\.fleet\.hosts\[1\]\.record\.fleet: a host's record cannot itself be a fleet run/);
  });

  it('a wrong field deep in a host\'s record is named with its whole path', () => {
    const bad = fleet();
    bad.fleet.hosts[0].record.steps['list-sockets'].results[0].at = 'yesterday';
    const read = validateRunRecord(bad);
    assert.ok(!read.ok);
    assert.match(read.message, /record\.fleet\.hosts\[0\]\.record\.steps\["list-sockets"\]\.results\[0\]\.at: expected an ISO 8601 timestamp/);
  });

  it('a run id that is not its record\'s, a host twice, no host, or an open fleet run are damaged', () => {
    const cases: [(r: Json) => void, RegExp][] = [
      [(r) => { r.fleet.hosts[0].runId = '20250131T090000Z-other'; }, /record\.fleet\.hosts\[0\]\.runId: "20250131T090000Z-other" is not the run id of its record/],
      [(r) => { r.fleet.hosts[1].host = 'web-1'; }, /record\.fleet\.hosts\[1\]\.host: "web-1" appears twice/],
      [(r) => { r.fleet.hosts = []; }, /record\.fleet\.hosts: a fleet run needs at least one host/],
      [(r) => { delete r.endedAt; }, /record\.endedAt: missing for a fleet run/],
      [(r) => { r.fleet.hosts[0].record.schema = 'dht-runbook/run-record@9'; }, /record\.fleet\.hosts\[0\]\.record\.schema: expected one of/],
      [(r) => { r.fleet.extra = 1; }, /record\.fleet\.extra: not a field of this schema/],
    ];
    for (const [spoil, message] of cases) {
      const bad = fleet();
      spoil(bad);
      const read = validateRunRecord(bad);
      assert.ok(!read.ok, String(message));
      assert.match(read.message, message);
    }
  });
});
