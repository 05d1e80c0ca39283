// Which command makes the runner wait for a process, taken from the bundled
// runbook's own actions: only an `ends: process` command that exited 0, for a
// finding with a pid.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../../src/core/findings/types';
import { appendOutputLine, processToAwait } from '../../../../src/core/remediation/processEnd';
import type { CommandAction } from '../../../../src/core/runbook/model';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const commands = runbook.phases.flatMap((p) => p.steps).flatMap((s) => s.actions).filter((a): a is CommandAction => a.kind === 'command');
const stop = commands.find((a) => a.commands.linux === 'sudo kill {{process.pid}}')!;
const disable = commands.find((a) => a.commands.linux === 'sudo systemctl disable {{service}}')!;
const local: Finding = { id: 'local-4242', where: 'this-machine', host: 'this machine', basis: 'krpc-reply', title: 'transmission-daemon (pid 4242)', pid: 4242, processName: 'transmission-da', endpoints: [], dhtEndpoints: ['0.0.0.0:51413'] };

describe('processToAwait: the process a command ended', () => {
  it('is the finding\'s, after "kill" exited 0', () => {
    assert.equal(stop.ends, 'process');
    assert.equal(processToAwait(stop, local, 0), local);
  });

  it('is none after a failed kill, a command that ends nothing, or a finding without a pid', () => {
    assert.equal(processToAwait(stop, local, 1), undefined);
    assert.equal(processToAwait(stop, local, undefined), undefined);
    assert.equal(disable.ends, undefined);
    assert.equal(processToAwait(disable, local, 0), undefined);
    assert.equal(processToAwait(stop, { ...local, where: 'remote', pid: undefined }, 0), undefined);
    assert.equal(processToAwait(stop, undefined, 0), undefined);
  });
});

describe('appendOutputLine', () => {
  it('puts the line on a line of its own', () => {
    assert.equal(appendOutputLine('', '[x]'), '[x]');
    assert.equal(appendOutputLine('done\n', '[x]'), 'done\n[x]');
    assert.equal(appendOutputLine('done', '[x]'), 'done\n[x]');
  });
});
