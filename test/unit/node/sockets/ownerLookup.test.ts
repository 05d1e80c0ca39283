// Owner lookups on real processes: a `sleep` from coreutils, a copy of it
// that no package owns, and a process that has ended.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupProcessOwner } from '../../../../src/node/sockets/ownerLookup';
import { runTool } from '../../../../src/node/sockets/runTool';
import { skipUnlessAvailable } from '../../../support/prerequisites';

async function withProcess<T>(program: string, work: (child: ChildProcess) => Promise<T>): Promise<T> {
  const child = spawn(program, ['30'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  try {
    return await work(child);
  } finally {
    child.kill();
  }
}

const hasDpkg = async (): Promise<boolean> => !(await runTool('dpkg', ['--version'])).missing;

describe('lookupProcessOwner', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  it('names the Debian package of a running sleep, through the /usr merge', async (t) => {
    if (!existsSync('/usr/bin/sleep') || !(await hasDpkg())) return t.skip('needs /usr/bin/sleep and dpkg');
    const owner = await withProcess('/usr/bin/sleep', (child) => lookupProcessOwner(child.pid!));
    assert.equal(owner.executable, '/usr/bin/sleep');
    assert.equal(owner.package.manager, 'dpkg');
    assert.equal(owner.program?.install.package, 'coreutils');
    const answered = owner.package.evidence.find((e) => e.command === 'dpkg' && e.exitCode === 0);
    assert.match(answered?.rawOutput ?? '', /^coreutils: .*\/bin\/sleep$/m);
    assert.equal(owner.package.evidence[0]?.command, 'readlink');
    // coreutils owns it, and is Essential: the program facts hold its removal back, so it is not named as the package to remove.
    assert.match(owner.program?.install.refusal?.reason ?? '', /Essential: yes/);
    assert.deepEqual(owner.package.packages, []);
    assert.match(owner.package.reason ?? '', /Essential: yes/);
  });

  it('says no package owns a copied program, and why', async (t) => {
    if (!(await hasDpkg())) return t.skip('needs dpkg');
    const dir = mkdtempSync(join(tmpdir(), 'owner-lookup-'));
    const copy = join(dir, 'sleep-copy');
    copyFileSync('/usr/bin/sleep', copy);
    try {
      const owner = await withProcess(copy, (child) => lookupProcessOwner({ pid: child.pid!, name: 'sleep-copy' }));
      assert.deepEqual([owner.executable, owner.package.manager, owner.package.packages], [copy, 'none', []]);
      assert.match(owner.package.reason ?? '', /No package owns/);
      assert.ok(owner.package.evidence.some((e) => e.command === 'dpkg' && e.exitCode === 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the service from /proc/<pid>/cgroup and keeps the file as evidence', async () => {
    const owner = await lookupProcessOwner(process.pid);
    const read = owner.service.evidence.find((e) => e.command === 'read-file');
    assert.deepEqual(read?.args, [`/proc/${process.pid}/cgroup`]);
    const unit = /^0::.*\/([^/]+\.service)$/m.exec(readFileSync(`/proc/${process.pid}/cgroup`, 'utf8'))?.[1];
    if (unit !== undefined) assert.deepEqual([owner.service.manager, owner.service.unit], ['systemd', unit]);
    else assert.match(owner.service.reason ?? '', /No service runs it/);
  });

  it('names the program an interpreter runs, and never the interpreter\'s package', async (t) => {
    if (!existsSync('/usr/bin/python3') || !(await hasDpkg())) return t.skip('needs python3 and dpkg');
    const child = spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(30)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    try {
      let owner = await lookupProcessOwner(child.pid!);
      for (let i = 0; i < 50 && owner.program?.runtime === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        owner = await lookupProcessOwner(child.pid!);
      }
      assert.match(owner.executable ?? '', /python3/);
      assert.deepEqual([owner.package.manager, owner.package.packages], ['none', []]);
      assert.match(owner.package.reason ?? '', /\(-c\).*not offered for removal/);
      assert.equal(owner.program?.runtime?.kind, 'python');
      assert.match(owner.program?.runtime?.package ?? '', /^python3(\.\d+)?-minimal$/);
    } finally {
      child.kill();
    }
  });

  it('explains a process that has ended', async () => {
    const child = spawn('/bin/true', [], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    const owner = await lookupProcessOwner(child.pid!);
    assert.equal(owner.package.manager, 'none');
    assert.match(owner.package.reason ?? '', /has ended/);
    assert.match(owner.service.reason ?? '', /could not be read/);
  });

  it('marks a program file that was replaced while running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'owner-lookup-'));
    const copy = join(dir, 'client');
    copyFileSync('/usr/bin/sleep', copy);
    try {
      const owner = await withProcess(copy, (child) => {
        unlinkSync(copy); // /proc/<pid>/exe now reads "<copy> (deleted)"
        return lookupProcessOwner(child.pid!);
      });
      assert.deepEqual([owner.package.manager, owner.package.packages], ['none', []]);
      assert.match(owner.package.reason ?? '', /replaced or removed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lookupProcessOwner in a container', { skip: skipUnlessAvailable(['chroot', 'gcc', 'ip'], true) }, () => {
  it('does not ask the host package database about a process under another root', async () => {
    // A root of its own with one static program in it: what a container looks like from outside.
    const root = mkdtempSync(join(tmpdir(), 'fake-container-'));
    writeFileSync(join(root, 'sleepy.c'), '#include <unistd.h>\nint main(void) { sleep(30); return 0; }\n');
    execFileSync('gcc', ['-static', '-o', join(root, 'sleepy'), join(root, 'sleepy.c')]);
    const child = spawn('chroot', [root, '/sleepy']);
    try {
      let owner = await lookupProcessOwner(child.pid!);
      for (let i = 0; i < 50 && !/another root directory/.test(owner.package.reason ?? ''); i++) {
        await new Promise((r) => setTimeout(r, 50));
        owner = await lookupProcessOwner(child.pid!);
      }
      assert.equal(owner.package.manager, 'none');
      assert.deepEqual(owner.package.packages, []);
      assert.match(owner.package.reason ?? '', /another root directory \(a container or a chroot\)/);
      assert.ok(!owner.package.evidence.some((e) => e.command === 'dpkg'), 'dpkg was not asked');
    } finally {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('still asks the host package database for a process in a network namespace (same files)', async () => {
    const name = `ownerns${process.pid}`;
    execFileSync('ip', ['netns', 'add', name]);
    const child = spawn('ip', ['netns', 'exec', name, '/usr/bin/sleep', '30']);
    try {
      let owner = await lookupProcessOwner(child.pid!);
      for (let i = 0; i < 50 && owner.executable !== '/usr/bin/sleep'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        owner = await lookupProcessOwner(child.pid!);
      }
      assert.equal(owner.program?.install.package, 'coreutils');
      assert.ok(owner.package.evidence.some((e) => e.command === 'dpkg' && e.exitCode === 0), 'dpkg was asked and answered');
    } finally {
      child.kill();
      execFileSync('ip', ['netns', 'del', name]);
    }
  });
});
