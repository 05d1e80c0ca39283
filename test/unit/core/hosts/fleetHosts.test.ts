// Per-host rows of a fleet run, each read from the host's own record: state
// from its detection's findings, verdict from its own verdict, finding ids
// qualified by host.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatHostTable } from '../../../../src/core/hosts/formatHostTable';
import { hostsOf } from '../../../../src/core/hosts/hostsOf';
import { createRun } from '../../../../src/core/run/runState';
import { at, RUNBOOK } from '../run/fixtures';
import { fleetOf, hostRecord, HOST_STEPS, JUSTIFICATION } from '../fleet/fleetFixtures';

describe('hostsOf a fleet run', () => {
  const fleet = fleetOf(
    hostRecord('web-1', 'remediated'), hostRecord('web-2', 'clean', { start: 1 }), hostRecord('web-3', 'still-exposed', { start: 2 }),
    hostRecord('web-4', 'accepted-risk', { start: 3 }), hostRecord('web-5', 'listing-failed', { start: 4 }), hostRecord('web-6', 'unverified', { start: 5 }),
    createRun({ runId: '20250131T090600Z-fresh', runbook: RUNBOOK, targets: { mode: 'this-machine' }, operator: { user: 'root', host: 'web-7' }, origin: 'cli', steps: HOST_STEPS, at: at(6) }),
  );
  const overview = hostsOf(fleet)!;
  const row = (host: string) => overview.hosts.find((h) => h.address === host)!;

  it('one row per host, in the order merged, each with its own run id', () => {
    assert.deepEqual(overview.hosts.map((h) => [h.address, h.runId]), fleet.fleet!.hosts.map((h) => [h.host, h.runId]));
    assert.deepEqual(overview.counts, { answering: 5, silent: 1, unreachable: 0, 'not-probed': 1 });
  });

  it('answering: client and endpoints from the host\'s findings; finding ids qualified by host, so cloned hosts never collide', () => {
    const web1 = row('web-1');
    assert.equal(web1.state, 'answering');
    assert.equal(web1.because, 'libtorrent (Rasterbar) 2.0.8 answered a KRPC ping on 198.18.0.2:6881.');
    assert.equal(web1.client, 'libtorrent (Rasterbar) 2.0.8');
    assert.deepEqual(web1.endpoints, ['198.18.0.2:6881']);
    assert.deepEqual(web1.findingIds, ['web-1/local-812']);
    assert.deepEqual(web1.findings, [{ id: 'web-1/local-812', title: 'qbittorrent-nox', client: 'libtorrent (Rasterbar) 2.0.8' }]);
    assert.deepEqual(row('web-3').findingIds, ['web-3/local-812']);
    const all = overview.hosts.flatMap((h) => h.findingIds);
    assert.equal(new Set(all).size, all.length);
  });

  it('silent when detection ran and found nothing; not probed when it did not run', () => {
    assert.deepEqual([row('web-2').state, row('web-2').because], ['silent', 'Detection ran on the host and no DHT node answered.']);
    assert.deepEqual([row('web-7').state, row('web-7').because], ['not-probed', 'Detection has not run in the host\'s record.']);
  });

  it('verdicts from each host\'s own verdict: "nothing found" is clean, other doubts inconclusive with why', () => {
    assert.deepEqual(overview.hosts.map((h) => h.verification.verdict), ['remediated', 'clean', 'still-exposed', 'accepted-risk', 'inconclusive', 'not-checked', 'not-checked']);
    assert.deepEqual(row('web-3').verification.stillAnswering, ['198.18.0.2:6881']);
    assert.equal(row('web-4').verification.justification, `qbittorrent-nox: ${JUSTIFICATION}`);
    assert.match(row('web-5').verification.because, /^Inconclusive: Listing the sockets of web-07 at verification failed: ss exited with 1/);
    assert.equal(row('web-6').verification.because, 'Verification has not run in the host\'s record.');
    assert.deepEqual(overview.verdict, { outcome: 'still-exposed', because: '1 host still answers as a DHT node: web-3.' });
  });

  it('a host where nothing was found but a step failed is inconclusive, not clean', () => {
    const clean = hostRecord('web-2', 'clean');
    const failed = { ...clean, verdict: { outcome: 'inconclusive' as const, because: `Inconclusive: step relist-sockets: the terminal closed; ${clean.verdict!.because.replace(/^Inconclusive: /, '')}` } };
    const [only] = hostsOf(fleetOf(failed))!.hosts;
    assert.equal(only?.verification.verdict, 'inconclusive');
  });

  it('a host named after its folder keeps the machine\'s own name beside it', () => {
    const record = hostRecord('vm', 'clean');
    const [only] = hostsOf({ ...fleetOf(record), fleet: { hosts: [{ host: 'fleet-b', runId: record.runId, record }] } })!.hosts;
    assert.deepEqual([only?.address, only?.name], ['fleet-b', 'vm']);
  });

  it('prints the fleet table: host, state, findings with client, verdict, and why a host is not done', () => {
    assert.equal(formatHostTable(overview, { fleet: true }), [
      'Hosts: 7 (answering 5, silent 1, unreachable 0, not probed 1)',
      'host   state       findings                                        verdict',
      'web-1  answering   qbittorrent-nox (libtorrent (Rasterbar) 2.0.8)  remediated',
      'web-2  silent      -                                               clean',
      'web-3  answering   qbittorrent-nox (libtorrent (Rasterbar) 2.0.8)  still-exposed',
      'web-4  answering   qbittorrent-nox (libtorrent (Rasterbar) 2.0.8)  accepted-risk',
      'web-5  answering   qbittorrent-nox (libtorrent (Rasterbar) 2.0.8)  inconclusive',
      'web-6  answering   qbittorrent-nox (libtorrent (Rasterbar) 2.0.8)  not-checked',
      'web-7  not-probed  -                                               not-checked',
      '  web-3: 198.18.0.2:6881 still answers as a DHT node.',
      '  web-4: The client is permitted by policy; 1 DHT endpoint still answers, as accepted.',
      `  web-5: ${row('web-5').verification.because}`,
      '  web-6: Verification has not run in the host\'s record.',
      '  web-7: Verification has not run in the host\'s record.',
      'Fleet verdict: still-exposed: 1 host still answers as a DHT node: web-3.',
    ].join('\n'));
  });
});
