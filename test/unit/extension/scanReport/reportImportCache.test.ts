// The CodeLens's import cache on real report files and the real importer: an
// unchanged file is imported once, a rewritten one again; a refusal is held
// while the file stays as it is; a missing file is never held.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportedReport } from '../../../../src/core/scanReport/types';
import { importScanReport } from '../../../../src/node/scanReport/importScanReport';
import { ReportImportCache } from '../../../../src/extension/scanReport/reportImportCache';

const fixtures = join(process.cwd(), 'test/fixtures/scanReports');
const dir = mkdtempSync(join(tmpdir(), 'report-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The real importer, counting the imports that reach it. */
function countingCache(maxEntries?: number): { cache: ReportImportCache<ImportedReport>; imports: string[] } {
  const imports: string[] = [];
  const cache = new ReportImportCache((path) => { imports.push(path); return importScanReport(path); }, undefined, maxEntries);
  return { cache, imports };
}

describe('ReportImportCache', () => {
  it('imports an unchanged report once, and again after it is rewritten', async () => {
    const path = join(dir, 'scan.nessus');
    copyFileSync(join(fixtures, 'office-scan.nessus'), path);
    const { cache, imports } = countingCache();
    const first = await cache.get(path);
    const second = await cache.get(path);
    assert.equal(first.hosts.length, 3);
    assert.equal(second, first, 'the held import');
    assert.equal(imports.length, 1);

    // One host's finding taken out: a different file, read again.
    const text = readFileSync(path, 'utf8');
    const withoutOne = text.replace(/<ReportHost name="2001:db8::17">[\s\S]*?<\/ReportHost>/, '');
    assert.notEqual(withoutOne, text, 'the fixture holds the host this test removes');
    writeFileSync(path, withoutOne);
    const third = await cache.get(path);
    assert.equal(imports.length, 2);
    assert.equal(third.hosts.length, 2);
  });

  it('shares one import between requests that come at once', async () => {
    const path = join(dir, 'together.csv');
    copyFileSync(join(fixtures, 'office-scan.csv'), path);
    const { cache, imports } = countingCache();
    const [a, b] = await Promise.all([cache.get(path), cache.get(path)]);
    assert.equal(a, b);
    assert.equal(imports.length, 1);
  });

  it('holds a refusal while the file is unchanged, and imports again once it changes', async () => {
    const path = join(dir, 'empty.nessus');
    writeFileSync(path, '');
    const { cache, imports } = countingCache();
    await assert.rejects(cache.get(path), /is empty/);
    await assert.rejects(cache.get(path), /is empty/);
    assert.equal(imports.length, 1);
    copyFileSync(join(fixtures, 'office-scan.nessus'), path);
    assert.equal((await cache.get(path)).hosts.length, 3);
    assert.equal(imports.length, 2);
  });

  it('imports again after a chmod (the change time moves), so a permission refusal is not kept', async () => {
    const path = join(dir, 'perm.nessus');
    copyFileSync(join(fixtures, 'office-scan.nessus'), path);
    const { cache, imports } = countingCache();
    await cache.get(path);
    chmodSync(path, 0o600);
    await cache.get(path);
    assert.equal(imports.length, 2);
  });

  it('lets the importer say that a file is missing, and holds nothing for it', async () => {
    const path = join(dir, 'gone.nessus');
    copyFileSync(join(fixtures, 'office-scan.nessus'), path);
    const { cache, imports } = countingCache();
    await cache.get(path);
    unlinkSync(path);
    const direct = await importScanReport(path).then(() => 'imported', (error: Error) => error.message);
    await assert.rejects(cache.get(path), (error: Error) => error.message === direct);
    copyFileSync(join(fixtures, 'office-scan.nessus'), path);
    await cache.get(path);
    assert.equal(imports.length, 3);
  });

  it('keeps at most its bound of files, dropping the least recently used', async () => {
    const paths = ['a', 'b', 'c'].map((name) => join(dir, `${name}.txt`));
    for (const path of paths) writeFileSync(path, '198.51.100.7\n');
    const { cache, imports } = countingCache(2);
    await cache.get(paths[0]!);
    await cache.get(paths[1]!);
    await cache.get(paths[0]!); // a is now the most recent
    await cache.get(paths[2]!); // drops b
    assert.equal(imports.length, 3);
    await cache.get(paths[0]!);
    await cache.get(paths[2]!);
    assert.equal(imports.length, 3, 'a and c are held');
    await cache.get(paths[1]!);
    assert.equal(imports.length, 4, 'b was dropped');
  });

  it('imports a forgotten file again', async () => {
    const path = join(dir, 'forgotten.txt');
    writeFileSync(path, '198.51.100.8\n');
    const { cache, imports } = countingCache();
    await cache.get(path);
    cache.forget(path);
    await cache.get(path);
    assert.equal(imports.length, 2);
  });
});
