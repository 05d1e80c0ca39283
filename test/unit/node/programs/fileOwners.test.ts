// fileOwners against the real package database of this machine: the dpkg
// questions ownerLookup used to ask itself on Linux are asked here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolEvidence } from '../../../../src/core/sockets/types';
import { fileOwners } from '../../../../src/node/programs/packageQueries';
import { runTool } from '../../../../src/node/sockets/runTool';
import { skipUnlessAvailable } from '../../../support/prerequisites';

const missing = async (tool: string): Promise<boolean> => (await runTool(tool, ['--version'])).missing;

describe('fileOwners', { skip: process.platform === 'linux' ? skipUnlessAvailable(['dpkg'], false) : 'asks dpkg' }, () => {
  it('names the package of /usr/bin/sleep through the /usr merge, keeping what dpkg said', async () => {
    if (!existsSync('/usr/bin/sleep')) assert.fail('this Debian machine has no /usr/bin/sleep');
    const evidence: ToolEvidence[] = [];
    const { owners, ranAny } = await fileOwners(['/usr/bin/sleep'], ['dpkg'], evidence);
    assert.equal(ranAny, true);
    assert.equal(owners?.tool, 'dpkg');
    assert.deepEqual(owners?.packages, ['coreutils']);
    assert.ok(owners?.path === '/usr/bin/sleep' || owners?.path === '/bin/sleep', owners?.path);
    const answered = evidence.find((e) => e.command === 'dpkg' && e.exitCode === 0);
    assert.match(answered?.rawOutput ?? '', /^coreutils: .*\/bin\/sleep$/m);
  });

  it('names no owner for a copy no package installed, and says dpkg was asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-owners-'));
    const copy = join(dir, 'sleep-copy');
    copyFileSync('/usr/bin/sleep', copy);
    try {
      const evidence: ToolEvidence[] = [];
      const { owners, ranAny } = await fileOwners([copy], ['dpkg'], evidence);
      assert.deepEqual([owners, ranAny], [undefined, true]);
      assert.deepEqual(evidence.map((e) => [e.command, e.args, e.exitCode]), [['dpkg', ['-S', copy], 1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never hands dpkg -S a path with glob characters (it would match other files)', async () => {
    const evidence: ToolEvidence[] = [];
    const { owners, ranAny } = await fileOwners(['/usr/bin/sl*p'], ['dpkg'], evidence);
    assert.deepEqual([owners, ranAny, evidence], [undefined, false, []]);
  });

  it('passes over a package tool that is not installed, and says when none could be asked', async (t) => {
    if (!(await missing('rpm'))) return t.skip('rpm is installed here');
    const evidence: ToolEvidence[] = [];
    const { owners } = await fileOwners(['/usr/bin/sleep'], ['rpm', 'dpkg'], evidence);
    assert.deepEqual([owners?.tool, owners?.packages], ['dpkg', ['coreutils']]);
    assert.equal(evidence[0]?.command, 'rpm');
    const none = await fileOwners(['/usr/bin/sleep'], ['rpm'], []);
    assert.deepEqual(none, { ranAny: false });
  });
});
