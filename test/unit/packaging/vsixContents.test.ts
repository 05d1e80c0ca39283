// The .vsix must hold only what runs: the bundles, media, runbooks, strings,
// the manifest and the docs. `vsce ls` prints exactly what `vsce package` takes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const allowed = [/^dist\/(extension|cli|runbookParseWorker)\.js$/, /^media\/[\w.-]+$/, /^runbooks\/[\w.-]+\.md$/, /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/, /^package(\.nls(\.[\w-]+)?)?\.json$/, /^(README|CHANGELOG)\.md$/, /^docs\/images\/[\w-]+\.png$/, /^LICENSE$/];
// README's pictures travel with it: its image links stay relative (vsce --no-rewrite-relative-links), read from the extension's folder.
const required = ['dist/extension.js', 'dist/cli.js', 'package.json', 'package.nls.json', 'runbooks/bittorrent-mainline-dht.md', 'README.md', 'docs/images/run-panel-dark.png', 'LICENSE', 'CHANGELOG.md'];

describe('the packaged extension', () => {
  it('holds exactly the run-time files', () => {
    const vsce = join(process.cwd(), 'node_modules/.bin/vsce');
    const listing = execFileSync(vsce, ['ls', '--no-dependencies'], { encoding: 'utf8' });
    const files = listing.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    const unexpected = files.filter((f) => !allowed.some((pattern) => pattern.test(f)));
    assert.deepEqual(unexpected, [], 'files in the .vsix that the extension does not need at run time');
    for (const file of required) assert.ok(files.includes(file), `${file} is missing from the .vsix`);
    assert.ok(!files.some((f) => f.endsWith('.map')), 'source maps are for development only');
  });
});
