// Every hostile thing a path can name, made for real: a FIFO (with no writer,
// so a plain open would block forever), /dev/zero (never ends), a directory,
// a file over the cap, a symlink to a FIFO. Each is refused at once with a
// message that says what it is; a regular file (or a link to one) is read.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundedReadError, openBoundedFile, readBoundedFile, readBoundedText } from '../../../../src/node/files/readBoundedFile';

const root = mkdtempSync(join(tmpdir(), 'bounded-read-'));
after(() => rmSync(root, { recursive: true, force: true }));

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  assert.equal(made.status, 0, `mkfifo failed: ${made.stderr}`);
}

/** The read's error, failing the test if it did not refuse within `ms` (a hang is the bug). */
async function refusal(path: string, maxBytes = 1024, ms = 5_000): Promise<BoundedReadError> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`reading ${path} did not return within ${ms} ms`)), ms); });
  try {
    await Promise.race([readBoundedFile(path, { maxBytes, what: 'runbook' }), deadline]);
  } catch (error) {
    if (error instanceof BoundedReadError) return error;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`${path} was read, not refused`);
}

const unix = process.platform !== 'win32';

describe('readBoundedFile', () => {
  it('reads a regular file, and one exactly at the cap', async () => {
    const path = join(root, 'ok.md');
    writeFileSync(path, 'x'.repeat(1024));
    assert.equal((await readBoundedFile(path, { maxBytes: 1024 })).length, 1024);
    assert.equal(await readBoundedText(path, { maxBytes: 4096 }), 'x'.repeat(1024));
  });

  it('refuses a FIFO at once instead of waiting for a writer', { skip: !unix }, async () => {
    const path = join(root, 'pipe.md');
    mkfifo(path);
    const error = await refusal(path);
    assert.equal(error.code, 'not-regular');
    assert.equal(error.kind, 'a FIFO (named pipe)');
    assert.match(error.message, /is a FIFO \(named pipe\), not a regular file: give the path of a regular file/);
  });

  it('refuses /dev/zero as a device, without reading from it', { skip: !unix }, async () => {
    const error = await refusal('/dev/zero');
    assert.equal(error.code, 'not-regular');
    assert.match(error.message, /\/dev\/zero is a character device/);
  });

  it('refuses a directory with words, not a raw EISDIR', async () => {
    const error = await refusal(root);
    assert.equal(error.code, 'not-regular');
    assert.match(error.message, /is a directory, not a regular file/);
    assert.doesNotMatch(error.message, /EISDIR/);
  });

  it('refuses a file over the cap, saying its size and the limit', async () => {
    const path = join(root, 'big.md');
    writeFileSync(path, Buffer.alloc(5000, 0x61));
    const error = await refusal(path, 4096);
    assert.equal(error.code, 'too-large');
    assert.match(error.message, /is 5000 bytes; the limit is 4096 bytes/);
  });

  it('refuses a symlink to a FIFO, and follows a symlink to a regular file', { skip: !unix }, async () => {
    const fifo = join(root, 'target-pipe');
    mkfifo(fifo);
    const toFifo = join(root, 'link-to-pipe.md');
    symlinkSync(fifo, toFifo);
    const error = await refusal(toFifo);
    assert.equal(error.kind, 'a FIFO (named pipe)');

    const regular = join(root, 'target.md');
    writeFileSync(regular, 'hello');
    const toRegular = join(root, 'link.md');
    symlinkSync(regular, toRegular);
    assert.equal(await readBoundedText(toRegular, { maxBytes: 100 }), 'hello');
  });

  it('refuses a symlink to /dev/zero', { skip: !unix }, async () => {
    const link = join(root, 'zero.json');
    symlinkSync('/dev/zero', link);
    const error = await refusal(link);
    assert.match(error.message, /character device/);
  });

  it('says when there is no such file', async () => {
    const error = await refusal(join(root, 'missing.md'));
    assert.equal(error.code, 'missing');
    assert.match(error.message, /There is no runbook at/);
  });
});

describe('openBoundedFile', () => {
  it('opens a regular file and gives the handle and what fstat saw', async () => {
    const path = join(root, 'opened.md');
    writeFileSync(path, 'twelve bytes');
    const { handle, stats } = await openBoundedFile(path, { maxBytes: 12 });
    try {
      assert.equal(stats.size, 12);
      assert.equal((await handle.readFile()).toString(), 'twelve bytes');
    } finally {
      await handle.close();
    }
  });

  it('refuses the same things readBoundedFile refuses, with the same words', { skip: !unix }, async () => {
    const fifo = join(root, 'open-fifo');
    mkfifo(fifo);
    await assert.rejects(openBoundedFile(fifo, { maxBytes: 10, what: 'scan report' }), { code: 'not-regular', message: `The scan report ${fifo} is a FIFO (named pipe), not a regular file: give the path of a regular file.` });
    const loop = join(root, 'open-loop');
    symlinkSync(loop, loop);
    await assert.rejects(openBoundedFile(loop, { maxBytes: 10, what: 'scan report' }), { code: 'unreadable', message: `The scan report ${loop} is a loop of symbolic links: give the path of a regular file.` });
  });
});
