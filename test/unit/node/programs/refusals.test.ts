// Refusals asked of this machine's real package database.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { packageRemovalFacts } from '../../../../src/node/programs/lookupProgramFacts';
import type { ToolEvidence } from '../../../../src/core/sockets/types';
import { skipUnlessAvailable } from '../../../support/prerequisites';

describe('packageRemovalFacts: refusals with the real dpkg database', { skip: skipUnlessAvailable(['dpkg-query', 'transmission-daemon'], false) }, () => {
  it('refuses Essential packages (dpkg, coreutils) by the Essential field', async () => {
    for (const name of ['dpkg', 'coreutils']) {
      const evidence: ToolEvidence[] = [];
      const refusal = (await packageRemovalFacts('deb', name, undefined, evidence)).refusal;
      assert.match(refusal?.reason ?? '', /Essential: yes/, name);
      assert.deepEqual(evidence[0]?.args.slice(0, 2), ['-W', '-f']);
      assert.match(evidence[0]?.rawOutput ?? '', new RegExp(`^${name}\\tyes\\t`));
    }
  });

  it('refuses libc6 for its many installed dependents, with the count and names', async () => {
    const evidence: ToolEvidence[] = [];
    const refusal = (await packageRemovalFacts('deb', 'libc6', undefined, evidence)).refusal;
    assert.ok((refusal?.dependentCount ?? 0) > 5, JSON.stringify(refusal));
    assert.equal(refusal?.dependents?.length, Math.min(30, refusal!.dependentCount!));
    assert.ok(refusal?.dependents?.includes('coreutils'));
    assert.match(refusal?.reason ?? '', /installed packages depend on libc6/);
    assert.equal(evidence.length, 2, 'fields, then every package\'s dependencies');
  });

  it('does not refuse transmission-daemon, and refuses the running runtime\'s package without asking further', async () => {
    assert.equal((await packageRemovalFacts('deb', 'transmission-daemon', undefined, [])).refusal, undefined);
    const evidence: ToolEvidence[] = [];
    const refusal = (await packageRemovalFacts('deb', 'python3.11-minimal', { kind: 'python', executable: '/usr/bin/python3.11', package: 'python3.11-minimal' }, evidence)).refusal;
    assert.match(refusal?.reason ?? '', /holds the python runtime/);
    assert.equal(evidence.length, 0);
  });

  it('keeps the dependents of a package that may be removed, for an unattended removal to check: none for transmission-daemon, transmission-daemon for transmission-common', async () => {
    const daemon = await packageRemovalFacts('deb', 'transmission-daemon', undefined, []);
    assert.deepEqual(daemon, { dependents: [] });
    const common = await packageRemovalFacts('deb', 'transmission-common', undefined, []);
    assert.equal(common.refusal, undefined, JSON.stringify(common));
    assert.ok(common.dependents?.includes('transmission-daemon'), JSON.stringify(common));
    // A refused package names its dependents in the refusal only.
    const libc = await packageRemovalFacts('deb', 'libc6', undefined, []);
    assert.deepEqual([libc.refusal !== undefined, 'dependents' in libc], [true, false]);
  });
});
