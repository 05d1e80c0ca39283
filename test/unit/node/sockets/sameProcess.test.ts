import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkSameProcess, isSameProcess } from '../../../../src/node/sockets/sameProcess';

describe('checkSameProcess', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  it('tells a live process from a reused or gone pid', async () => {
    const child = spawn('/usr/bin/sleep', ['30']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await checkSameProcess(child.pid!, 'sleep')).verdict, 'same');
      const other = await checkSameProcess(child.pid!, 'transmission-da');
      assert.deepEqual(other, { verdict: 'different', now: 'sleep' });
    } finally {
      child.kill();
    }
    await new Promise((r) => child.once('exit', r));
    assert.equal((await checkSameProcess(child.pid!, 'sleep')).verdict, 'gone');
  });

  it('says "unknown" where it cannot tell', async () => {
    assert.equal((await checkSameProcess(1, 'init', '/proc', 'darwin')).verdict, 'unknown');
    assert.equal((await checkSameProcess(1, undefined)).verdict, 'unknown');
  });

  it('tells two runs of the same program apart by their start time', async () => {
    const first = spawn('/usr/bin/sleep', ['30']);
    await new Promise((r) => setTimeout(r, 100));
    // Field 22 of /proc/<pid>/stat; the fields after the last ")" start at field 3.
    const stat = readFileSync(`/proc/${first.pid}/stat`, 'utf8');
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3]!;
    try {
      assert.deepEqual(await isSameProcess(first.pid!, startTicks), { verdict: 'same', now: 'sleep', nowStartTicks: startTicks });
      assert.equal((await checkSameProcess(first.pid!, 'sleep', '/proc', 'linux', startTicks)).verdict, 'same');
      // The same name with another start time: a reused pid running another sleep.
      const other = String(Number(startTicks) - 1);
      assert.equal((await checkSameProcess(first.pid!, 'sleep', '/proc', 'linux', other)).verdict, 'different');
      assert.equal((await checkSameProcess(first.pid!, 'transmission-da', '/proc', 'linux', startTicks)).verdict, 'different');
    } finally {
      first.kill();
    }
    await new Promise((r) => first.once('exit', r));
    assert.equal((await isSameProcess(first.pid!, startTicks)).verdict, 'gone');
    assert.equal((await isSameProcess(first.pid!, undefined)).verdict, 'unknown');
  });
});
