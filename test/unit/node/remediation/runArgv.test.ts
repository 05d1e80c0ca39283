import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runArgv } from '../../../../src/node/remediation/runArgv';

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('runArgv', { skip: process.platform === 'win32' && 'uses POSIX tools' }, () => {
  it('runs an argument list without a shell and keeps stdout and stderr', async () => {
    const outcome = await runArgv(['sh', '-c', 'echo out; echo err >&2; exit 3', '$(id)']);
    assert.equal(outcome.exitCode, 3);
    assert.match(outcome.output, /^out$/m);
    assert.match(outcome.output, /^err$/m);
    assert.equal(outcome.error, undefined);
  });

  it('returns when the command has exited although a grandchild it left keeps the output pipe open', async () => {
    const started = Date.now();
    const outcome = await runArgv(['sh', '-c', 'sleep 30 & echo $!'], { timeoutMs: 20_000 });
    const took = Date.now() - started;
    const grandchild = Number(outcome.output.trim());
    try {
      assert.ok(took < 15_000, `took ${took} ms: it waited for the grandchild`);
      assert.equal(outcome.exitCode, 0);
      assert.equal(outcome.error, undefined);
      assert.ok(Number.isInteger(grandchild) && grandchild > 0, `output was ${JSON.stringify(outcome.output)}`);
      assert.ok(isAlive(grandchild), 'the grandchild is still running: this test showed what it meant to');
    } finally {
      if (grandchild > 0) try { process.kill(grandchild, 'SIGKILL'); } catch { /* already gone */ }
    }
  });

  it('keeps a character whole when its bytes come in separate chunks', async () => {
    // é is C3 A9, 😀 is F0 9F 98 80: written a byte or two at a time, with pauses so each is its own chunk.
    const script = "printf '\\303'; sleep 0.2; printf '\\251 \\360\\237'; sleep 0.2; printf '\\230'; sleep 0.2; printf '\\200\\n'";
    const outcome = await runArgv(['sh', '-c', script]);
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.output, 'é 😀\n');
  });

  it('keeps the head and tail of long output within the limit, saying how much was left out, and never splits a character', async () => {
    const outcome = await runArgv(['sh', '-c', 'i=0; while [ $i -lt 2000 ]; do printf "😀"; i=$((i+1)); done; echo; echo end'], { maxOutput: 101 });
    assert.equal(outcome.exitCode, 0);
    assert.match(outcome.output, /\[\.\.\. \d+ characters of output left out \.\.\.\]/);
    assert.match(outcome.output, /end\n$/);
    assert.ok(outcome.output.length < 200, `${outcome.output.length} characters`);
    assert.ok(!outcome.output.includes('\ufffd'), 'a character was split');
    assert.doesNotMatch(outcome.output, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'a surrogate pair was split');
  });

  it('stops a command at the time limit and names the limit it used', async () => {
    const started = Date.now();
    const outcome = await runArgv(['sleep', '30'], { timeoutMs: 300 });
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(outcome.exitCode, undefined);
    assert.equal(outcome.error, 'stopped after the time limit of 300 ms');
  });

  it('kills a command that ignores SIGTERM and returns although its grandchild outlives it', async () => {
    const started = Date.now();
    const outcome = await runArgv(['sh', '-c', 'trap "" TERM; echo waiting; sleep 20'], { timeoutMs: 300 });
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(outcome.exitCode, undefined);
    assert.equal(outcome.output, 'waiting\n');
    assert.equal(outcome.error, 'stopped after the time limit of 300 ms');
  });

  it('says interrupted when its signal is aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await runArgv(['sleep', '30'], { signal: controller.signal });
    assert.deepEqual(outcome, { exitCode: undefined, output: '', error: 'interrupted' });
  });

  it('says when the program is not installed, and when there is no command', async () => {
    assert.deepEqual(await runArgv(['no-such-program-here']), { exitCode: undefined, output: '', error: 'no-such-program-here is not installed (not found on PATH)' });
    assert.deepEqual(await runArgv([]), { exitCode: undefined, output: '', error: 'empty command' });
  });
});
