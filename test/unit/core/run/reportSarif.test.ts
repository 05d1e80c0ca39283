import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { dhtUri, runReportSarif } from '../../../../src/core/run/reportSarif';
import { addResult, finishStep, startStep } from '../../../../src/core/run/runState';
import { at, detectionCheck, finding, newRun, sweep, walkedRun } from './fixtures';

// The SARIF 2.1.0 schema as Microsoft ships it (test/fixtures/sarif/README.md says where from).
const schema = JSON.parse(readFileSync(resolve('test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// unicodeRegExp: false because the schema's `language` pattern has a stray ']' that
// only non-Unicode regular expressions accept (the pattern is ASCII, so nothing else changes).
// strict: false because the schema uses draft-04 idioms that Ajv's strict mode flags.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function assertValid(log: object): void {
  const valid = validateSarif(log);
  assert.ok(valid, JSON.stringify(validateSarif.errors, null, 2));
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { name: string; kind: string }[] }[];
  properties: { evidence: { sentHex: string; receivedHex: string }; process?: string; pid?: number; client?: { version?: string }; finding?: { id: string; where: string } };
}

function resultsOf(log: object): SarifResult[] {
  return (log as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? [];
}

describe('the SARIF export', () => {
  it('validates against the SARIF 2.1.0 schema, with a rule that points at BEP 5', () => {
    const log = runReportSarif(walkedRun({ remaining: true }), { toolVersion: '0.1.0' });
    assertValid(log);
    const run = (log as { runs: { tool: { driver: { name: string; version: string; rules: { id: string; helpUri: string }[] } } }[] }).runs[0];
    assert.equal(run?.tool.driver.name, 'dht-runbook');
    assert.equal(run?.tool.driver.version, '0.1.0');
    assert.equal(run?.tool.driver.rules[0]?.helpUri, 'https://www.bittorrent.org/beps/bep_0005.html');
  });

  it('is checked by a schema that does reject a wrong log (the check is not vacuous)', () => {
    const log = JSON.parse(JSON.stringify(runReportSarif(walkedRun({ remaining: true })))) as { runs: { results: { level: string }[] }[] };
    const first = log.runs[0]?.results[0];
    assert.ok(first);
    first.level = 'fatal';
    assert.equal(validateSarif(log), false);
    assert.equal(validateSarif({ version: '2.0.0', runs: [] }), false);
  });

  it('has one result per DHT endpoint confirmed by the latest check, with its evidence', () => {
    const results = resultsOf(runReportSarif(walkedRun({ remaining: true })));
    assert.equal(results.length, 1, 'verification found the local node still answering; the remote one is gone');
    const [result] = results;
    assert.equal(result?.ruleId, 'DHT001');
    assert.equal(result?.level, 'error');
    assert.equal(result?.message.text,
      'BitTorrent Mainline DHT node at udp/198.18.0.2:6881: it answered a KRPC ping. Client: libtorrent (Rasterbar) 2.0.8. Node id: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678. Process: qbittorrent-nox (pid 812, user svc). Finding: qbittorrent-nox.');
    assert.equal(result?.locations[0]?.physicalLocation.artifactLocation.uri, 'dht://198.18.0.2:6881');
    assert.deepEqual(result?.locations[0]?.logicalLocations[0], { name: 'udp/198.18.0.2:6881', fullyQualifiedName: 'web-07/udp/198.18.0.2:6881', kind: 'resource' });
    assert.match(result?.properties.evidence.receivedHex ?? '', /^64313a7264323a6964/);
    assert.equal(result?.properties.pid, 812);
    // Tied to the finding detection made of that program.
    assert.match(result?.properties.finding?.id ?? '', /^local-812/);
    assert.equal(result?.properties.finding?.where, 'this-machine');
    assert.equal(result?.properties.client?.version, '2.0.8');
  });

  it('reports nothing once verification found every endpoint gone, and stays valid', () => {
    const log = runReportSarif(walkedRun());
    assertValid(log);
    assert.deepEqual(resultsOf(log), []);
  });

  it('reports detection when verification has not run, each endpoint once', () => {
    let run = newRun();
    run = finishStep(startStep(run, 'list-sockets', at(1)), 'list-sockets', 'attention', at(2), { kind: 'check-listening-ports', at: at(2), result: detectionCheck() });
    const sweepResult = sweep([finding('198.18.0.9', 51413), finding('2001:db8::9', 6881), finding('fe80::1%eth0', 6881, { client: 'none' }), finding('198.18.0.2', 6881)]);
    run = addResult(run, 'probe-run-targets', { kind: 'probe-dht', at: at(4), targets: '198.18.0.0/24', endpointCount: 254, summary: sweepResult }, at(4));
    run = addResult(run, 'stop-service', { kind: 'error', at: at(8), action: 'stop-service.1', message: 'terminal closed' }, at(8));
    const log = runReportSarif(run);
    assertValid(log);
    const uris = resultsOf(log).map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['dht://198.18.0.2:6881', 'dht://198.18.0.9:51413', 'dht://[2001:db8::9]:6881', 'dht://[fe80::1]:6881?zone=eth0']);
    assert.equal(resultsOf(log)[0]?.properties.process, 'qbittorrent-nox (pid 812, user svc)', 'the local check names the process');
    assert.match(resultsOf(log)[3]?.message.text ?? '', /Client: no client id \(no "v" key\)\./);
    const invocation = (log as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[] }[] }).runs[0]?.invocations[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.equal(invocation?.toolExecutionNotifications?.length, 1);
  });

  it('writes endpoint URIs that are valid URI references', () => {
    assert.equal(dhtUri(finding('::1', 6881)), 'dht://[::1]:6881');
    const validUri = ajv.compile({ type: 'string', format: 'uri-reference' });
    for (const address of ['198.18.0.2', '::1', '2001:db8::1', 'fe80::1%eth0', '::ffff:198.18.0.2']) {
      assert.ok(validUri(dhtUri(finding(address, 6881))), dhtUri(finding(address, 6881)));
    }
  });
});
