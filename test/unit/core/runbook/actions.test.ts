// The fields of each action kind, read through whole runbooks so that the
// lines in diagnostics are the lines a runbook author sees.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Action, RunbookDiagnostic } from '../../../../src/core/runbook/model';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';
import { describeDiagnostics, lineOf, threePhases } from './runbookText';

/** Parses a remediation step holding one block with `fields`. */
function block(fields: string): { source: string; action: Action | undefined; diagnostics: RunbookDiagnostic[] } {
  const source = threePhases(`### The step\n\n\`\`\`runbook\n${fields}\n\`\`\``);
  const { runbook, diagnostics } = parseRunbook(source);
  assert.ok(runbook, describeDiagnostics(diagnostics));
  const step = runbook.phases.find((p) => p.id === 'remediation')?.steps[0];
  assert.ok(step);
  assert.ok(step.actions.length <= 1);
  return { source, action: step.actions[0], diagnostics };
}

function valid(fields: string): Action {
  const { action, diagnostics } = block(fields);
  assert.equal(diagnostics.length, 0, describeDiagnostics(diagnostics));
  assert.ok(action);
  const { id, line, ...rest } = action;
  assert.equal(id, 'the-step.1');
  assert.ok(line > 0);
  return rest as Action;
}

/** Expects exactly one diagnostic, on the line containing `at`. */
function oneDiagnostic(fields: string, code: RunbookDiagnostic['code'], at: string, message?: RegExp): Action | undefined {
  const { source, action, diagnostics } = block(fields);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line]), [[code, lineOf(source, at)]], describeDiagnostics(diagnostics));
  if (message !== undefined) assert.match(diagnostics[0]?.message ?? '', message);
  return action;
}

describe('check-listening-ports', () => {
  it('lists listening sockets only, unless all-udp is true', () => {
    assert.deepEqual(valid('action: check-listening-ports'), { kind: 'check-listening-ports', allUdp: false });
    assert.deepEqual(valid('action: check-listening-ports\nall-udp: true\nlabel: List them'), { kind: 'check-listening-ports', allUdp: true, label: 'List them' });
  });

  it('reports a value that is not true or false, and keeps the action with the default', () => {
    const action = oneDiagnostic('action: check-listening-ports\nall-udp: maybe', 'bad-value', 'all-udp: maybe', /true or false/);
    assert.deepEqual(action?.kind === 'check-listening-ports' && action.allUdp, false);
  });
});

describe('probe-dht', () => {
  it('probes this machine, the run\'s targets, or a literal list', () => {
    assert.deepEqual(valid('action: probe-dht\ntargets: this-machine\nports: listening-udp'), { kind: 'probe-dht', targets: { kind: 'this-machine' }, ports: { kind: 'listening-udp' } });
    assert.deepEqual(valid('action: probe-dht\ntargets: run-targets'), { kind: 'probe-dht', targets: { kind: 'run-targets' }, ports: { kind: 'default' } });
    assert.deepEqual(valid('action: probe-dht\ntargets: 192.0.2.7, 198.51.100.0/30:6881\nports: 6881-6889,51413'), {
      kind: 'probe-dht', targets: { kind: 'list', text: '192.0.2.7, 198.51.100.0/30:6881' },
      ports: { kind: 'list', text: '6881-6889,51413', ranges: [{ first: 6881, last: 6889 }, { first: 51413, last: 51413 }] },
    });
  });

  it('needs targets: the action is dropped and the error is on the action line', () => {
    assert.equal(oneDiagnostic('action: probe-dht\nports: 6881', 'missing-field', 'action: probe-dht', /"targets"/), undefined);
  });

  it('reports a target list the probe would refuse', () => {
    assert.equal(oneDiagnostic('action: probe-dht\ntargets: 10.0.0.5/30', 'bad-value', 'targets: 10.0.0.5/30'), undefined);
  });

  it('reports a bad port list and falls back to the default ports', () => {
    const action = oneDiagnostic('action: probe-dht\ntargets: this-machine\nports: 70000', 'bad-value', 'ports: 70000');
    assert.deepEqual(action?.kind === 'probe-dht' && action.ports, { kind: 'default' });
  });

  it('allows listening-udp with this-machine only', () => {
    oneDiagnostic('action: probe-dht\ntargets: run-targets\nports: listening-udp', 'bad-value', 'ports: listening-udp', /this-machine/);
  });
});

describe('decision', () => {
  it('refuses an answer longer than 200 characters at its line (the panel could never send it back)', () => {
    const long = 'x'.repeat(201);
    const action = oneDiagnostic(`action: decision\nquestion: Q?\nanswer: yes\nanswer: no\nanswer: ${long}`, 'bad-value', `answer: ${long}`, /201 characters long; keep answers to 200/);
    assert.deepEqual(action?.kind === 'decision' && action.answers, ['yes', 'no']);
    assert.deepEqual(valid(`action: decision\nquestion: Q?\nanswer: yes\nanswer: ${'y'.repeat(200)}`).kind, 'decision');
  });

  it('records a question, its answers in order, and a justification that is required by default', () => {
    assert.deepEqual(valid('action: decision\nquestion: Is this client permitted by policy?\nanswer: permitted\nanswer: not permitted'), {
      kind: 'decision', question: 'Is this client permitted by policy?', answers: ['permitted', 'not permitted'], justification: 'required',
    });
    const optional = valid('action: decision\nquestion: Q?\nanswer: a\nanswer: b\nanswer: c\njustification: optional');
    assert.deepEqual(optional.kind === 'decision' && [optional.answers, optional.justification], [['a', 'b', 'c'], 'optional']);
  });

  it('needs two different answers', () => {
    oneDiagnostic('action: decision\nquestion: Q?\nanswer: yes', 'bad-value', 'answer: yes', /two different answers/);
    const { diagnostics } = block('action: decision\nquestion: Q?\nanswer: yes\nanswer: yes');
    assert.deepEqual(diagnostics.map((d) => d.code), ['bad-value', 'bad-value']);
  });

  it('needs a question', () => {
    assert.equal(oneDiagnostic('action: decision\nanswer: a\nanswer: b', 'missing-field', 'action: decision', /"question"/), undefined);
  });
});

describe('confirm', () => {
  it('asks the user to confirm a prompt', () => {
    assert.deepEqual(valid('action: confirm\nprompt: Users informed.'), { kind: 'confirm', prompt: 'Users informed.' });
  });

  it('needs a prompt', () => {
    assert.equal(oneDiagnostic('action: confirm', 'missing-field', 'action: confirm'), undefined);
  });
});

describe('command', () => {
  it('keeps a command per OS and lists the placeholders in order of first use', () => {
    assert.deepEqual(valid('action: command\nlinux: sudo systemctl stop {{service}} && kill {{process.pid}}\nmacos: launchctl bootout {{service.target}}\nwindows: Stop-Process -Id {{process.pid}}'), {
      kind: 'command',
      commands: { linux: 'sudo systemctl stop {{service}} && kill {{process.pid}}', macos: 'launchctl bootout {{service.target}}', windows: 'Stop-Process -Id {{process.pid}}' },
      placeholders: ['service', 'process.pid', 'service.target'],
    });
  });

  it('marks a command that ends the finding\'s process with ends: process, and leaves the field out by default', () => {
    const ends = valid('action: command\nlinux: kill {{process.pid}}\nends: process');
    assert.equal(ends.kind === 'command' && ends.ends, 'process');
    assert.equal('ends' in valid('action: command\nlinux: kill {{process.pid}}\nends: nothing'), false);
    assert.equal('ends' in valid('action: command\nlinux: kill {{process.pid}}'), false);
    const uninstall = valid('action: command\nlinux: sudo apt-get remove {{package}}\nends: program');
    assert.equal(uninstall.kind === 'command' && uninstall.ends, 'program');
  });

  it('reports a wrong ends value on its line and keeps the command, ending nothing', () => {
    const action = oneDiagnostic('action: command\nlinux: kill {{process.pid}}\nends: service', 'bad-value', 'ends: service', /ends must be process, program or nothing, not "service"/);
    assert.equal(action?.kind === 'command' && 'ends' in action, false);
  });

  it('keeps the options a command gets when it runs unattended', () => {
    const action = valid('action: command\nlinux: sudo zypper remove {{package}}\nunattended: --no-confirm -q');
    assert.deepEqual(action.kind === 'command' && action.unattended, ['--no-confirm', '-q']);
  });

  it('refuses unattended words that are not options (an operand, a placeholder, shell syntax), on its line, and keeps the command without them', () => {
    for (const words of ['-y nodejs', '-y {{package}}', '-y;reboot', '--yes=$(id)']) {
      const action = oneDiagnostic(`action: command\nlinux: sudo apt-get remove {{package}}\nunattended: ${words}`, 'bad-value', 'unattended:', /unattended takes options only/);
      assert.equal(action?.kind === 'command' && 'unattended' in action, false, words);
    }
  });

  it('keeps colons in a command: only the first one separates the key', () => {
    const action = valid('action: command\nwindows: Get-Item C:\\Temp | Remove-Item');
    assert.deepEqual(action.kind === 'command' && action.commands, { windows: 'Get-Item C:\\Temp | Remove-Item' });
  });

  it('needs a command for at least one OS', () => {
    assert.equal(oneDiagnostic('action: command\nlabel: Nothing', 'missing-field', 'action: command', /"linux:"/), undefined);
  });

  it('reports a misspelt OS as an unknown field, on its line', () => {
    const action = oneDiagnostic('action: command\nlinux: true\nlnux: false', 'unknown-field', 'lnux: false', /linux, macos, windows/);
    assert.deepEqual(action?.kind === 'command' && action.commands, { linux: 'true' });
  });

  it('reports an OS given twice and keeps the first', () => {
    const action = oneDiagnostic('action: command\nlinux: first\nlinux: second', 'duplicate-field', 'linux: second');
    assert.deepEqual(action?.kind === 'command' && action.commands, { linux: 'first' });
  });

  it('drops a command with an unknown placeholder', () => {
    assert.equal(oneDiagnostic('action: command\nlinux: kill {{pid}}', 'unknown-placeholder', 'linux: kill {{pid}}', /\{\{process\.pid\}\}/), undefined);
  });

  it('drops a command with a malformed placeholder', () => {
    assert.equal(oneDiagnostic('action: command\nlinux: kill {{ process.pid }}', 'bad-value', 'linux: kill', /without spaces/), undefined);
    assert.equal(oneDiagnostic('action: command\nlinux: kill {{process.pid', 'bad-value', 'linux: kill', /never closed/), undefined);
  });

  it('refuses a placeholder that is not a whole shell word (quoted, glued, inside $(...)), with its line, and drops the action', () => {
    for (const command of ['systemctl stop "{{service}}"', "sh -c 'echo stopping {{service}} now'", 'launchctl bootout gui/$(id -u)/{{service}}', 'echo $({{process.name}})']) {
      const { diagnostics, action, source } = block(`action: command\nlinux: ${command}`);
      const line = source.split('\n').findIndex((l) => l.startsWith('linux:'));
      assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, d.line]), [['error', 'quoted-placeholder', line]], command);
      assert.equal(action, undefined, command);
    }
  });
});

describe('compare-baseline', () => {
  it('expects DHT nodes and suspects gone and other listeners kept, by default', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Done.\n```', '### Compare\n\n```runbook\naction: compare-baseline\n```\n\n### Strict\n\n```runbook\naction: compare-baseline\ngone: dht-nodes\n```\n');
    const { runbook, diagnostics } = parseRunbook(source);
    assert.equal(diagnostics.length, 0, describeDiagnostics(diagnostics));
    const actions = runbook?.phases[2]?.steps.flatMap((s) => s.actions);
    assert.deepEqual(actions?.map((a) => a.kind === 'compare-baseline' && [a.gone, a.kept]), [
      [['dht-nodes', 'suspect-sockets'], ['other-listeners']],
      [['dht-nodes'], ['other-listeners']],
    ]);
  });

  it('reports a word it does not know', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Done.\n```', '### Compare\n\n```runbook\naction: compare-baseline\ngone: dht-nodes, everything\n```\n');
    const { diagnostics } = parseRunbook(source);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line]), [['bad-value', lineOf(source, 'gone: dht-nodes, everything')]]);
  });
});

describe('block syntax', () => {
  it('reports a line that is not key: value, and reads the other lines', () => {
    const action = oneDiagnostic('action: confirm\nthis line is prose\n# a comment is fine\n\nprompt: Done.', 'block-syntax', 'this line is prose');
    assert.deepEqual(action?.kind === 'confirm' && action.prompt, 'Done.');
  });

  it('reports an empty value', () => {
    oneDiagnostic('action: confirm\nprompt: Done.\nlabel:', 'bad-value', 'label:');
  });

  it('reports a second action in one block', () => {
    oneDiagnostic('action: confirm\naction: command\nprompt: Done.', 'duplicate-field', 'action: command', /one action/);
  });
});
