import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import type { Action, ActionKind, PhaseId, Runbook } from '../../../../src/core/runbook/model';
import { parseRunbook, runbookMarkdownBody } from '../../../../src/core/runbook/parseRunbook';
import { describeDiagnostics } from './runbookText';

const source = readFileSync(resolve('runbooks/bittorrent-mainline-dht.md'), 'utf8');

function bundled(): Runbook {
  const { runbook, diagnostics } = parseRunbook(source);
  assert.equal(diagnostics.length, 0, describeDiagnostics(diagnostics));
  assert.ok(runbook);
  return runbook;
}

function actionsOf(runbook: Runbook, phase: PhaseId): Action[] {
  return runbook.phases.find((p) => p.id === phase)?.steps.flatMap((s) => s.actions) ?? [];
}

function kindsOf(actions: readonly Action[]): Set<ActionKind> {
  return new Set(actions.map((a) => a.kind));
}

describe('the bundled runbook', () => {
  it('parses with no diagnostics at all', () => {
    bundled();
  });

  it('names the finding and cites the right Tenable plugins (50677, companion 50676, never 10394)', () => {
    const runbook = bundled();
    assert.equal(runbook.id, 'bittorrent-mainline-dht');
    assert.match(runbook.title, /BitTorrent Mainline DHT Detection/);
    assert.equal(runbook.finding.name, 'BitTorrent Mainline DHT Detection');
    assert.deepEqual(runbook.finding.scanners, [
      { scanner: 'Tenable Nessus', pluginId: '50677', name: 'BitTorrent Mainline DHT Detection', family: 'Peer-To-Peer File Sharing', role: 'primary' },
      { scanner: 'Tenable Nessus', pluginId: '50676', name: 'BitTorrent / uTorrent Detection', family: 'Peer-To-Peer File Sharing', role: 'companion' },
    ]);
    assert.ok(runbook.version !== undefined && runbook.severity !== undefined);
  });

  it('has the three phases in order, each with steps', () => {
    const runbook = bundled();
    assert.deepEqual(runbook.phases.map((p) => p.id), ['detection', 'remediation', 'verification']);
    for (const phase of runbook.phases) assert.ok(phase.steps.length > 0, phase.id);
  });

  it('detects with the socket listing and the DHT probe, on this machine and on the run\'s targets', () => {
    const actions = actionsOf(bundled(), 'detection');
    assert.deepEqual(kindsOf(actions), new Set(['check-listening-ports', 'probe-dht']));
    const probes = actions.filter((a) => a.kind === 'probe-dht');
    assert.deepEqual(probes.map((p) => p.targets.kind).sort(), ['run-targets', 'this-machine']);
    assert.ok(actions.some((a) => a.kind === 'check-listening-ports' && a.allUdp));
  });

  it('remediates per finding: its own decision, and commands for every OS, every service kind and every install kind', () => {
    const runbook = bundled();
    const remediation = runbook.phases.find((p) => p.id === 'remediation')!;
    const actions = actionsOf(runbook, 'remediation');
    assert.deepEqual(kindsOf(actions), new Set(['decision', 'command', 'confirm']));
    const decision = actions.find((a) => a.kind === 'decision');
    assert.ok(decision?.kind === 'decision');
    assert.deepEqual(decision.answers, ['permitted', 'not permitted']);
    assert.equal(decision.justification, 'required');
    for (const id of ['policy-decision', 'stop-process', 'stop-service', 'uninstall-package']) {
      assert.equal(remediation.steps.find((s) => s.id === id)?.forEach, 'finding', `${id} repeats for each finding`);
    }
    const commands = actions.filter((a) => a.kind === 'command');
    for (const os of ['linux', 'macos', 'windows'] as const) {
      assert.ok(commands.some((c) => c.commands[os]?.includes('{{process.pid}}')), `no ${os} command stops the process`);
    }
    const applies = (fact: string) => new Set(commands.flatMap((c) => (c.applies?.fact === fact ? c.applies.values : [])));
    assert.deepEqual(applies('service'), new Set(['system', 'user', 'launchd', 'windows-service']));
    for (const manager of ['apt', 'dnf', 'yum', 'zypper', 'snap', 'flatpak', 'pip', 'npm', 'brew', 'winget']) assert.ok(applies('manager').has(manager), manager);
    assert.deepEqual(applies('install'), new Set(['appimage', 'user-copy', 'opt', 'unpackaged']));
  });

  it('runs every removal step only once the client is found not permitted', () => {
    const remediation = bundled().phases.find((p) => p.id === 'remediation');
    assert.ok(remediation);
    const decisionStep = remediation.steps.find((s) => s.actions.some((a) => a.kind === 'decision'));
    assert.ok(decisionStep);
    for (const step of remediation.steps.filter((s) => s.actions.some((a) => a.kind === 'command'))) {
      assert.deepEqual({ step: step.condition?.decisionStep, answer: step.condition?.answer }, { step: decisionStep.id, answer: 'not permitted' }, step.id);
    }
  });

  it('verifies with the same checks again and a comparison with the baseline', () => {
    const runbook = bundled();
    const verification = actionsOf(runbook, 'verification');
    assert.deepEqual(kindsOf(verification), new Set(['check-listening-ports', 'probe-dht', 'compare-baseline', 'confirm']));
    const compare = verification.find((a) => a.kind === 'compare-baseline');
    assert.ok(compare?.kind === 'compare-baseline');
    assert.deepEqual(compare.gone, ['dht-nodes', 'suspect-sockets']);
    assert.deepEqual(compare.kept, ['other-listeners']);
    const targets = (actions: Action[]) => actions.flatMap((a) => (a.kind === 'probe-dht' ? [a.targets.kind] : [])).sort();
    assert.deepEqual(targets(verification), targets(actionsOf(runbook, 'detection')));
  });

  it('keeps the informational sections outside the phases', () => {
    const titles = bundled().sections.map((s) => s.title);
    for (const expected of ['What the finding means', 'Prevention', 'Risks and rollback', 'References']) assert.ok(titles.includes(expected), expected);
  });

  it('gives every step and action a unique id', () => {
    const runbook = bundled();
    const steps = runbook.phases.flatMap((p) => p.steps);
    assert.equal(new Set(steps.map((s) => s.id)).size, steps.length);
    const actions = steps.flatMap((s) => s.actions);
    assert.equal(new Set(actions.map((a) => a.id)).size, actions.length);
  });

  it('keeps the Markdown a plain viewer needs: one H1 naming the finding, a Detection H2, inline code', () => {
    const tokens = new MarkdownIt({ html: false }).parse(runbookMarkdownBody(source), {});
    const headings = (tag: string) => tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === tag ? [tokens[i + 1]?.content ?? ''] : []));
    assert.deepEqual(headings('h1'), ['BitTorrent Mainline DHT Detection']);
    assert.ok(headings('h2').some((h) => /Detection/.test(h)));
    assert.ok(tokens.some((t) => t.children?.some((c) => c.type === 'code_inline')));
  });

  it('cites the BEPs it relies on', () => {
    for (const bep of ['bep_0005', 'bep_0042', 'bep_0043', 'bep_0032', 'bep_0051']) {
      assert.ok(source.includes(`https://www.bittorrent.org/beps/${bep}.html`), bep);
    }
  });
});
