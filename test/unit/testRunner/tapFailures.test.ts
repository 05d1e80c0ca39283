// `npm test` repeats the unit tests that failed at its end, read from the TAP
// file of node's own test runner. The TAP here is real: node --test runs two
// small test files that fail on purpose, one in a test and one in a hook.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type TapModule = typeof import('../../../scripts/tapFailures.mjs');
const { tapFailures } = await import(pathToFileURL(resolve('scripts/tapFailures.mjs')).href) as TapModule;

function tapOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tap-failures-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    // Without NODE_TEST_CONTEXT, which would make the inner runner report to this one instead of printing TAP.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const ran = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...Object.keys(files).map((n) => join(dir, n))], { encoding: 'utf8', env });
    assert.equal(ran.status, 1, 'the files fail on purpose');
    return ran.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('tapFailures: the failed tests of a real node --test TAP output', () => {
  const tap = tapOf({
    'assertion.test.mjs': [
      "import { describe, it } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "describe('the fleet', () => {",
      "  it('passes', () => {});",
      "  it('gives the verdict', () => { assert.equal('still exposed', 'remediated', 'fleet-a: the verdict\\nbecause: a node answered'); });",
      '});',
    ].join('\n'),
    'hook.test.mjs': [
      "import { before, describe, it } from 'node:test';",
      "describe('over ssh', () => { before(() => { throw new Error('sshd did not start'); }); it('runs', () => {}); });",
    ].join('\n'),
  });
  const failures = tapFailures(tap);

  it('names each failed test and the suite whose hook failed, and leaves out the passing test and the suite that only holds failures', () => {
    assert.deepEqual(failures.map((f) => f.name).sort(), ['gives the verdict', 'over ssh', 'runs']);
  });

  it('keeps the assertion\'s own message, every line, then the comparison', () => {
    const verdict = failures.find((f) => f.name === 'gives the verdict')!;
    assert.deepEqual(verdict.error.slice(0, 2), ['fleet-a: the verdict', 'because: a node answered']);
    assert.ok(verdict.error.some((l) => l.includes("'still exposed'")), verdict.error.join('\n'));
    assert.match(verdict.location, /assertion\.test\.mjs:5:\d+$/);
  });

  it('gives a hook\'s error to its suite', () => {
    assert.deepEqual(failures.find((f) => f.name === 'over ssh')!.error, ['sshd did not start']);
  });

  it('cuts a long error to the lines asked for', () => {
    assert.equal(tapFailures(tap, 1).find((f) => f.name === 'gives the verdict')!.error.length, 1);
  });

  it('finds nothing in the TAP of a run that passed', () => {
    assert.deepEqual(tapFailures('TAP version 13\n# Subtest: a\nok 1 - a\n  ---\n  duration_ms: 1\n  ...\n1..1\n# pass 1\n'), []);
  });
});
