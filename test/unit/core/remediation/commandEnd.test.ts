// What the runner checks after a command marked `ends:` exits 0, taken from
// the bundled runbook's own actions: the finding's process for a stop, the
// program's file for an uninstall; nothing after a failed command or for a
// command that ends nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../../src/core/findings/types';
import type { ProgramFacts } from '../../../../src/core/programs/types';
import { appendOutputLine, endToCheck, programEndSeen, programFileOf } from '../../../../src/core/remediation/commandEnd';
import { statusOfResult } from '../../../../src/core/run/stepStatus';
import type { ActionResult } from '../../../../src/core/run/types';
import type { CommandAction } from '../../../../src/core/runbook/model';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const commands = runbook.phases.flatMap((p) => p.steps).flatMap((s) => s.actions).filter((a): a is CommandAction => a.kind === 'command');
const byLinux = (text: string): CommandAction => commands.find((a) => a.commands.linux === text)!;
const stop = byLinux('sudo kill {{process.pid}}');
const disable = byLinux('sudo systemctl disable {{service}}');
const aptRemove = commands.find((a) => a.commands.linux?.startsWith('sudo apt-get remove'))!;
const pipUninstall = commands.find((a) => a.commands.linux?.includes('-m pip uninstall'))!;
const local: Finding = { id: 'local-4242', where: 'this-machine', host: 'this machine', basis: 'krpc-reply', title: 'deluged (pid 4242)', pid: 4242, processName: 'deluged', endpoints: [], dhtEndpoints: ['0.0.0.0:6881'] };
const deluge = { process: { executable: '/usr/bin/python3.11' }, program: { path: '/home/ann/.local/bin/deluged' }, install: { kind: 'pip' } } as unknown as ProgramFacts;

describe('endToCheck: what a command marked "ends:" must leave behind', () => {
  it('after "kill" exited 0, the finding\'s process', () => {
    assert.equal(stop.ends, 'process');
    assert.deepEqual(endToCheck(stop, local, 0), { ends: 'process', finding: local });
  });

  it('after an uninstall exited 0, the program\'s file: the script an interpreter runs, not the interpreter', () => {
    for (const action of [aptRemove, pipUninstall]) assert.equal(action.ends, 'program', action.commands.linux);
    assert.deepEqual(endToCheck(pipUninstall, { ...local, program: deluge }, 0), { ends: 'program', path: '/home/ann/.local/bin/deluged' });
    const copy = { ...deluge, install: { kind: 'user-copy', removablePath: '/home/ann/bin/dht.js' } } as unknown as ProgramFacts;
    assert.equal(programFileOf({ ...local, program: copy }), '/home/ann/bin/dht.js', 'the path removed by hand first');
  });

  it('nothing after a failed command, a command that ends nothing, a remote finding or no pid', () => {
    assert.equal(endToCheck(stop, local, 1), undefined);
    assert.equal(endToCheck(stop, local, undefined), undefined);
    assert.equal(disable.ends, undefined);
    assert.equal(endToCheck(disable, local, 0), undefined);
    assert.equal(endToCheck(stop, { ...local, pid: undefined }, 0), undefined);
    assert.equal(endToCheck(aptRemove, { ...local, where: 'remote', program: deluge }, 0), undefined);
    assert.equal(endToCheck(stop, undefined, 0), undefined);
  });
});

describe('a command whose end was not seen fails, whatever its exit code', () => {
  const result = (seen: 'yes' | 'no' | 'unknown'): ActionResult => ({
    kind: 'command', at: '2026-12-01T08:00:00.000Z', platform: 'linux', commandLine: 'python3 -m pip uninstall -y deluge', terminalName: 'headless', by: 'root',
    reportedBy: 'process', exitCode: 0, output: programEndSeen('/home/ann/.local/bin/deluged', seen === 'no' ? true : seen === 'yes' ? false : undefined).line,
    effect: { ends: 'program', seen },
  });

  it('fails on "no", passes on "yes", and leaves "unknown" to the exit code', () => {
    assert.deepEqual((['yes', 'no', 'unknown'] as const).map((seen) => statusOfResult(result(seen), 'remediation')), ['passed', 'failed', 'passed']);
  });

  it('says what it saw, in a line of the output', () => {
    assert.equal(programEndSeen('/usr/bin/deluged', true).line, '[/usr/bin/deluged is still there after the command: the program was not removed]');
    assert.equal(programEndSeen('/usr/bin/deluged', false).line, '[/usr/bin/deluged is gone after the command]');
    assert.match(programEndSeen('/usr/bin/deluged', undefined).line, /could not tell/);
  });
});

describe('appendOutputLine', () => {
  it('puts the line on a line of its own', () => {
    assert.equal(appendOutputLine('', '[x]'), '[x]');
    assert.equal(appendOutputLine('done\n', '[x]'), 'done\n[x]');
    assert.equal(appendOutputLine('done', '[x]'), 'done\n[x]');
  });
});
