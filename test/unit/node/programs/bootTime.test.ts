import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootTimeSeconds } from '../../../../src/node/programs/procFacts';

const root = mkdtempSync(join(tmpdir(), 'boot-time-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('the boot time of program lookups', () => {
  it('is btime of this machine\'s /proc/stat, in the past', { skip: process.platform !== 'linux' ? 'needs Linux /proc' : false }, async () => {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    assert.equal(await bootTimeSeconds(), btime);
    assert.ok(btime * 1000 < Date.now());
  });

  it('is read once per /proc root: a later change to the file is not read again', async () => {
    const proc = mkdtempSync(join(root, 'proc-'));
    writeFileSync(join(proc, 'stat'), 'cpu  1 2 3 4\nintr 0 0 0\nctxt 5\nbtime 1700000000\nprocesses 9\n');
    assert.equal(await bootTimeSeconds(proc), 1700000000);
    writeFileSync(join(proc, 'stat'), 'btime 1800000000\n');
    assert.equal(await bootTimeSeconds(proc), 1700000000, 'the cached boot time, not a second read');
  });

  it('is undefined while /proc/stat cannot be read, and read once it can', async () => {
    const proc = mkdtempSync(join(root, 'proc-'));
    assert.equal(await bootTimeSeconds(proc), undefined);
    writeFileSync(join(proc, 'stat'), 'btime 1700000001\n');
    assert.equal(await bootTimeSeconds(proc), 1700000001, 'a failed read is not kept');
  });
});
