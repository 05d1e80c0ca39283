// SIGINT and SIGTERM end every CLI command promptly, with a message and exit
// code 130 or 143, and leave no temporary file in the record folder. Each case
// is a real CLI process: in the middle of a long sweep, and blocked on a tool
// that never answers (an `ss` of our own on PATH that only sleeps).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { handleInterrupts } from '../../../src/cli/interrupts';
import { writeFileAtomic, type AtomicWriteFs } from '../../../src/node/run/atomicWrite';
import { startCli, runCliProcess, writeProbeRunbook } from './cliProcess';

const unix = process.platform !== 'win32';
const root = mkdtempSync(join(tmpdir(), 'cli-interrupts-'));
const leftovers: number[] = [];
after(() => {
  for (const pid of leftovers) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  rmSync(root, { recursive: true, force: true });
});

/** A folder with an `ss` that writes its pid and then sleeps: the CLI waits on its output. */
function sleepingSs(): { env: NodeJS.ProcessEnv; pidFile: string } {
  const bin = mkdtempSync(join(root, 'bin-'));
  const pidFile = join(bin, 'ss.pid');
  writeFileSync(join(bin, 'ss'), `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 60\n`);
  chmodSync(join(bin, 'ss'), 0o755);
  return { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, pidFile };
}

function forgetSleeper(pidFile: string): void {
  if (existsSync(pidFile)) leftovers.push(Number(readFileSync(pidFile, 'utf8').trim()));
}

/** The sweep's UDP socket is open (Linux: a socket among the CLI's fds); elsewhere, 1.5 s. */
async function sweepHasStarted(pid: number): Promise<void> {
  if (process.platform !== 'linux') { await new Promise((resolve) => setTimeout(resolve, 1500)); return; }
  const hasSocket = (): boolean => {
    try { return readdirSync(`/proc/${pid}/fd`).some((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:'); } catch { return false; } }); } catch { return false; }
  };
  for (let tries = 0; tries < 300 && !hasSocket(); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(hasSocket(), 'the probe never opened its socket');
  await new Promise((resolve) => setTimeout(resolve, 300)); // a few packets into the 8 s of sending
}

/** Temporaries of saves (writeFileAtomic) and lock flags in progress: none may be left. */
function workingFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.includes('.lock')) : [];
}

describe('SIGINT and SIGTERM end every CLI command', { skip: !unix }, () => {
  it('probe, mid-sweep, SIGINT: exits 130 promptly with the partial report and says so', async () => {
    // 4,096 addresses x 1 port at 500 packets/s: about 8 s of sending.
    const cli = startCli(['probe', '127.0.0.0/20:9', '--rate', '500', '--max-endpoints', '100000']);
    await sweepHasStarted(cli.child.pid!);
    const signalledAt = Date.now();
    cli.child.kill('SIGINT');
    const result = await cli.done;
    assert.equal(result.code, 130, result.stderr);
    assert.ok(Date.now() - signalledAt < 3000, `took ${Date.now() - signalledAt} ms after SIGINT`);
    assert.match(result.stderr, /SIGINT received: stopping/);
    assert.match(result.stdout, /Cancelled before the sweep finished/);
  });

  it('run, mid-probe, SIGTERM: exits 143, the record is saved whole, no temporary left', async () => {
    const dir = mkdtempSync(join(root, 'run-'));
    const records = join(dir, 'records');
    const cli = startCli(['run', writeProbeRunbook(dir), '--targets', '127.0.0.0/22', '--record-dir', records]);
    await cli.waitForStderr(/list-sockets: /);
    await new Promise((resolve) => setTimeout(resolve, 800)); // inside the 4,096-endpoint sweep
    cli.child.kill('SIGTERM');
    const result = await cli.done;
    assert.equal(result.code, 143, result.stderr);
    assert.match(result.stderr, /SIGTERM received: stopping/);
    assert.deepEqual(workingFiles(records), []);
    const saved = readdirSync(records).filter((name) => name.endsWith('.json'));
    assert.equal(saved.length, 1);
    const record = JSON.parse(readFileSync(join(records, saved[0]!), 'utf8')) as { steps: Record<string, { status: string }> };
    assert.ok(record.steps['probe-targets'], 'the interrupted step is in the record');
  });

  it('check-local blocked on a tool that never answers, SIGTERM: exits 143 within the grace, says why', async () => {
    const { env, pidFile } = sleepingSs();
    const cli = startCli(['check-local', '--source', 'ss'], env);
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(existsSync(pidFile), 'the fake ss never started');
    forgetSleeper(pidFile);
    const signalledAt = Date.now();
    cli.child.kill('SIGTERM');
    const result = await cli.done;
    assert.equal(result.code, 143, result.stderr);
    assert.ok(Date.now() - signalledAt < 5000, `took ${Date.now() - signalledAt} ms after SIGTERM`);
    assert.match(result.stderr, /SIGTERM received: stopping/);
    assert.match(result.stderr, /did not stop within 2 s of SIGTERM; exiting now/);
  });

  it('run blocked on the same tool, SIGINT twice: exits 130 at once, no temporary left', async () => {
    const { env, pidFile } = sleepingSs();
    const dir = mkdtempSync(join(root, 'blocked-'));
    const records = join(dir, 'records');
    const cli = startCli(['run', writeProbeRunbook(dir), '--targets', '127.0.0.1:9', '--record-dir', records], env);
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    forgetSleeper(pidFile);
    cli.child.kill('SIGINT');
    await cli.waitForStderr(/SIGINT received/);
    const secondAt = Date.now();
    cli.child.kill('SIGINT');
    const result = await cli.done;
    assert.equal(result.code, 130, result.stderr);
    // Under the 2 s grace that a first SIGINT gives: the second one does not wait for it.
    assert.ok(Date.now() - secondAt < 1800, `took ${Date.now() - secondAt} ms after the second SIGINT`);
    assert.match(result.stderr, /SIGINT received again; exiting now/);
    assert.deepEqual(workingFiles(records), []);
  });

  it('a record folder under /proc fails at once with a clear message, not a spinning mkdir', { skip: process.platform !== 'linux' }, async () => {
    const dir = mkdtempSync(join(root, 'proc-'));
    const cli = startCli(['run', writeProbeRunbook(dir), '--targets', '127.0.0.1:9', '--record-dir', '/proc/self/nonexistent/x']);
    // Before the fix this spun for minutes: stop it rather than hang the suite.
    const deadline = setTimeout(() => cli.child.kill('SIGKILL'), 10_000);
    const result = await cli.done;
    clearTimeout(deadline);
    assert.equal(result.code, 2, `exit ${result.code} (${result.signal ?? 'no signal'}) after ${result.ms} ms: ${result.stderr}`);
    assert.ok(result.ms < 5000, `took ${result.ms} ms`);
    assert.match(result.stderr, /Cannot create the record folder \/proc\/self\/nonexistent\/x: creating \/proc\/self\/nonexistent failed/);
    assert.match(result.stderr, /Choose a folder you can write to/);
  });

  it('a record folder path through a file fails with what is wrong', async () => {
    const dir = mkdtempSync(join(root, 'file-'));
    writeFileSync(join(dir, 'plain'), '');
    mkdirSync(join(dir, 'ok'));
    const result = await runCliProcess(['run', writeProbeRunbook(dir), '--targets', '127.0.0.1:9', '--record-dir', join(dir, 'plain', 'records')]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /plain is not a folder/);
  });
});

describe('an exit in the middle of a save leaves no temporary', () => {
  it('a second signal during a save that never finishes removes its temporary and exits 143', async () => {
    const dir = mkdtempSync(join(root, 'save-'));
    const target = join(dir, 'record.json');
    writeFileSync(target, 'old');
    // A disk that accepts the temporary's creation, then never completes the write.
    const stuck: AtomicWriteFs = {
      async createExclusive(path) {
        writeFileSync(path, '', { flag: 'wx' });
        return { write: () => new Promise<void>(() => undefined), sync: async () => undefined, close: async () => undefined };
      },
      openDirectory: async () => undefined,
      rename: async () => { throw new Error('never reached'); },
      unlink: async () => undefined,
    };
    const signals = new EventEmitter();
    const exits: number[] = [];
    const stderr: string[] = [];
    const interrupts = handleInterrupts({
      stderr: { write: (text: string) => stderr.push(text) }, graceMs: 60_000,
      exit: (code) => { exits.push(code); }, on: (name, listener) => { signals.on(name, listener); },
    });
    void writeFileAtomic(target, 'new', stuck);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')).length, 1, 'the save made its temporary');

    signals.emit('SIGTERM');
    assert.ok(interrupts.signal.aborted);
    assert.equal(interrupts.exitCode(), 143);
    assert.deepEqual(exits, [], 'the first signal lets the command stop by itself');
    signals.emit('SIGTERM');
    assert.deepEqual(exits, [143]);
    assert.deepEqual(readdirSync(dir), ['record.json']);
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.match(stderr.join(''), /removed 1 unfinished temporary file/);
  });
});
