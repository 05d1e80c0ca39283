import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { checkSameProcess } from '../../../../src/node/sockets/sameProcess';

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
});
