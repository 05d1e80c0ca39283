// The whole remediation, headless, against a real client: Transmission in a
// test host of our own, next to two ordinary services. Detection finds it;
// the test stops it (the remediation); verification finds it gone and the
// other services still there; the verdict is "remediated"; both SARIF
// reports validate against the SARIF 2.1.0 schema.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { answersDht, stopClient, TRANSMISSION_PORT, startTransmission } from '../../support/bittorrentClients';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { cliInHost, recordPrinted } from './cliProcess';
import { sarifErrors } from '../../support/sarif';
import type { RunRecord } from '../../../src/core/run/types';

describe('dht-runbook run: detection, remediation, verification', { skip: skipUnlessAvailable(['ip', 'transmission-daemon'], true) }, () => {
  let host: TestHost;
  let transmission: ChildProcess;
  let records: string;
  let detection: { code: number; record: RunRecord };
  let verification: { code: number; record: RunRecord };
  let sarifBefore: unknown;
  let sarifAfter: unknown;

  before(async () => {
    host = createTestHost();
    records = mkdtempSync(join(tmpdir(), 'run-records-'));
    transmission = startTransmission(host);
    // Two ordinary services that must survive the remediation.
    host.spawn(process.execPath, ['-e', "require('net').createServer().listen(8080); require('dgram').createSocket('udp4').bind(5353); setInterval(() => {}, 1000)"]);
    assert.ok(await answersDht(host.address, TRANSMISSION_PORT, 30), 'Transmission never answered the DHT ping');

    const first = await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--record-dir', records, '--json', '--sarif', join(records, 'detection.sarif')]);
    detection = { code: first.code, record: recordPrinted(first) };
    sarifBefore = JSON.parse(readFileSync(join(records, 'detection.sarif'), 'utf8'));

    await stopClient(transmission); // the remediation: the client is stopped

    const second = await cliInHost(host, ['run', 'bittorrent-mainline-dht', '--phase', 'verification', '--run', detection.record.runId, '--record-dir', records, '--json', '--sarif', join(records, 'verification.sarif')]);
    verification = { code: second.code, record: recordPrinted(second) };
    sarifAfter = JSON.parse(readFileSync(join(records, 'verification.sarif'), 'utf8'));
  });
  after(async () => {
    await host?.destroy();
    if (records) rmSync(records, { recursive: true, force: true });
  });

  it('detection exits 1 and records Transmission as a confirmed DHT node', () => {
    assert.equal(detection.code, 1);
    assert.equal(detection.record.steps['probe-this-machine']?.status, 'attention');
    const listing = detection.record.steps['list-sockets']?.results.find((r) => r.kind === 'check-listening-ports');
    assert.ok(listing && listing.kind === 'check-listening-ports');
    const confirmed = listing.result.sockets.filter((s) => s.dhtReplies.length > 0);
    assert.ok(confirmed.some((s) => s.verdict.socket.localPort === TRANSMISSION_PORT && /^transmission-da/.test(s.verdict.socket.process?.name ?? '')));
  });

  it('verification exits 0 with the verdict "remediated": DHT gone, other services kept', () => {
    assert.equal(verification.code, 0, JSON.stringify(verification.record.verdict));
    assert.equal(verification.record.verdict?.outcome, 'remediated');
    const compare = verification.record.steps['compare-baseline']?.results.find((r) => r.kind === 'compare-baseline');
    assert.ok(compare && compare.kind === 'compare-baseline');
    assert.ok(compare.comparison.dhtEndpoints.length > 0);
    assert.ok(compare.comparison.dhtEndpoints.every((d) => !d.now), 'every DHT endpoint is gone');
    const services = compare.comparison.otherServices.map((s) => s.socket).join(' ');
    assert.match(services, /tcp\/.*:8080/);
    assert.match(services, /udp\/.*:5353/);
    assert.ok(compare.comparison.otherServices.every((s) => s.stillListening));
    assert.ok(verification.record.endedAt, 'the run is closed');
  });

  it('writes SARIF 2.1.0 that validates: one result per confirmed endpoint before, none after', () => {
    assert.deepEqual(sarifErrors(sarifBefore), []);
    assert.deepEqual(sarifErrors(sarifAfter), []);
    const results = (log: unknown) => (log as { runs: { results: unknown[] }[] }).runs[0]!.results;
    assert.ok(results(sarifBefore).length >= 1);
    assert.equal(results(sarifAfter).length, 0);
  });
});
