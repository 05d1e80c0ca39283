// What the runner sees after a command marked `ends:` exited 0, on real files
// and a real process: an uninstall that removed the program's file, one that
// removed nothing (as `pip uninstall` run as root does for a user's package),
// a dangling symlink left behind, and a process that ended.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../../../src/core/findings/types';
import { parseProcStat } from '../../../../src/core/programs/procStat';
import type { ProgramFacts } from '../../../../src/core/programs/types';
import { checkCommandEnd } from '../../../../src/node/remediation/checkCommandEnd';

const root = mkdtempSync(join(tmpdir(), 'command-end-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('checkCommandEnd', () => {
  it('sees a removed program as gone, and one left in place as not removed', async () => {
    const program = join(root, 'deluged');
    writeFileSync(program, '#!/usr/bin/python3\n');
    assert.deepEqual(await checkCommandEnd({ ends: 'program', path: program }), {
      effect: { ends: 'program', seen: 'no' }, line: `[${program} is still there after the command: the program was not removed]`,
    });
    rmSync(program);
    assert.deepEqual((await checkCommandEnd({ ends: 'program', path: program })).effect, { ends: 'program', seen: 'yes' });
  });

  it('counts a dangling symlink left behind as still there', async () => {
    const link = join(root, 'dht-client');
    symlinkSync(join(root, 'gone-target'), link);
    assert.equal((await checkCommandEnd({ ends: 'program', path: link })).effect.seen, 'no');
  });

  it('sees a path under a file as gone (ENOTDIR), not as unknown', async () => {
    const file = join(root, 'plain');
    writeFileSync(file, '');
    assert.equal((await checkCommandEnd({ ends: 'program', path: join(file, 'bin', 'x') })).effect.seen, 'yes');
  });

  it('waits for a process to end and says so', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const startTicks = parseProcStat(readFileSync(`/proc/${child.pid}/stat`, 'utf8'))!.startTicks;
    const finding = {
      id: 'local', where: 'this-machine', host: 'this machine', basis: 'krpc-reply', title: 'sleep', pid: child.pid!, processName: 'sleep', endpoints: [], dhtEndpoints: [],
      program: { process: { startTicks } } as unknown as ProgramFacts,
    } satisfies Finding;
    child.kill('SIGTERM');
    const seen = await checkCommandEnd({ ends: 'process', finding });
    assert.deepEqual(seen.effect, { ends: 'process', seen: 'yes' });
    assert.match(seen.line, new RegExp(`^\\[process ${child.pid} ended \\d+\\.\\d s after the command\\]$`));
  });
});
