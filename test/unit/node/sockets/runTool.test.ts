import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceOf, runTool } from '../../../../src/node/sockets/runTool';

describe('runTool', { skip: process.platform === 'win32' && 'uses POSIX tools' }, () => {
  it('captures output and exit code, and passes arguments without a shell', async () => {
    const run = await runTool('printf', ['%s|', '$(id)', 'a b; echo x']);
    assert.deepEqual([run.exitCode, run.stdout, run.missing, run.error], [0, '$(id)|a b; echo x|', false, undefined]);
  });

  it('reports a non-zero exit without calling it an error', async () => {
    const run = await runTool('ls', ['/no/such/path/anywhere']);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /No such file/);
    assert.equal(run.error, undefined);
    assert.deepEqual(evidenceOf(run), { command: 'ls', args: ['/no/such/path/anywhere'], exitCode: 2, rawOutput: '', stderr: run.stderr });
  });

  it('says when a tool is missing', async () => {
    const run = await runTool('no-such-tool-here', []);
    assert.deepEqual([run.missing, run.exitCode], [true, null]);
    assert.match(run.error ?? '', /not installed/);
  });

  it('stops a tool at the time limit', async () => {
    const run = await runTool('sleep', ['30'], { timeoutMs: 200 });
    assert.equal(run.timedOut, true);
    assert.ok(run.durationMs < 10_000, `took ${run.durationMs} ms`);
    assert.match(run.error ?? '', /did not finish within 200 ms/);
  });

  it('keeps its deadline when a tool ignores SIGTERM and a grandchild holds the output open', async () => {
    // sh ignores TERM and so does the sleep it starts; SIGKILL ends sh, but sleep keeps stdout open.
    const run = await runTool('sh', ['-c', 'trap "" TERM; sleep 20'], { timeoutMs: 300 });
    assert.equal(run.timedOut, true);
    assert.equal(run.exitCode, null);
    assert.ok(run.durationMs < 10_000, `took ${run.durationMs} ms`);
    assert.match(run.error ?? '', /did not finish within 300 ms/);
  });

  it('returns with the exit code once a tool has exited, though a grandchild it left holds stdout open', async () => {
    const run = await runTool('sh', ['-c', 'sleep 30 & echo $!'], { timeoutMs: 20_000 });
    const grandchild = Number(run.stdout.trim());
    try {
      assert.deepEqual([run.exitCode, run.timedOut, run.error], [0, false, undefined]);
      assert.ok(run.durationMs < 15_000, `took ${run.durationMs} ms`);
      assert.ok(grandchild > 0, `stdout was ${JSON.stringify(run.stdout)}`);
    } finally {
      if (grandchild > 0) try { process.kill(grandchild, 'SIGKILL'); } catch { /* already gone */ }
    }
  });

  it('cuts output at the size limit and says so', async () => {
    const run = await runTool('head', ['-c', '100000', '/dev/zero'], { maxBufferBytes: 1000 });
    assert.equal(run.truncated, true);
    assert.ok(run.stdout.length <= 1000);
    assert.equal(evidenceOf(run).truncated, true);
  });

  it('runs tools in the C locale, so their words are the ones the parsers read', async () => {
    const run = await runTool('env', []);
    assert.match(run.stdout, /^LC_ALL=C$/m);
  });
});
