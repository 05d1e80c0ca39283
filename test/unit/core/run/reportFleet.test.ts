// Reports per host: the Markdown host table (runs over hosts and fleet runs),
// each fleet host's per-finding verdicts and full run, and SARIF results per
// host and endpoint, validated against the SARIF 2.1.0 schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { runReportMarkdown } from '../../../../src/core/run/reportMarkdown';
import { runReportSarif } from '../../../../src/core/run/reportSarif';
import { addResult } from '../../../../src/core/run/runState';
import { sarifErrors } from '../../../support/sarif';
import { fleetOf, hostRecord, JUSTIFICATION } from '../fleet/fleetFixtures';
import { at, finding, newRun, sweep } from './fixtures';

interface SarifResult {
  locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string }[] }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  message: { text: string };
  properties: { host: string; finding?: { id: string } };
}

function resultsOf(log: object): SarifResult[] {
  return (log as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
}

const markdown = new MarkdownIt();

describe('reports of a fleet of three hosts', () => {
  const fleet = fleetOf(hostRecord('web-1', 'remediated'), hostRecord('web-2', 'clean', { start: 1 }), hostRecord('web-3', 'still-exposed', { start: 2 }));
  const report = runReportMarkdown(fleet);

  it('Markdown: the host table right after the verdict, with each host\'s run id', () => {
    const hosts = report.slice(report.indexOf('## Hosts'), report.indexOf('Per finding, host by host'));
    assert.ok(report.indexOf('## Verdict') < report.indexOf('## Hosts'));
    assert.match(hosts, /^3 hosts: 2 answering, 1 silent, 0 unreachable, 0 not probed\.$/m);
    assert.match(hosts, /^\| Host \| Name \| State \| Client \| Endpoints \| Verdict \| Why \| Run \|$/m);
    assert.match(hosts, /^\| web-1 \| {3}\| answering \| libtorrent \(Rasterbar\) 2\.0\.8 \| 198\.18\.0\.2:6881 \| \*\*Remediated\*\* \| 1 DHT endpoint confirmed at detection no longer answers, none is new, and all 2 other services still listen\. \| `20250131T090000Z-web1` \|$/m);
    assert.match(hosts, /^\| web-2 \| {3}\| silent \| {3}\| {3}\| \*\*Clean\*\* \| Detection found no DHT node on the host and verification agrees: nothing to remove\. \| `20250131T090100Z-web2` \|$/m);
    assert.match(hosts, /^\| web-3 \| {3}\| answering \| .* \| \*\*Still exposed\*\* \| 198\.18\.0\.2:6881 still answers as a DHT node\. \| `20250131T090200Z-web3` \|$/m);
    assert.match(report, /^\*\*Still exposed\.\*\* 1 host still answers as a DHT node: web-3\.$/m);
  });

  it('Markdown: each host\'s per-finding verdicts, with finding ids qualified by host', () => {
    assert.match(report, /^\| web-1 \| qbittorrent-nox \(`web-1\/local-812`\) \| \*\*Remediated\*\* \| qbittorrent-nox no longer answers or listens on 198\.18\.0\.2:6881, udp\/0\.0\.0\.0:6881, tcp\/0\.0\.0\.0:6881\. \|$/m);
    assert.match(report, /^\| web-3 \| qbittorrent-nox \(`web-3\/local-812`\) \| \*\*Still exposed\*\* \| /m);
  });

  it('Markdown: each host\'s own run under its host, steps and evidence included, the fleet\'s skipped outline left out', () => {
    const headings = [...markdown.render(report).matchAll(/<h([2-4])>(.*?)<\/h\1>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(headings.filter((h) => h.startsWith('2')), ['2 Verdict', '2 Hosts', '2 Host web-1', '2 Host web-2', '2 Host web-3', '2 Evidence']);
    assert.ok(headings.includes('3 Detection') && headings.includes('4 1. List listening sockets and their owners (<code>list-sockets</code>)'));
    assert.ok(!report.includes('A fleet run: this step ran on each host'));
    assert.match(report, /host web-3, step relist-sockets/, 'evidence labels name the host');
    // Every table keeps its columns.
    for (const table of markdown.render(report).match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const headers = (table.match(/<th[ >]/g) ?? []).length;
      for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g)?.slice(1) ?? []) assert.equal((row.match(/<td[ >]/g) ?? []).length, headers, row);
    }
  });

  it('SARIF: one result per host and endpoint still open, the host in its location and fingerprint; valid SARIF 2.1.0', () => {
    const log = runReportSarif(fleet, { toolVersion: '0.1.0' });
    assert.deepEqual(sarifErrors(log), []);
    const results = resultsOf(log);
    assert.equal(results.length, 1, 'web-1 is remediated and web-2 clean: only web-3 is open');
    const [open] = results;
    assert.equal(open?.properties.host, 'web-3');
    assert.equal(open?.locations[0]?.logicalLocations[0]?.fullyQualifiedName, 'web-3/udp/198.18.0.2:6881');
    assert.deepEqual(open?.partialFingerprints, { 'dhtHostEndpoint/v1': 'web-3/udp/198.18.0.2:6881' });
    assert.equal(open?.properties.finding?.id, 'web-3/local-812');
    assert.match(open?.message.text ?? '', /^BitTorrent Mainline DHT node at udp\/198\.18\.0\.2:6881 on host web-3: it answered a KRPC ping\./);
    const fleetProps = (log as { runs: { properties: { fleet: { host: string; verdict: { outcome: string } }[] } }[] }).runs[0]!.properties.fleet;
    assert.deepEqual(fleetProps.map((h) => [h.host, h.verdict.outcome]), [['web-1', 'remediated'], ['web-2', 'inconclusive'], ['web-3', 'still-exposed']]);
  });

  it('SARIF: hosts not verified yet report detection, one result each even on the same address, with distinct fingerprints', () => {
    const log = runReportSarif(fleetOf(hostRecord('web-1', 'unverified'), hostRecord('web-2', 'unverified', { start: 1 })));
    assert.deepEqual(sarifErrors(log), []);
    const fingerprints = resultsOf(log).map((r) => r.partialFingerprints['dhtHostEndpoint/v1']);
    assert.deepEqual(fingerprints, ['web-1/udp/198.18.0.2:6881', 'web-2/udp/198.18.0.2:6881']);
  });

  it('SARIF: an accepted risk is reported suppressed, with the recorded justification', () => {
    const log = runReportSarif(fleetOf(hostRecord('seedbox', 'accepted-risk')));
    assert.deepEqual(sarifErrors(log), []);
    assert.deepEqual(resultsOf(log)[0]?.suppressions, [{ kind: 'external', status: 'accepted', justification: JUSTIFICATION }]);
  });
});

describe('reports of a run over hosts', () => {
  it('SARIF names the host that answered; the Markdown has its row', () => {
    const run = addResult(newRun(), 'probe-run-targets', { kind: 'probe-dht', at: at(4), targets: '198.18.0.0/24', endpointCount: 254, summary: sweep([finding('198.18.0.9', 51413)]) }, at(4));
    const log = runReportSarif(run);
    assert.deepEqual(sarifErrors(log), []);
    const [result] = resultsOf(log);
    assert.equal(result?.properties.host, '198.18.0.9');
    assert.deepEqual(result?.partialFingerprints, { 'dhtEndpoint/v1': 'udp/198.18.0.9:51413', 'dhtHostEndpoint/v1': '198.18.0.9/udp/198.18.0.9:51413' });
    assert.match(runReportMarkdown(run), /^\| 198\.18\.0\.9 \| {3}\| answering \| libtorrent \(Rasterbar\) 2\.0\.8 \| 198\.18\.0\.9:51413 \| \*\*Not checked\*\* \| Verification has not probed the hosts yet\. \|$/m);
  });
});
