// The run panel's per-finding sections, rendered from the bundled runbook and
// two findings: each finding has its own section, its own commands filled
// from its own facts, its own buttons; a command that cannot run says why and
// its button is disabled; only this machine's commands are offered.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../src/core/findings/types';
import type { ProgramFacts } from '../../../src/core/programs/types';
import { planCommand, type CommandContext } from '../../../src/core/remediation/commandPlan';
import type { ActionResult, FindingStepRecord, StepStatus } from '../../../src/core/run/types';
import { parseRunbook } from '../../../src/core/runbook/parseRunbook';
import type { CommandOs, Step } from '../../../src/core/runbook/model';
import { conditionText, findingItemHtml, itemBody, itemElementId, type ItemView } from '../../../src/extension/run/workItemHtml';

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const stepOf = (id: string): Step => runbook.phases.flatMap((p) => p.steps).find((s) => s.id === id)!;

/** vscode.l10n.t's formatting: {0}, {1} replaced, nothing else touched. */
const t = (message: string, ...args: (string | number | boolean)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

function viewFor(os: CommandOs, context: Partial<CommandContext> = {}, disabled?: string): ItemView {
  const full: CommandContext = { os, shell: os === 'windows' ? 'powershell' : 'posix', isRoot: true, hasSudo: false, ...context };
  return {
    t, os, plan: (action, finding) => planCommand(action, finding, full),
    resultCard: (r: ActionResult) => `<div class="result" data-kind="${r.kind}" data-action-id="${r.actionId ?? ''}"></div>`,
    statusLabel: (s: StepStatus) => s,
    ...(disabled === undefined ? {} : { actionsDisabledBecause: disabled }),
  };
}

function local(pid: number, name: string, program: Partial<ProgramFacts> & Pick<ProgramFacts, 'install'>, endpoints: string[]): Finding {
  return {
    id: `local-${pid}-77`, where: 'this-machine', host: 'web-07', basis: 'krpc-reply', title: name, pid, processName: name, client: 'libtorrent (Rasterbar) 2.0.8',
    endpoints: endpoints.map((label) => ({ label, protocol: 'udp' as const, confirmed: true })), dhtEndpoints: [],
    program: { process: { pid, startTicks: '77' }, service: { manager: 'none', reason: 'started by hand, not by a service manager' }, ...program },
  };
}

const transmission = local(700, 'transmission-da', {
  program: { path: '/usr/bin/transmission-daemon', foundBy: 'the executable' },
  install: { kind: 'deb', manager: 'apt', package: 'transmission-daemon' },
  service: { manager: 'systemd', scope: 'system', unit: 'transmission-daemon.service' },
}, ['udp/198.18.0.2:51413', 'tcp/0.0.0.0:51413']);
const deluge = local(900, 'deluged', {
  program: { path: '/usr/bin/deluged', foundBy: 'argv[1] of python3.11', runtime: { kind: 'python', executable: '/usr/bin/python3.11' } },
  install: { kind: 'deb', manager: 'apt', package: 'deluged', refusal: { reason: 'deluged is essential here (test)', dependentCount: 2, dependents: ['deluge-web', 'deluge-console'] } },
}, ['udp/198.18.0.2:6884']);

const pending: FindingStepRecord = { status: 'pending', results: [] };

function section(html: string, findingId: string): string {
  const start = html.indexOf(`data-finding="${findingId}"`);
  assert.ok(start >= 0, `no section for ${findingId}`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('a per-finding step in the run panel', () => {
  const view = viewFor('linux');
  const render = (stepId: string, record = pending, status: StepStatus = 'pending') =>
    [transmission, deluge].map((finding) => findingItemHtml(view, { step: stepOf(stepId), finding, status, record })).join('\n');

  it('gives each finding its own section, with its facts, its own decision buttons and its own commands', () => {
    const html = render('uninstall-package');
    const t1 = section(html, transmission.id);
    const d1 = section(html, deluge.id);
    assert.match(t1, /pid 700/);
    assert.match(t1, /transmission-daemon\.service/);
    assert.match(t1, /udp\/198\.18\.0\.2:51413.*tcp\/0\.0\.0\.0:51413/s);
    assert.match(t1, /<pre class="command-text">apt-get remove transmission-daemon<\/pre>/);
    assert.doesNotMatch(t1, /deluged/);
    assert.match(d1, /program \/usr\/bin\/deluged, run by \/usr\/bin\/python3\.11/);
    assert.match(d1, /removing package deluged is refused: deluged is essential here \(test\) \(2 installed packages depend on it: deluge-web, deluge-console\)/);
    assert.doesNotMatch(d1, /transmission/);
    const decisions = render('policy-decision');
    for (const finding of [transmission, deluge]) {
      const buttons = section(decisions, finding.id).match(/data-command="answerDecision"[^>]*/g) ?? [];
      assert.equal(buttons.length, 2, 'permitted and not permitted');
      assert.ok(buttons.every((b) => b.includes(`data-finding="${finding.id}"`)), buttons.join('\n'));
    }
    assert.equal(itemElementId('stop-process', transmission.id), 'item-stop-process-local-700-77');
  });

  it('disables a command whose value is refused, with the reason on the button and in visible text', () => {
    const d1 = section(render('uninstall-package'), deluge.id);
    const runButton = /<button[^>]*data-command="runCommand"[^>]*>/.exec(d1)?.[0] ?? '';
    assert.match(runButton, / disabled /);
    assert.match(runButton, /title="Cannot run: \{\{package\}\} has no value: deluged is essential here \(test\)\. They include deluge-web, deluge-console\."/);
    assert.match(d1, /<ul class="warning command-problems"><li>\{\{package\}\} has no value: deluged is essential here \(test\)\. They include deluge-web, deluge-console\.<\/li><\/ul>/);
    // And the ready one is live.
    const t1 = section(render('uninstall-package'), transmission.id);
    assert.doesNotMatch(/<button[^>]*data-command="runCommand"[^>]*>/.exec(t1)?.[0] ?? 'missing', /disabled/);
  });

  it('offers only this machine\'s commands that apply to the finding; the rest wait under <details>', () => {
    const t1 = section(render('uninstall-package'), transmission.id);
    const offeredPart = t1.slice(0, t1.indexOf('<details'));
    assert.equal((offeredPart.match(/data-command="runCommand"/g) ?? []).length, 1, 'one uninstall command: apt');
    assert.doesNotMatch(offeredPart, /dnf|zypper|winget|brew|Remove-Item|snap remove/);
    const details = t1.slice(t1.indexOf('<details class="other-commands">'));
    assert.match(details, /Commands for other systems or installs/);
    assert.match(details, /dnf remove/);
    assert.match(details, /data-os="windows"/);
    // On macOS the same finding is offered macOS commands only.
    const mac = findingItemHtml(viewFor('macos', { isRoot: false, hasSudo: true }), { step: stepOf('stop-process'), finding: transmission, status: 'pending', record: pending });
    assert.match(mac, /<pre class="command-text">sudo kill 700<\/pre>/);
    assert.doesNotMatch(mac.slice(0, mac.indexOf('<details')), /Stop-Process/);
  });

  it('shows each command\'s own result by action id, and no live button on a finished item', () => {
    const [stop, disable] = stepOf('stop-service').actions;
    const results: ActionResult[] = [
      { kind: 'command', at: '2025-01-01T00:00:00Z', platform: 'linux', commandLine: 'systemctl stop x', terminalName: 't', by: 'me', exitCode: 0, output: '', reportedBy: 'shell-integration', actionId: stop!.id },
      { kind: 'command', at: '2025-01-01T00:00:01Z', platform: 'linux', commandLine: 'systemctl disable x', terminalName: 't', by: 'me', exitCode: 1, output: 'no', reportedBy: 'shell-integration', actionId: disable!.id },
    ];
    const html = findingItemHtml(view, { step: stepOf('stop-service'), finding: transmission, status: 'failed', record: { status: 'failed', results } });
    assert.match(html, new RegExp(`data-action="${stop!.id}"[^]*?data-action-id="${stop!.id}"`));
    assert.match(html, new RegExp(`data-action="${disable!.id}"[^]*?data-action-id="${disable!.id}"`));
    assert.equal((html.match(/data-kind="command" data-action-id/g) ?? []).length, 2, 'each result once');
    assert.doesNotMatch(html, /data-command="(runCommand|skipStep)"/);
  });

  it('says that a remote node is remediated on its own host, and offers no command here', () => {
    const remote: Finding = { id: 'remote-198.18.0.9-abcd', where: 'remote', host: '198.18.0.9', basis: 'krpc-reply', title: 'libtorrent on 198.18.0.9', endpoints: [{ label: '198.18.0.9:6881', protocol: 'udp', confirmed: true }], dhtEndpoints: ['198.18.0.9:6881'] };
    const html = findingItemHtml(view, { step: stepOf('stop-process'), finding: remote, status: 'pending', record: pending });
    assert.match(html, /This node runs on 198\.18\.0\.9: remediation happens on that host/);
    assert.doesNotMatch(html, /data-command="runCommand"/);
  });

  it('turns every button off, with the reason, when the run\'s actions are off', () => {
    const html = itemBody(viewFor('linux', {}, 'Restricted Mode'), { step: stepOf('list-sockets'), status: 'pending', record: { status: 'pending', results: [] } });
    assert.match(html, /data-command="runAction"[^>]* disabled title="Restricted Mode"/);
  });
});

/** Every <button …> tag of a piece of HTML. */
const buttons = (html: string) => html.match(/<button[^>]*>/g) ?? [];
const live = (html: string) => buttons(html).filter((b) => !/ disabled /.test(b) && !/data-command="editNote"/.test(b));

describe('one clear next move, and no live button where nothing is left to do', () => {
  const view = viewFor('linux');
  const decision = stepOf('policy-decision');
  const answer = (a: string): ActionResult => ({ kind: 'decision', at: '2025-01-01T00:00:00Z', question: 'q', answer: a, justification: 'j', by: 'me', actionId: decision.actions[0]!.id });

  it('makes the next item\'s first open action the one primary button; every other button is secondary', () => {
    const next = findingItemHtml(view, { step: stepOf('stop-process'), finding: transmission, status: 'pending', record: pending, next: true });
    const run = buttons(next).filter((b) => b.includes('data-command="runCommand"'));
    assert.equal(run.length, 1);
    assert.match(run[0]!, /class="primary"/);
    assert.equal(buttons(next).filter((b) => b.includes('class="primary')).length, 1, 'exactly one primary');
    assert.match(next, /<span class="next-marker">Next<\/span>/);
    const notNext = findingItemHtml(view, { step: stepOf('stop-process'), finding: transmission, status: 'pending', record: pending });
    assert.equal(buttons(notNext).filter((b) => b.includes('class="primary')).length, 0, 'not the next move: nothing primary');
    assert.doesNotMatch(notNext, /next-marker/);
    // A command that cannot run is never the primary button.
    const refused = findingItemHtml(view, { step: stepOf('uninstall-package'), finding: deluge, status: 'pending', record: pending, next: true });
    assert.equal(buttons(refused).filter((b) => b.includes('class="primary')).length, 0);
    // Nor is any answer of a decision: no answer is pushed on the person.
    const decide = findingItemHtml(view, { step: decision, finding: transmission, status: 'pending', record: pending, next: true });
    assert.equal(buttons(decide).filter((b) => b.includes('class="primary')).length, 0);
  });

  it('leaves no live button on a passed, failed or skipped item, and none clickable while it runs', () => {
    const confirm = stepOf('inform-users');
    const confirmed: ActionResult = { kind: 'confirm', at: '2025-01-01T00:00:00Z', statement: 's', by: 'me', actionId: confirm.actions[0]!.id };
    const passed = findingItemHtml(view, { step: confirm, finding: transmission, status: 'passed', record: { status: 'passed', results: [confirmed] } });
    assert.deepEqual(live(passed), [], 'a confirmed step keeps no Confirm and no Skip');
    const skipped = findingItemHtml(view, { step: stepOf('stop-process'), finding: transmission, status: 'skipped', record: { status: 'skipped', results: [], skipReason: 'r' } });
    assert.deepEqual(live(skipped), []);
    assert.match(skipped, /Skipped: r/);
    const failed = itemBody(view, { step: stepOf('list-sockets'), status: 'failed', record: { status: 'failed', results: [{ kind: 'error', at: '2025-01-01T00:00:00Z', action: 'check-listening-ports', message: 'ss failed' }] } });
    assert.deepEqual(live(failed), [], 'an automatic step that ended offers no per-step button (the phase button re-runs it)');
    const running = findingItemHtml(view, { step: stepOf('stop-process'), finding: transmission, status: 'running', record: pending, next: true });
    assert.ok(buttons(running).length > 0, 'its buttons stay in place…');
    assert.ok(buttons(running).every((b) => / disabled title="Running now\."/.test(b)), buttons(running).join('\n'));
    assert.equal(buttons(running).filter((b) => b.includes('class="primary')).length, 0);
  });

  it('keeps the actions not yet run of an item that needs attention, and only those', () => {
    const [stop, disable] = stepOf('stop-service').actions;
    const ran: ActionResult = { kind: 'command', at: '2025-01-01T00:00:00Z', platform: 'linux', commandLine: 'systemctl stop x', terminalName: 't', by: 'me', reportedBy: 'shell-integration', actionId: stop!.id };
    const html = findingItemHtml(view, { step: stepOf('stop-service'), finding: transmission, status: 'attention', record: { status: 'attention', results: [ran] } });
    const run = live(html).filter((b) => b.includes('data-command="runCommand"'));
    assert.ok(run.length >= 1);
    assert.ok(run.every((b) => !b.includes(`data-action="${stop!.id}"`)), 'the command that ran has no button');
    assert.ok(run.some((b) => b.includes(`data-action="${disable!.id}"`)));
  });

  it('marks the chosen answer pressed, the others not, and none clickable once answered', () => {
    const waiting = findingItemHtml(view, { step: decision, finding: transmission, status: 'pending', record: pending });
    const open = buttons(waiting).filter((b) => b.includes('answerDecision'));
    assert.equal(open.length, 2);
    assert.ok(open.every((b) => b.includes('aria-pressed="false"') && !/ disabled /.test(b)), open.join('\n'));
    const answered = findingItemHtml(view, { step: decision, finding: transmission, status: 'passed', record: { status: 'passed', results: [answer('not permitted')] } });
    const shown = buttons(answered).filter((b) => b.includes('answerDecision'));
    assert.equal(shown.length, 2, 'both answers still show, so the choice reads in context');
    const chosen = shown.filter((b) => b.includes('aria-pressed="true"'));
    assert.equal(chosen.length, 1);
    assert.match(chosen[0]!, /data-answer="not permitted"/);
    assert.match(chosen[0]!, /class="secondary chosen"/);
    assert.ok(shown.every((b) => / disabled title="Answered: not permitted"/.test(b)));
    assert.match(shown.find((b) => b.includes('data-answer="permitted"'))!, /aria-pressed="false"/);
  });

  it('gives each status its own badge, with an icon and the word', () => {
    for (const status of ['pending', 'running', 'passed', 'failed', 'skipped', 'attention'] as const) {
      const html = findingItemHtml(view, { step: stepOf('stop-process'), finding: transmission, status, record: { status, results: [] } });
      assert.match(html, new RegExp(`<span class="badge badge-${status}" data-status="${status}"><svg class="status-icon icon-${status}"[^>]*aria-hidden="true"[^>]*>.*?</svg><span class="badge-text">${status}</span></span>`));
    }
  });

  it('names the decision by its title in a condition, never by its id', () => {
    const titleOf = (id: string) => runbook.phases.flatMap((p) => p.steps).find((s) => s.id === id)?.title;
    const text = conditionText(stepOf('record-exception'), titleOf, t);
    assert.equal(text, 'Applies when the answer to "Decide whether the client is allowed" is "permitted".');
    assert.doesNotMatch(text!, /policy-decision/);
    assert.equal(conditionText(stepOf('list-sockets'), titleOf, t), undefined);
  });
});
