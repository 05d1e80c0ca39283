import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithBaseline, decideVerdict } from '../../../../src/core/run/baseline';
import { latestChecks, phaseChecks } from '../../../../src/core/run/runEvidence';
import { addResult, finishStep, startStep } from '../../../../src/core/run/runState';
import type { BaselineComparison } from '../../../../src/core/run/types';
import {
  at, cleanVerificationCheck, detectionCheck, finding, localCheck, NGINX, newRun, proc, QBT_FINDING, QBT_TCP, QBT_UDP, sock, SSHD, sweep, walkedRun,
} from './fixtures';

const NOT_PERMITTED = { answer: 'not-permitted', justification: 'Policy IT-7.' };
const detection = { checks: [detectionCheck()], probes: [] };

describe('comparing verification with the detection baseline', () => {
  it('sees the DHT endpoint gone and every other service still listening, although pids changed', () => {
    const comparison = compareWithBaseline(detection, { checks: [cleanVerificationCheck()], probes: [] });
    assert.deepEqual(comparison.dhtEndpoints, [{ endpoint: '198.18.0.2:6881', client: 'libtorrent (Rasterbar) 2.0.8', before: true, now: false }]);
    assert.deepEqual(comparison.newDhtEndpoints, []);
    assert.deepEqual(comparison.otherServices, [
      { socket: 'tcp/0.0.0.0:22', process: 'sshd (pid 611, user root)', stillListening: true },
      { socket: 'tcp/0.0.0.0:80', process: 'nginx (pid 720, user svc)', stillListening: true },
    ]);
    assert.deepEqual(comparison.suspectSockets?.map((s) => [s.socket, s.stillListening]), [['udp/0.0.0.0:6881', false], ['tcp/0.0.0.0:6881', false]]);
    assert.deepEqual(comparison.caveats, []);
  });

  it('sees an endpoint that still answers, and one that answers only now', () => {
    const after = localCheck([SSHD, NGINX, QBT_UDP, sock('udp', '0.0.0.0', 51413, proc(900, 'transmission-daemon'))],
      [finding('198.18.0.2', 6881, { minute: 20 }), finding('198.18.0.2', 51413, { minute: 20 })], { minute: 20 });
    const comparison = compareWithBaseline(detection, { checks: [after], probes: [] });
    assert.equal(comparison.dhtEndpoints[0]?.now, true);
    assert.deepEqual(comparison.newDhtEndpoints, ['198.18.0.2:51413']);
  });

  it('marks an endpoint unverified when its socket still listens but was not probed', () => {
    // The client still listens, but the probe was cancelled before it started: silence proves nothing.
    const after = localCheck([SSHD, NGINX, QBT_UDP], [], { minute: 20, probe: false });
    const comparison = compareWithBaseline(detection, { checks: [after], probes: [] });
    assert.equal(comparison.dhtEndpoints[0]?.now, false);
    assert.match(comparison.dhtEndpoints[0]?.unverified ?? '', /still listens on port 6881 but verification did not probe it/);
  });

  it('marks a swept endpoint unverified when verification ran no sweep, and covered when it did', () => {
    const remote = { checks: [], probes: [sweep([finding('198.18.0.9', 51413)])] };
    const without = compareWithBaseline(remote, { checks: [cleanVerificationCheck()], probes: [] });
    assert.equal(without.dhtEndpoints[0]?.unverified, 'not checked again at verification', 'a local listing says nothing about another host');
    const withSweep = compareWithBaseline(remote, { checks: [], probes: [sweep([])] });
    assert.equal(withSweep.dhtEndpoints[0]?.unverified, undefined);
    assert.deepEqual(withSweep.otherServices, [], 'no listing at detection: no services to compare');
  });

  it('says why the comparison is incomplete', () => {
    assert.deepEqual(compareWithBaseline(detection, { checks: [], probes: [] }).caveats?.slice(0, 1), ['Verification ran no check: nothing was compared.']);
    const failed = localCheck([], [], { minute: 20, listingError: 'ss and netstat are both missing' });
    const comparison = compareWithBaseline(detection, { checks: [failed], probes: [sweep([], { cancelled: true, sendFailures: { EACCES: 3 } })] });
    assert.deepEqual(comparison.caveats, [
      'Listing the sockets of web-07 at verification failed: ss and netstat are both missing',
      'A DHT sweep at verification was cancelled before it finished.',
      "The OS refused 3 of a verification sweep's queries: those endpoints were not asked.",
      'Verification did not list the listening sockets, so the services seen at detection could not be checked.',
    ]);
    assert.ok(comparison.otherServices.every((s) => s.unverified === 'verification listed no sockets'));
  });

  it('takes the whole of detection and the latest attempt of each verification step from a record', () => {
    let run = newRun();
    run = finishStep(startStep(run, 'list-sockets', at(1)), 'list-sockets', 'attention', at(2), { kind: 'check-listening-ports', at: at(2), result: detectionCheck() });
    const stillThere = localCheck([SSHD, NGINX, QBT_UDP], [finding('198.18.0.2', 6881, { minute: 15 })], { minute: 15 });
    run = addResult(run, 'relist-sockets', { kind: 'check-listening-ports', at: at(15), result: stillThere }, at(15));
    run = addResult(run, 'relist-sockets', { kind: 'check-listening-ports', at: at(20), result: cleanVerificationCheck() }, at(20));
    const verification = phaseChecks(run, 'verification', 'latest-per-step');
    assert.equal(verification.checks.length, 1);
    assert.equal(verification.checks[0]?.checkedAt, at(20));
    assert.equal(phaseChecks(run, 'verification', 'all').checks.length, 2);
    assert.equal(latestChecks(run).phase, 'verification');
    assert.equal(compareWithBaseline(phaseChecks(run, 'detection', 'all'), verification).dhtEndpoints[0]?.now, false);
  });
});

describe('the verdict', () => {
  const clean = compareWithBaseline(detection, { checks: [cleanVerificationCheck()], probes: [] });

  it('remediated: every DHT endpoint gone, nothing new, other services still there', () => {
    const verdict = decideVerdict(clean, NOT_PERMITTED, []);
    assert.deepEqual(verdict, {
      outcome: 'remediated',
      because: '1 DHT endpoint confirmed at detection no longer answers, none is new, and all 2 other services still listen.',
    });
    assert.equal(decideVerdict(clean, { answer: 'Not permitted', justification: '' }, []).outcome, 'remediated', 'the runbook spells it with a space');
    assert.equal(decideVerdict(clean, undefined, []).outcome, 'remediated');
  });

  it('still-exposed: an endpoint answers, or a new one does', () => {
    const answering: BaselineComparison = { ...clean, dhtEndpoints: [{ endpoint: '198.18.0.2:6881', before: true, now: true }] };
    assert.deepEqual(decideVerdict(answering, NOT_PERMITTED, []), { outcome: 'still-exposed', because: '198.18.0.2:6881 still answers as a DHT node.' });
    const fresh: BaselineComparison = { ...clean, newDhtEndpoints: ['[::1]:51413'] };
    assert.equal(decideVerdict(fresh, NOT_PERMITTED, []).because, '[::1]:51413 answers now and did not at detection.');
  });

  it('still-exposed when the runbook wants suspects gone and one still listens', () => {
    const after = localCheck([SSHD, NGINX, QBT_TCP], [], { minute: 20 });
    const comparison = compareWithBaseline(detection, { checks: [after], probes: [] });
    assert.equal(decideVerdict(comparison, NOT_PERMITTED, []).outcome, 'remediated');
    const verdict = decideVerdict(comparison, NOT_PERMITTED, [], { suspectsMustBeGone: true });
    assert.equal(verdict.outcome, 'still-exposed');
    assert.match(verdict.because, /tcp\/0\.0\.0\.0:6881 \(qbittorrent-nox \(pid 812/);
  });

  it('accepted-risk: permitted by policy, with the recorded justification', () => {
    const answering: BaselineComparison = { ...clean, dhtEndpoints: [{ endpoint: '198.18.0.2:6881', before: true, now: true }] };
    assert.deepEqual(decideVerdict(answering, { answer: 'permitted', justification: 'Seeds our Linux images (CHG-88).' }, []), {
      outcome: 'accepted-risk',
      because: 'The client is permitted by policy; 1 DHT endpoint still answers, as accepted.',
      justification: 'Seeds our Linux images (CHG-88).',
    });
    assert.equal(decideVerdict(answering, { answer: 'permitted', justification: ' ' }, []).outcome, 'inconclusive');
  });

  const inconclusive: readonly [string, () => ReturnType<typeof decideVerdict>, RegExp][] = [
    ['a check failed', () => decideVerdict(clean, NOT_PERMITTED, ['Step relist-sockets failed: ss timed out.']), /Step relist-sockets failed: ss timed out/],
    ['verification was not run', () => decideVerdict(compareWithBaseline(detection, { checks: [], probes: [] }), NOT_PERMITTED, []), /Verification ran no check/],
    ['services that were there are missing', () => decideVerdict(compareWithBaseline(detection, { checks: [localCheck([SSHD], [], { minute: 20 })], probes: [] }), NOT_PERMITTED, []),
      /services that listened at detection are missing: tcp\/0\.0\.0\.0:80 \(nginx \(pid 720, user svc\)\)/],
    ['an endpoint could not be checked', () => decideVerdict(compareWithBaseline(detection, { checks: [localCheck([SSHD, NGINX, QBT_UDP], [], { minute: 20, probe: false })], probes: [] }), NOT_PERMITTED, []),
      /could not check 198\.18\.0\.2:6881 \(a UDP socket still listens/],
    ['detection found nothing', () => decideVerdict(compareWithBaseline({ checks: [localCheck([SSHD], [])], probes: [] }, { checks: [localCheck([SSHD], [])], probes: [] }), NOT_PERMITTED, []),
      /detection confirmed no DHT node/],
    ['the policy answer is not one we know', () => decideVerdict(clean, { answer: 'ask legal', justification: '' }, []), /neither "permitted" nor "not permitted"/],
  ];
  for (const [why, decide, because] of inconclusive) {
    it(`inconclusive when ${why}`, () => {
      const verdict = decide();
      assert.equal(verdict.outcome, 'inconclusive');
      assert.match(verdict.because, /^Inconclusive: /);
      assert.match(verdict.because, because);
    });
  }

  it('the walked runs end remediated, or still exposed', () => {
    assert.equal(walkedRun().verdict?.outcome, 'remediated');
    assert.equal(walkedRun({ remaining: true }).verdict?.outcome, 'still-exposed');
    assert.equal(QBT_FINDING.endpoint.port, 6881);
  });
});
