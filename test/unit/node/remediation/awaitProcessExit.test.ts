// After `kill` (ends: process), the runner waits until the very process
// detection saw is gone. Real processes: one that takes a while to close, one
// that ignores SIGTERM, a zombie whose parent never reaps it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { awaitProcessExit, describeProcessExit } from '../../../../src/node/remediation/awaitProcessExit';
import { parseProcStat } from '../../../../src/core/programs/procStat';

const onLinux = process.platform === 'linux' ? false : 'reads /proc: Linux only';
const started: ChildProcess[] = [];

function startTicksOf(pid: number): string {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!.startTicks;
}

function stateOf(pid: number): string | undefined {
  try { return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state; } catch { return undefined; }
}

function commandNameOf(pid: number): string | undefined {
  try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return undefined; }
}

async function parentHasBecomeSleep(pid: number): Promise<void> {
  for (let tries = 0; tries < 500 && commandNameOf(pid) !== 'sleep'; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(commandNameOf(pid), 'sleep', `process ${pid} never ran exec sleep 60`);
}

/** bash that prints "ready" once its SIGTERM trap is set. */
async function bash(script: string): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(child);
  const [chunk] = await once(child.stdout!, 'data') as [Buffer];
  assert.match(chunk.toString(), /ready/);
  return child;
}

describe('awaitProcessExit: waits for the process a command ended', { skip: onLinux }, () => {
  after(() => { for (const child of started) child.kill('SIGKILL'); });

  it('returns once a process that takes a while to close is gone, and says it ended', async () => {
    // Closes 0.4 s after SIGTERM, as a client does while it saves its state.
    const child = await bash('trap "sleep 0.4; exit 0" TERM; echo ready; while :; do sleep 0.05; done');
    const pid = child.pid!;
    const ticks = startTicksOf(pid);
    process.kill(pid, 'SIGTERM');
    const wait = await awaitProcessExit(pid, 'bash', ticks);
    assert.equal(wait.ended, true, JSON.stringify(wait));
    const state = stateOf(pid);
    assert.ok(state === undefined || state === 'Z', `process ${pid} is in state ${state} after the wait`);
    assert.match(describeProcessExit(wait), new RegExp(`^\\[process ${pid} ended \\d+\\.\\d s after the command\\]$`));
  });

  it('gives up after the time allowed when the process ignores SIGTERM, and says it still ran', async () => {
    const child = await bash('trap "" TERM; echo ready; while :; do sleep 0.05; done');
    const pid = child.pid!;
    process.kill(pid, 'SIGTERM');
    const wait = await awaitProcessExit(pid, 'bash', startTicksOf(pid), { timeoutMs: 300 });
    assert.equal(wait.ended, false);
    assert.ok(wait.afterMs >= 300, String(wait.afterMs));
    assert.equal(stateOf(pid) !== undefined && stateOf(pid) !== 'Z', true, 'it really still runs');
    assert.match(describeProcessExit(wait), new RegExp(`^\\[process ${pid} still ran \\d+\\.\\d s after the command\\]$`));
  });

  it('counts a zombie as ended: its sockets are closed, only its parent has not reaped it', async () => {
    // The background sleep's parent becomes `sleep 60` (exec), which never waits for it.
    const parent = spawn('bash', ['-c', 'sleep 30 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(parent);
    const [chunk] = await once(parent.stdout!, 'data') as [Buffer];
    const pid = Number(chunk.toString().trim());
    const ticks = startTicksOf(pid);
    // Until the exec, bash is the parent and would reap the killed child itself.
    await parentHasBecomeSleep(parent.pid!);
    process.kill(pid, 'SIGKILL');
    const wait = await awaitProcessExit(pid, 'sleep', ticks, { timeoutMs: 5000 });
    assert.equal(wait.ended, true, JSON.stringify(wait));
    assert.equal(stateOf(pid), 'Z', 'still a zombie: nobody reaped it');
  });

  it('counts a pid that another process has now as ended, at once', async () => {
    const child = await bash('echo ready; while :; do sleep 0.05; done');
    const wait = await awaitProcessExit(child.pid!, 'bash', '1', { timeoutMs: 5000 });
    assert.deepEqual([wait.ended, wait.afterMs < 5000], [true, true]);
  });

  it('cannot tell without /proc, and then does not wait', async () => {
    const wait = await awaitProcessExit(process.pid, 'node', '1', { platform: 'darwin' });
    assert.equal(wait.unknown, true);
    assert.match(describeProcessExit(wait), /could not tell whether it ended/);
  });
});
