// The run panel's host table, from real fleet records (walked with the real
// transitions and merged with mergeRecords, test/unit/core/fleet/fleetFixtures.ts):
// one row per host with its state and verdict as icon and word, a few hundred
// hosts in one render, hostile names escaped, and the copy message validated
// against the run's own hosts. Also the host's Ansible command and its
// remediation status read from the host's own record.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fleetHostsOf } from '../../../src/core/hosts/fleetHosts';
import { hostsOf } from '../../../src/core/hosts/hostsOf';
import type { HostRow, HostsOverview } from '../../../src/core/hosts/types';
import type { StepStatus } from '../../../src/core/run/types';
import { parseRunbook } from '../../../src/core/runbook/parseRunbook';
import { hostAnsibleCommand } from '../../../src/extension/run/hostAnsibleCommand';
import { hostRemediation, perFindingRemediationSteps } from '../../../src/extension/run/hostRemediation';
import { hostTableHtml, type HostTableView } from '../../../src/extension/run/hostTableHtml';
import { validatePanelMessage } from '../../../src/extension/run/panelMessages';
import { fleetOf, hostRecord, JUSTIFICATION } from '../core/fleet/fleetFixtures';

const t = (message: string, ...args: (string | number | boolean)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;

function view(overview: HostsOverview, record = fleetOf(hostRecord('web-1', 'clean'))): HostTableView {
  const steps = perFindingRemediationSteps(runbook);
  assert.ok(steps.includes('policy-decision'));
  return { t, overview, remediationOf: (row) => hostRemediation(row, steps, record, () => 'pending' as StepStatus) };
}

/** The rows of the table body, each as its attributes and the words a person reads. */
function rows(html: string): { attrs: string; text: string }[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr ([^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({ attrs: m[1]!, text: m[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() }));
}

describe('host table', () => {
  it('shows each fleet host with its state and verdict as icon and word, and its remediation status', () => {
    const record = fleetOf(hostRecord('web-1', 'remediated', { start: 0 }), hostRecord('web-2', 'clean', { start: 1 }), hostRecord('db-1', 'still-exposed', { start: 2 }));
    const overview = hostsOf(record)!;
    const html = hostTableHtml(view(overview, record));
    const found = rows(html);
    assert.equal(found.length, 3);
    const web1 = found.find((r) => r.attrs.includes('data-host="web-1"'))!;
    assert.match(web1.attrs, /data-state="answering"/);
    assert.match(web1.attrs, /data-verdict="remediated"/);
    assert.match(web1.text, /answering/);
    assert.match(web1.text, /remediated/);
    // The decision part of the host's own record is done; the other per-finding steps are not in that record.
    assert.match(web1.text, /1 of \d+ steps done/);
    const web2 = found.find((r) => r.attrs.includes('data-host="web-2"'))!;
    assert.match(web2.text, /silent .*nothing to remediate.*clean/);
    const db1 = found.find((r) => r.attrs.includes('data-host="db-1"'))!;
    assert.match(db1.text, /still exposed/);
    // Icons: the badge of each state and verdict, an svg with its own shape.
    assert.match(html, /<span class="badge badge-attention" data-status="attention"><svg class="status-icon icon-attention"[^>]*>[\s\S]*?<\/svg><span class="badge-text">answering<\/span>/);
    assert.match(html, /badge-failed[^>]*><svg[^>]*>[\s\S]*?<\/svg><span class="badge-text">still exposed<\/span>/);
    assert.match(html, /badge-passed[^>]*><svg[^>]*>[\s\S]*?<\/svg><span class="badge-text">clean<\/span>/);
    // Sort buttons in the headers, each announcing its order.
    for (const key of ['host', 'state', 'verdict']) assert.match(html, new RegExp(`<th scope="col" aria-sort="none" data-sort-key="${key}"><button type="button" class="sort-button" data-sort="${key}">`));
    assert.match(html, /<select id="host-state-filter">.*<option value="answering">answering<\/option>/);
    assert.match(html, /<input type="search" id="host-filter"/);
    assert.match(html, /data-command="copyAnsibleCommand" data-host="db-1"/);
  });

  it('renders 300 hosts in one table, each row once (its speed: npm run bench)', () => {
    const records = Array.from({ length: 300 }, (_, i) => hostRecord(`host-${i}`, i % 3 === 0 ? 'remediated' : i % 3 === 1 ? 'clean' : 'still-exposed', { start: i % 50 }));
    const record = fleetOf(...records);
    const overview = hostsOf(record)!;
    assert.equal(overview.hosts.length, 300);
    const html = hostTableHtml(view(overview, record));
    const found = rows(html);
    assert.equal(found.length, 300);
    assert.equal(new Set(found.map((r) => /data-host="([^"]*)"/.exec(r.attrs)![1])).size, 300);
    assert.equal(found.filter((r) => r.attrs.includes('data-verdict="still-exposed"')).length, 100);
    assert.equal(found.filter((r) => r.attrs.includes('data-state="silent"')).length, 100);
    assert.match(html, /300 of 300 hosts shown/);
  });

  it('escapes a hostile host name, client and finding everywhere', () => {
    const hostile = '"><img src=x onerror=alert(1)>';
    const row: HostRow = {
      address: hostile, name: '<script>alert(2)</script>', state: 'answering', because: '"><b>because</b>', client: '<i>client</i>',
      endpoints: ['<e>:6881'], findingIds: ['f1'], findings: [{ id: 'f1', title: '<u>title</u>' }],
      verification: { verdict: 'still-exposed', because: '\'><svg onload=x>', stillAnswering: [] },
    };
    const html = hostTableHtml(view({ hosts: [row], counts: { answering: 1, silent: 0, unreachable: 0, 'not-probed': 0 } }));
    for (const bad of ['<img', '<script', '<b>', '<i>client', '<e>', '<u>', '<svg onload']) assert.ok(!html.includes(bad), `unescaped ${bad}`);
    assert.match(html, /data-host="&#34;&#62;&#60;img src=x onerror=alert\(1\)&#62;"/);
    assert.match(html, /&#60;script&#62;alert\(2\)&#60;\/script&#62;/);
  });

  it('the copy message must name one of the run\'s hosts, and nothing else', () => {
    const lookup = { findStep: () => undefined, hasFinding: () => false, hasHost: (h: string) => h === 'web-1' };
    assert.deepEqual(validatePanelMessage({ command: 'copyAnsibleCommand', host: 'web-1' }, lookup), { command: 'copyAnsibleCommand', host: 'web-1' });
    assert.equal(validatePanelMessage({ command: 'copyAnsibleCommand', host: 'web-9' }, lookup), 'no host "web-9" in this run');
    assert.equal(validatePanelMessage({ command: 'copyAnsibleCommand' }, lookup), 'copyAnsibleCommand needs a host');
    assert.equal(validatePanelMessage({ command: 'copyAnsibleCommand', host: 'web-1', phase: 'detection' }, lookup), 'copyAnsibleCommand takes only a host');
    assert.equal(validatePanelMessage({ command: 'runPhase', phase: 'detection', host: 'web-1' }, lookup), 'command "runPhase" takes no host');
    // A run without hosts (no hasHost) accepts none.
    assert.equal(validatePanelMessage({ command: 'copyAnsibleCommand', host: 'web-1' }, { findStep: () => undefined, hasFinding: () => false }), 'no host "web-1" in this run');
  });

  it('the host\'s Ansible command carries the decision recorded on that host, or refuses with the problems', () => {
    const record = fleetOf(hostRecord('web-1', 'accepted-risk', { start: 0 }), hostRecord('web-2', 'clean', { start: 1 }));
    const rowsOf = fleetHostsOf(record.fleet!).hosts;
    const web1 = hostAnsibleCommand(record, rowsOf.find((r) => r.address === 'web-1')!, 'ansible/inventory.ini');
    assert.ok(web1.ok);
    assert.equal(web1.command, `ansible-playbook -i ansible/inventory.ini --limit web-1 --extra-vars '{"dht_decision":"permitted","dht_justification":"${JUSTIFICATION}"}' ansible/dht-runbook.yml`);
    const web2 = hostAnsibleCommand(record, rowsOf.find((r) => r.address === 'web-2')!, 'ansible/inventory.ini');
    assert.ok(web2.ok);
    assert.equal(web2.command, 'ansible-playbook -i ansible/inventory.ini --limit web-2 --extra-vars \'{}\' ansible/dht-runbook.yml');
    const refused = hostAnsibleCommand(record, { ...rowsOf[0]!, address: 'web-*' }, 'ansible/inventory.ini');
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.problems.join(' '), /host pattern/);
  });
});
