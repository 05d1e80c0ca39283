// The catalog's runbook reader on real files: it stats first, reads only when
// the stamp differs from the cached one, and checks kind and size before any
// read (a FIFO or an oversized file is never opened).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RUNBOOK_BYTES } from '../../../../src/core/runbook/parseRunbook';
import { readRunbookFile, type RunbookFileSystem } from '../../../../src/extension/runbooks/readRunbookFile';

/** vscode.l10n.t's formatting: {0}, {1} replaced, nothing else touched. */
const t = (message: string, ...args: (string | number | boolean)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** The real file system, as vscode.workspace.fs answers it, counting the calls that reach it. */
function countingFs(): RunbookFileSystem<string> & { stats: number; reads: number } {
  const fs = {
    stats: 0,
    reads: 0,
    async stat(path: string) {
      fs.stats += 1;
      const s = await stat(path);
      return { isFile: s.isFile(), size: s.size, mtime: s.mtimeMs };
    },
    async readFile(path: string) {
      fs.reads += 1;
      return new Uint8Array(await readFile(path));
    },
  };
  return fs;
}

const dir = mkdtempSync(join(tmpdir(), 'read-runbook-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('readRunbookFile', () => {
  it('reads a file it has no stamp for, and only stats it while the stamp holds', async () => {
    const path = join(dir, 'a.runbook.md');
    writeFileSync(path, '# Runbook A\n');
    const fs = countingFs();
    const first = await readRunbookFile(fs, path, undefined, t);
    assert.equal(first.unchanged, false);
    assert.equal(first.unchanged === false && first.text, '# Runbook A\n');
    assert.equal(fs.reads, 1);

    const again = await readRunbookFile(fs, path, first.stamp, t);
    assert.deepEqual(again, { stamp: first.stamp, unchanged: true });
    assert.equal(fs.stats, 2);
    assert.equal(fs.reads, 1, 'an unchanged file is not read again');
  });

  it('reads the file again when its size or time moved', async () => {
    const path = join(dir, 'b.runbook.md');
    writeFileSync(path, '# B\n');
    const fs = countingFs();
    const first = await readRunbookFile(fs, path, undefined, t);
    writeFileSync(path, '# B, longer\n');
    const grown = await readRunbookFile(fs, path, first.stamp, t);
    assert.equal(grown.unchanged === false && grown.text, '# B, longer\n');
    // Same size, later time: an edit that kept the length.
    writeFileSync(path, '# C, longer\n');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const touched = await readRunbookFile(fs, path, grown.stamp, t);
    assert.notEqual(touched.stamp, grown.stamp);
    assert.equal(touched.unchanged === false && touched.text, '# C, longer\n');
    assert.equal(fs.reads, 3);
  });

  it('refuses a file over the byte limit without reading it', async () => {
    const path = join(dir, 'huge.runbook.md');
    writeFileSync(path, '');
    truncateSync(path, MAX_RUNBOOK_BYTES + 1); // sparse: no disk space used
    const fs = countingFs();
    const file = await readRunbookFile(fs, path, undefined, t);
    assert.equal(file.unchanged, false);
    assert.equal(file.unchanged === false && file.text, undefined);
    assert.equal(file.unchanged === false && file.diagnostics[0]?.code, 'too-large');
    assert.match(file.unchanged === false ? file.diagnostics[0]?.message ?? '' : '', new RegExp(`${MAX_RUNBOOK_BYTES + 1} bytes long`));
    assert.equal(fs.reads, 0);
  });

  it('refuses a FIFO named like a runbook without opening it (a read would block for ever)', async () => {
    const path = join(dir, 'pipe.runbook.md');
    execFileSync('mkfifo', [path]);
    const fs = countingFs();
    const file = await readRunbookFile(fs, path, undefined, t);
    assert.equal(file.unchanged === false && file.diagnostics[0]?.code, 'internal');
    assert.match(file.unchanged === false ? file.diagnostics[0]?.message ?? '' : '', /not a regular file/);
    assert.equal(fs.reads, 0);
  });

  it('passes a missing file\'s stat error on, as vscode.workspace.fs.stat does', async () => {
    const fs = countingFs();
    await assert.rejects(readRunbookFile(fs, join(dir, 'gone.runbook.md'), undefined, t), /ENOENT/);
    assert.equal(fs.reads, 0);
  });
});
