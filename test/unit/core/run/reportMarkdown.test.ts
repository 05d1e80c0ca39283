import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { mdText } from '../../../../src/core/run/markdownText';
import { runReportMarkdown } from '../../../../src/core/run/reportMarkdown';
import { addResult, finishStep, setNote, startStep, stepKey } from '../../../../src/core/run/runState';
import { runFindings } from '../../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../../src/core/run/types';
import { at, localCheck, NGINX, proc, sock, SSHD, walkedRun } from './fixtures';

// html: true on purpose: the escaping must hold even where raw HTML would render.
const markdown = new MarkdownIt({ html: true, linkify: true });

/** The report's visible text, as a reader of the rendered page sees it. */
function visibleText(html: string): string {
  return html.replace(/<\/?(code|strong|em)>/g, '').replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** Every table row must have as many cells as its header: nothing escaped a cell. */
function assertTablesIntact(html: string): void {
  for (const table of html.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
    const headers = (table.match(/<th[ >]/g) ?? []).length;
    for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g)?.slice(1) ?? []) {
      assert.equal((row.match(/<td[ >]/g) ?? []).length, headers, `row with a wrong number of cells: ${row}`);
    }
  }
}

describe('the Markdown report', () => {
  const report = runReportMarkdown(walkedRun());
  const html = markdown.render(report);
  const text = visibleText(html);

  it('has the header an auditor asks for', () => {
    assert.match(report, /^# Run report: BitTorrent Mainline DHT Detection\n/);
    for (const fact of [
      'Verdict Remediated',
      'BitTorrent Mainline DHT Detection (bittorrent-mainline-dht), version 1.2.0',
      'bundled: runbooks/bittorrent-mainline-dht.md',
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'hosts 198.18.0.0/24',
      'alice on admin-laptop',
      `Started ${at(0)}`,
      `Ended ${at(25)}`,
      '20250131T090000Z-3f9a2c, revision 18, made in the editor',
    ]) assert.ok(text.includes(fact), `missing: ${fact}`);
  });

  it('gives the verdict with its reason', () => {
    assert.ok(text.includes('Remediated. 2 DHT endpoints confirmed at detection no longer answer, none is new, and all 2 other services still listen.'));
  });

  it('walks the phases and steps with status, times, decision, justification and notes', () => {
    const headings = [...html.matchAll(/<h([23])>(.*?)<\/h\1>/g)].map((m) => m[2]);
    assert.deepEqual(headings.slice(0, 13), [
      'Verdict', 'Hosts', 'Findings', 'Detection', '1. List listening sockets and their owners (<code>list-sockets</code>)', '2. Probe the hosts named in the scan (<code>probe-run-targets</code>)',
      'Remediation', '3. Decide whether the client is allowed (<code>policy-decision</code>)', '4. Stop and disable its service (<code>stop-service</code>)',
      'Verification', '5. List listening sockets again (<code>relist-sockets</code>)', "6. Probe the run's targets again (<code>reprobe-run-targets</code>)",
      '7. Compare with the baseline (<code>compare-baseline</code>)',
    ]);
    for (const fact of [
      'Status: attention', `Started: ${at(1)}`, `Ended: ${at(2)}`,
      'Found during the weekly scan.', 'Ticket SEC-1234.',
      "Decision at 2025-01-31T09:06:00.000Z by alice: Is this client permitted by your organisation's policy? not permitted",
      'Policy IT-7 forbids file sharing on servers.',
      'sudo systemctl disable --now qbittorrent-nox@svc.service', 'exit code 0:',
    ]) assert.ok(text.includes(fact), `missing: ${fact}`);
  });

  it('summarises confirmed DHT nodes with client, version and node id, and the suspects', () => {
    assert.ok(text.includes('udp/0.0.0.0:6881 qbittorrent-nox (pid 812, user svc) 198.18.0.2:6881 libtorrent (Rasterbar) 2.0.8 (v=4c540208) a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'));
    assert.ok(text.includes('198.18.0.9:51413 libtorrent (Rasterbar) 2.0.8'));
    assert.ok(text.includes('tcp/0.0.0.0:6881 qbittorrent-nox (pid 812, user svc) high'));
    assert.ok(text.includes('package qbittorrent-nox (dpkg); service qbittorrent-nox@svc.service (systemd)'));
  });

  it('puts the baseline side by side: before | now', () => {
    assert.match(report, /\| Endpoint or socket \| Before \(detection\) \| Now \(verification\) \|/);
    for (const row of [
      'DHT node 198.18.0.2:6881 (libtorrent (Rasterbar) 2.0.8) answered gone',
      'DHT node 198.18.0.9:51413 (libtorrent (Rasterbar) 2.0.8) answered gone',
      'Service tcp/0.0.0.0:22 (sshd (pid 611, user root)) listening listening',
      'Suspect tcp/0.0.0.0:6881 (qbittorrent-nox (pid 812, user svc)) listening stopped',
    ]) assert.ok(text.includes(row), `missing row: ${row}`);
    assert.ok(text.includes('Verdict of this comparison: remediated. 2 DHT endpoints confirmed at detection no longer answer'));
    assertTablesIntact(html);
  });

  it('keeps the raw evidence in an appendix: command output, packets in hex with source, destination and timing', () => {
    assert.match(report, /## Evidence\n/);
    assert.match(report, /### E1: step list-sockets: listing of web-07 at 2025-01-31T09:02:00\.000Z\n\nCommand:\n\n```sh\nss -H -lntup\n```/);
    assert.ok(report.includes('tcp UNCONN 0 0 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=611,fd=7))'));
    assert.ok(text.includes('Query sent to 198.18.0.2:6881 at 2025-01-31T09:01:05.000Z (58 bytes)'));
    assert.ok(text.includes('Reply received from 198.18.0.2:6881 at 2025-01-31T09:01:05.042Z'));
    assert.ok(report.includes('0000  64 31 3a 61 64 32 3a 69 64 32 30 3a 0b 30 55 7a  |d1:ad2:id20:.0Uz|'));
    assert.ok(report.includes('Removed "/etc/systemd/system/multi-user.target.wants/qbittorrent-nox@svc.service".'));
  });
});

describe('escaping untrusted text in the report', () => {
  const hostile = 'x|y</td><img src=x onerror=alert(1)>[click](http://evil.example) **b** `c` \u202Egnp.exe\n# Owned & www.evil.example';
  let record: RunRecord = walkedRun({ processName: hostile, open: true });
  const output = 'normal line\n```\n# Injected heading\n<script>alert(1)</script>\n\u001b[31mred\u001b[0m';
  const check = localCheck([SSHD, NGINX, sock('udp', '0.0.0.0', 7000, proc(66, hostile))], [], { output });
  record = addResult(record, 'relist-sockets', { kind: 'check-listening-ports', at: at(21), result: check }, at(21));
  record = setNote(record, 'stop-service', '- [ ] not a task list\n1. not a list\n> not a quote\n=====', at(22));
  const report = runReportMarkdown(record);
  const html = markdown.render(report);

  it('lets no HTML, hidden link, emphasis or heading through', () => {
    assert.ok(!/<img|<script|<strong>b<\/strong>|<h1>Owned/i.test(html), 'injected markup rendered');
    assert.equal(html.match(/<h1>/g)?.length, 1, 'only the report\'s own title is a level-1 heading');
    for (const [, href, label] of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) {
      assert.ok(href?.includes(label ?? '\u0000'), `a link hides its target: ${label} -> ${href}`);
    }
    assert.ok(!/<ol>|<blockquote>\s*<blockquote>|<h2>Owned|<input/.test(html), 'a note became structure');
    assertTablesIntact(html);
  });

  it('still shows the text as it was, with hidden characters made visible', () => {
    const text = visibleText(html);
    assert.ok(text.includes('x|y</td><img src=x onerror=alert(1)>[click](http://evil.example) **b** `c` <U+202E>gnp.exe # Owned & www.evil.example'));
    assert.ok(!report.includes('\u202E'), 'no bidi override reaches the report');
    assert.ok(report.includes('␛[31mred␛[0m'), 'escape sequences shown as control pictures');
    assert.ok(text.includes('# Injected heading <script>alert(1)</script>'), 'tool output stays inside its fence');
  });

  it('escapes every Markdown special character in inline text', () => {
    assert.equal(mdText('a*b_c`d[e]f<g>h|i&j~k#l\\m@n'), 'a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\|i\\&j\\~k\\#l\\\\m\\@n');
    assert.equal(mdText('see https://x and www.y'), 'see https\\://x and www\\.y');
    assert.ok(markdown.renderInline(mdText(hostile)).includes('&lt;img'), 'escaped < renders as &lt;, never a tag');
    assert.ok(!markdown.renderInline(mdText(hostile)).includes('<img'));
  });

});

describe('the Markdown report of per-finding steps', () => {
  it('groups per-finding steps by finding: each finding with its own status, its command\'s exit code and output', () => {
    let run = walkedRun({ remaining: true, open: true });
    const [local, remote] = [...runFindings(run)].sort((a, b) => a.where.localeCompare(b.where)).reverse();
    assert.ok(local?.where === 'this-machine' && remote?.where === 'remote', JSON.stringify(runFindings(run).map((f) => f.id)));
    const key = stepKey('stop-service', local.id);
    run = startStep(run, key, at(9));
    run = finishStep(run, key, 'failed', at(10), {
      kind: 'command', at: at(10), platform: 'linux', commandLine: 'kill 812', terminalName: 'Runbook: Stop', by: 'alice',
      exitCode: 1, output: 'kill: (812) - Operation not permitted', reportedBy: 'shell-integration', actionId: 'stop-process.1',
    });
    run = finishStep(run, stepKey('stop-service', remote.id), 'passed', at(11), {
      kind: 'command', at: at(11), platform: 'linux', commandLine: 'kill 99', terminalName: 'Runbook: Stop', by: 'alice', reportedBy: 'person', outcome: 'succeeded', actionId: 'stop-process.1',
    });
    const out = runReportMarkdown(run);
    const localPart = out.slice(out.indexOf(`#### ${local.title} (\`${local.id}\`)`));
    assert.ok(localPart.length < out.length, 'a heading for the local finding');
    assert.match(localPart, /^- Status: \*\*failed\*\*$/m);
    assert.match(localPart, /Outcome: exit code 1 \(reported by the terminal's shell integration\), \*\*failed\*\*/);
    assert.match(out, /kill: \(812\) - Operation not permitted/, 'the output is in the appendix');
    const remotePart = out.slice(out.indexOf(`(\`${remote.id}\`)\n`));
    assert.match(remotePart, /alice said it \*\*succeeded\*\* \(their statement: no exit code could be read\)/);
    assert.match(out, /## Findings[^]*remediate on that host/);
    assertTablesIntact(markdown.render(out));
  });
});
