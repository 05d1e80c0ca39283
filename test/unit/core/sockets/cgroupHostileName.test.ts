// A process that may write to the cgroup tree can create a directory of any
// name, move itself in, and so choose the "unit" that /proc/<pid>/cgroup
// shows. A name that is not a valid systemd unit name must not become a unit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCgroup } from '../../../../src/core/sockets/parseCgroup';

const HOSTILE_DIR = "a';touch x;'$(touch y).service";

/** The cgroup2 mount point and whether it is mounted read-write, from /proc/self/mountinfo. */
function cgroup2Mount(): { path: string; writable: boolean } | undefined {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [mountPart, fsPart] = line.split(' - ');
    if (fsPart?.split(' ')[0] !== 'cgroup2') continue;
    const fields = mountPart?.split(' ') ?? [];
    return { path: fields[4] ?? '', writable: (fields[5] ?? '').split(',').includes('rw') };
  }
  return undefined;
}

/** Why this machine cannot run the test, or undefined when it can; throws under CI when it should have been possible. */
function whyNot(): string | undefined {
  if (process.platform !== 'linux') return 'cgroups are Linux only';
  if (process.getuid?.() !== 0) return process.env.CI ? fail('CI must run this test as root') : 'needs root (to create a cgroup)';
  const mount = cgroup2Mount();
  if (mount === undefined) return 'no cgroup2 hierarchy is mounted here';
  if (!mount.writable) return `the cgroup2 hierarchy at ${mount.path} is mounted read-only here`;
  return undefined;
}

function fail(message: string): never {
  throw new Error(message);
}

const reason = whyNot();
if (reason !== undefined) console.log(`# skipped: ${reason}`);

describe('parseCgroup and a cgroup directory with a hostile name', () => {
  it('refuses a unit name that systemd would refuse, and says why', () => {
    const placement = parseCgroup(`0::/system.slice/${HOSTILE_DIR}\n`);
    assert.equal(placement?.serviceUnit, undefined);
    assert.equal(placement?.refusedUnit?.name, HOSTILE_DIR);
    assert.match(placement?.refusedUnit?.reason ?? '', /not a valid systemd unit name \("'" is not allowed/);
    // The outer user manager is not taken instead of the refused inner unit.
    const nested = parseCgroup(`0::/user.slice/user-1000.slice/user@1000.service/app.slice/${HOSTILE_DIR}`);
    assert.deepEqual([nested?.serviceUnit, nested?.userUnit, nested?.refusedUnit?.name], [undefined, undefined, HOSTILE_DIR]);
    assert.equal(parseCgroup('0::/system.slice/evil$(id).scope')?.scope, undefined);
    assert.equal(parseCgroup('0::/system.slice/system-getty.slice/getty@tty1.service')?.serviceUnit, 'getty@tty1.service');
  });

  it('refuses it when a real process really sits in such a cgroup', { skip: reason ?? false }, async () => {
    const mount = cgroup2Mount() ?? fail('no cgroup2');
    const dir = join(mount.path, HOSTILE_DIR);
    try {
      mkdirSync(dir);
    } catch (error) {
      // Root in a container without the right to write here: the machine does not allow it.
      const code = (error as NodeJS.ErrnoException).code;
      if (process.env.CI && code !== 'EROFS') throw error;
      console.log(`# skipped: cannot create a cgroup under ${mount.path} (${code})`);
      return;
    }
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      writeFileSync(join(dir, 'cgroup.procs'), String(child.pid));
      const text = readFileSync(`/proc/${child.pid}/cgroup`, 'utf8');
      assert.ok(text.includes(HOSTILE_DIR), text);
      const placement = parseCgroup(text);
      assert.equal(placement?.serviceUnit, undefined);
      assert.equal(placement?.refusedUnit?.name, HOSTILE_DIR);
    } finally {
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      // The cgroup empties once the process is reaped; retry briefly.
      for (let attempt = 0; attempt < 50 && existsSync(dir); attempt++) {
        try { rmdirSync(dir); } catch { await new Promise((r) => setTimeout(r, 20)); }
      }
    }
    assert.ok(!existsSync(dir), `could not remove ${dir}`);
  });
});
