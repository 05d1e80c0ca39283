import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { onPath } from '../../../../src/node/remediation/commandEnvironment';

const root = mkdtempSync(join(tmpdir(), 'on-path-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('onPath, the one PATH lookup (commands and the host\'s package manager)', () => {
  it('finds an executable file in any folder of the PATH given, and nothing else', { skip: process.platform === 'win32' ? 'POSIX file modes' : false }, () => {
    const bin = join(root, 'bin');
    const other = join(root, 'other');
    mkdirSync(bin);
    mkdirSync(other);
    writeFileSync(join(other, 'dnf'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(bin, 'yum'), 'not a program\n', { mode: 0o644 });
    mkdirSync(join(bin, 'zypper'));
    const path = ['', bin, other].join(delimiter);
    assert.equal(onPath('dnf', path), true, 'in the second folder');
    assert.equal(onPath('yum', path), false, 'a file nobody may execute');
    assert.equal(onPath('zypper', path), false, 'a folder of that name');
    assert.equal(onPath('apt-get', path), false);
    assert.equal(onPath('dnf', ''), false, 'an empty PATH has no folder (not the current one)');
  });

  it('finds a real tool of this machine on its PATH', () => {
    assert.equal(onPath('node', process.env.PATH ?? ''), true);
  });
});
