// The probe and listening-ports panels group what they found by program:
// two DHT nodes answering on five endpoints are two rows, not five cards;
// one process with four suspect sockets is one card. Rendered from checks and
// sweeps shaped exactly as the real checker makes them (test/unit/core/run/fixtures).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from '../../../../src/core/findings/findingsOf';
import type { DhtNodeFinding } from '../../../../src/core/probe/types';
import { checkPortsBody } from '../../../../src/extension/checkPorts/checkPortsHtml';
import { probeResultsBody } from '../../../../src/extension/probe/probeResultsHtml';
import { finding, localCheck, proc, sock, sweep } from '../../core/run/fixtures';

/** vscode.l10n.t's formatting: {0}, {1} replaced, nothing else touched. */
const t = (message: string, ...args: (string | number | boolean)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const OTHER_NODE = 'ffeeddccbbaa99887766554433221100ffeeddcc';
const reply = (address: string, port: number, nodeIdHex?: string): DhtNodeFinding => ({ ...finding(address, port), ...(nodeIdHex === undefined ? {} : { nodeIdHex }) });

/** Every match of `pattern`'s first group in `html`. */
const all = (html: string, pattern: RegExp): string[] => [...html.matchAll(new RegExp(pattern.source, 'g'))].map((m) => m[1] ?? m[0]);
/** The HTML of each element that opens with `open` up to its closing `close`. */
const blocks = (html: string, open: string, close: string): string[] => html.split(open).slice(1).map((b) => b.slice(0, b.indexOf(close)));

describe('probe results, grouped by program then host', () => {
  // Two programs on this machine: one on three addresses of port 6881, one on two of 51413.
  const summary = sweep([
    reply('127.0.0.1', 6881), reply('198.18.0.2', 6881), reply('::1', 6881),
    reply('127.0.0.1', 51413, OTHER_NODE), reply('198.18.0.2', 51413, OTHER_NODE),
  ], { endpointsProbed: 30 });
  const html = probeResultsBody({ description: 'this machine (3 addresses) on ports 6881-6889,51413', thisMachine: true, hostname: 'web-07' }, summary, t);

  it('says two programs on five endpoints, not five DHT nodes', () => {
    assert.match(html, /2 DHT nodes \(programs\) found, answering on 5 endpoints, among 30 endpoints probed\./);
    assert.doesNotMatch(html, /5 DHT nodes/);
    assert.match(html, /data-programs="2" data-endpoints="5"/);
  });

  it('gives two rows, with all five endpoints in them, under one host', () => {
    const rows = blocks(html, '<tr class="program"', '</tr>');
    assert.equal(rows.length, 2);
    const endpointsPerRow = rows.map((row) => all(row, /<li class="endpoint" data-endpoint="([^"]+)"/));
    assert.deepEqual(endpointsPerRow.map((e) => e.length).sort(), [2, 3]);
    assert.deepEqual(endpointsPerRow.flat().sort(), ['127.0.0.1:51413', '127.0.0.1:6881', '198.18.0.2:51413', '198.18.0.2:6881', '[::1]:6881']);
    assert.equal(all(html, /<section class="host" data-host="([^"]+)"/).join(), 'web-07');
    assert.match(html, /This machine \(web-07\) <span class="muted">2 programs on 5 endpoints<\/span>/);
  });

  it('names each row by its client and node id, with the evidence of every endpoint', () => {
    const rows = blocks(html, '<tr class="program"', '</tr>');
    const other = rows.find((r) => r.includes(OTHER_NODE))!;
    assert.match(other, /libtorrent \(Rasterbar\) 2\.0\.8/);
    assert.match(other, /Evidence for 2 endpoints \(packets in hex\)/);
    assert.equal(all(other, /<div class="evidence" data-endpoint="([^"]+)"/).length, 2);
  });

  it('files another host\'s nodes under that host, by address and node id', () => {
    const remote = probeResultsBody({ description: '192.0.2.7 192.0.2.9', thisMachine: false, hostname: 'web-07' },
      sweep([reply('192.0.2.9', 6881), reply('192.0.2.7', 6881), reply('192.0.2.7', 6882), reply('192.0.2.7', 51413, OTHER_NODE)]), t);
    assert.deepEqual(all(remote, /<section class="host" data-host="([^"]+)"/), ['192.0.2.7', '192.0.2.9']);
    const first = blocks(remote, '<section class="host" data-host="192.0.2.7"', '</section>')[0]!;
    assert.equal(all(first, /<tr class="program"/).length, 2);
    assert.match(first, /Host 192\.0\.2\.7 <span class="muted">2 programs on 3 endpoints/);
    assert.match(remote, /3 DHT nodes \(programs\) found, answering on 4 endpoints/);
  });

  it('says clean with an icon and words when nothing answered, and escapes what came from the network', () => {
    const clean = probeResultsBody({ description: '192.0.2.7', thisMachine: false, hostname: 'h' }, sweep([], { endpointsProbed: 10 }), t);
    assert.match(clean, /data-status="clean"/);
    assert.match(clean, /<svg class="icon icon-clean"[^>]*aria-hidden="true"/);
    assert.match(clean, /No DHT node found among 10 endpoints\./);
    assert.doesNotMatch(clean, /<tr class="program"/);
    const hostile = { ...reply('192.0.2.7', 6881), client: { code: '<i', rawHex: '3c690000', name: '<img src=x onerror=alert(1)>' } };
    const escaped = probeResultsBody({ description: '<b>', thisMachine: false, hostname: 'h' }, sweep([hostile]), t);
    assert.doesNotMatch(escaped, /<img|<b>/);
    assert.match(escaped, /&#60;img src=x onerror=alert\(1\)&#62;/);
  });
});

describe('listening ports, one card per process', () => {
  const QBT = proc(812, 'qbittorrent-nox', { commandLine: '/usr/bin/qbittorrent-nox --profile=/srv' });
  const SSH = proc(611, 'sshd');
  const sockets = [
    sock('tcp', '0.0.0.0', 22, SSH), sock('tcp', '::', 22, SSH),
    sock('udp', '0.0.0.0', 6881, QBT), sock('udp', '::', 6881, QBT), sock('tcp', '0.0.0.0', 6881, QBT), sock('tcp', '::', 6881, QBT),
  ];

  it('shows one suspect process with four sockets as one card with four sockets', () => {
    const check = localCheck(sockets, []);
    assert.equal(check.counts.suspects, 4, 'the checker flags each of the four sockets');
    const html = checkPortsBody(check, t);
    const cards = blocks(html, '<section class="card', '</section>');
    assert.equal(cards.length, 1);
    assert.match(cards[0]!, /data-pid="812" data-socket-count="4"/);
    assert.deepEqual(all(cards[0]!, /data-socket="([^"]+)"/).sort(), ['tcp/0.0.0.0:6881', 'tcp/[::]:6881', 'udp/0.0.0.0:6881', 'udp/[::]:6881']);
    assert.match(cards[0]!, /<span class="status status-suspect"><svg[^>]*>.*<\/svg><span class="status-text">Suspect<\/span>/);
    assert.match(cards[0]!, /Package<\/dt><dd>qbittorrent-nox \(dpkg\)<\/dd><dt>Service<\/dt><dd>qbittorrent-nox@svc\.service/);
    assert.match(cards[0]!, /\(probed: no DHT reply\)/);
    assert.match(html, /no confirmed DHT node · 1 suspect program on 4 sockets · among 6 listening sockets/);
    // The same reason on four sockets is said once.
    const reasons = all(cards[0]!, /<li>([^<]+)<\/li>/);
    assert.equal(new Set(reasons).size, reasons.length);
  });

  it('shows a confirmed process once, with the finding id the run panel uses and where it answered', () => {
    const check = localCheck(sockets, [reply('198.18.0.2', 6881), reply('127.0.0.1', 6881)]);
    const html = checkPortsBody(check, t);
    const cards = blocks(html, '<section class="card', '</section>');
    assert.equal(cards.length, 1);
    const id = findingsOf({ checks: [check], probes: [] })[0]!.id;
    assert.match(cards[0]!, new RegExp(`^ card-found" data-key="${id}" data-pid="812" data-socket-count="4"`));
    assert.match(cards[0]!, /Confirmed DHT node/);
    assert.match(cards[0]!, /Node id<\/dt><dd>a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/);
    assert.match(cards[0]!, /<li class="endpoint confirmed" data-socket="udp\/0\.0\.0\.0:6881">.*answered at 127\.0\.0\.1:6881, 198\.18\.0\.2:6881/);
    assert.match(html, /1 confirmed DHT node \(program\) on 4 sockets · no other suspect · among 6 listening sockets/);
    assert.match(html, /<main id="check-ports" class="results" data-status="found" data-confirmed="1" data-suspects="0">/);
  });

  it('lists everything else one row per process, under a themed filter box', () => {
    const html = checkPortsBody(localCheck(sockets, []), t);
    const rows = blocks(html, '<tr data-key=', '</tr>');
    assert.equal(rows.length, 1, 'sshd on two sockets is one row');
    assert.match(rows[0]!, /sshd.*pid 611, user root.*tcp\/0\.0\.0\.0:22.*tcp\/\[::\]:22/);
    assert.match(html, /Everything else listening \(1 process on 2 sockets\)/);
    assert.match(html, /<input id="filter" type="search"/);
  });

  it('escapes process names and command lines', () => {
    const evil = proc(999, '<img src=x>', { commandLine: '"><script>alert(1)</script>' });
    const html = checkPortsBody(localCheck([sock('udp', '0.0.0.0', 6881, evil), sock('tcp', '0.0.0.0', 9000, evil)], []), t);
    assert.doesNotMatch(html, /<img|<script/);
  });

  it('says clean when nothing is suspect', () => {
    const html = checkPortsBody(localCheck(sockets.slice(0, 2), []), t);
    assert.match(html, /data-status="clean"/);
    assert.match(html, /No DHT node and no BitTorrent suspect among 2 listening sockets\./);
  });
});
