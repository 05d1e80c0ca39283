// openReportStream opens through openBoundedFile: the refusals readBoundedFile
// makes (a loop of links, a link to a device, a path through a file), made for
// real, come out as BoundedReadErrors naming the scan report; and a report is
// streamed and hashed whole.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundedReadError } from '../../../../src/node/files/readBoundedFile';
import { openReportStream } from '../../../../src/node/scanReport/openReportStream';

const root = mkdtempSync(join(tmpdir(), 'report-stream-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('openReportStream', { skip: process.platform === 'win32' && 'uses symlinks and /dev/zero' }, () => {
  it('streams a report in chunks and hashes every byte', async () => {
    const path = join(root, 'scan.nessus');
    const content = Buffer.alloc(600 * 1024, 'x');
    writeFileSync(path, content);
    const stream = await openReportStream(path, content.length);
    try {
      assert.equal(stream.size, content.length);
      assert.equal((await stream.head(5)).toString(), 'xxxxx');
      const chunks: Buffer[] = [];
      for await (const chunk of stream.chunks()) chunks.push(chunk);
      assert.ok(chunks.length > 1, 'more than one chunk');
      assert.ok(Buffer.concat(chunks).equals(content));
      assert.equal(stream.sha256(), createHash('sha256').update(content).digest('hex'));
    } finally {
      await stream.close();
    }
  });

  it('refuses a loop of symbolic links in words (before, only readBoundedFile did; this said "could not be read: ELOOP …")', async () => {
    const loop = join(root, 'loop.nessus');
    symlinkSync(loop, loop);
    const error = await openReportStream(loop, 1000).then(() => assert.fail('opened'), (e: unknown) => e);
    assert.ok(error instanceof BoundedReadError);
    assert.equal(error.message, `The scan report ${loop} is a loop of symbolic links: give the path of a regular file.`);
  });

  it('refuses a link to /dev/zero, and a path through a regular file', async () => {
    const zero = join(root, 'zero.nessus');
    symlinkSync('/dev/zero', zero);
    await assert.rejects(openReportStream(zero, 1000), { code: 'not-regular', message: `The scan report ${zero} is a character device, not a regular file: give the path of a regular file.` });
    const file = join(root, 'plain');
    writeFileSync(file, 'x');
    await assert.rejects(openReportStream(join(file, 'scan.nessus'), 1000), { code: 'missing', message: `There is no scan report at ${join(file, 'scan.nessus')}: a part of the path is not a directory.` });
  });
});
