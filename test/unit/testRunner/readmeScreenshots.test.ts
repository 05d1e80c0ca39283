// The README shows the integration tests' own screenshots: every picture it
// names is one that npm test refreshes, and is in the repository; and the
// refresh copies what a run took, leaving the rest as it was.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type ScreenshotsModule = typeof import('../../../scripts/readmeScreenshots.mjs');
const { README_SCREENSHOTS, refreshReadmeScreenshots } = await import(pathToFileURL(resolve('scripts/readmeScreenshots.mjs')).href) as ScreenshotsModule;
const root = mkdtempSync(join(tmpdir(), 'readme-shots-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('README screenshots', () => {
  it('the README shows each refreshed picture, and each is a PNG in docs/images', () => {
    const readme = readFileSync('README.md', 'utf8');
    const shown = [...readme.matchAll(/!\[[^\]]+\]\((docs\/images\/[^)]+)\)/g)].map((m) => m[1]!);
    assert.deepEqual(shown.sort(), Object.values(README_SCREENSHOTS).map((p) => `docs/images/${p}`).sort());
    for (const path of shown) assert.deepEqual([...readFileSync(path).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], path);
  });

  it('copies the screenshots a run took and names the ones it did not take', () => {
    mkdirSync(join(root, 'test-output'));
    const [first, second] = Object.keys(README_SCREENSHOTS);
    writeFileSync(join(root, 'test-output', first!), 'png of this run');
    const { copied, missing } = refreshReadmeScreenshots(root);
    assert.deepEqual(copied, [`docs/images/${README_SCREENSHOTS[first!]}`]);
    assert.ok(missing.includes(second!));
    assert.equal(readFileSync(join(root, 'docs', 'images', README_SCREENSHOTS[first!]!), 'utf8'), 'png of this run');
    assert.equal(existsSync(join(root, 'docs', 'images', README_SCREENSHOTS[second!]!)), false);
  });
});
