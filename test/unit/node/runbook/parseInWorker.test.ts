// A large runbook is parsed in a real worker thread, built from the real
// entry (src/node/runbook/parseWorker.ts) the way scripts/build.mjs builds it;
// a worker past its deadline is terminated, and the runbook says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';
import { parseRunbookOffThread, WORKER_THRESHOLD_CHARS } from '../../../../src/node/runbook/parseInWorker';
import { SHAPES } from '../../core/runbook/runbookShapes';

const realistic = SHAPES[0]!;

describe('parseRunbookOffThread', () => {
  let dir = '';
  let workerScript = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-worker-'));
    workerScript = join(dir, 'runbookParseWorker.js');
    await esbuild.build({ entryPoints: ['src/node/runbook/parseWorker.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: workerScript, logLevel: 'warning' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses a small runbook on the spot, without a worker', async () => {
    const source = realistic.make(WORKER_THRESHOLD_CHARS);
    const workers: Worker[] = [];
    // A worker started from this path would fail: the result shows none was.
    const result = await parseRunbookOffThread(source, { workerScript: join(dir, 'absent.js'), onWorker: (w) => workers.push(w) });
    assert.equal(workers.length, 0);
    assert.deepEqual(result, parseRunbook(source));
  });

  it('parses a large runbook in a worker, with the same result, while this thread goes on', async () => {
    const source = realistic.make(500_000);
    const workers: Worker[] = [];
    let settled = false;
    const parsing = parseRunbookOffThread(source, { workerScript, onWorker: (w) => workers.push(w) }).then((r) => { settled = true; return r; });
    // The event loop turns while the worker reads: a synchronous parse would already be done.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    assert.equal(workers.length, 1);
    const result = await parsing;
    assert.ok(result.runbook !== undefined && result.runbook.phases.length > 0);
    assert.deepEqual(result, parseRunbook(source));
  });

  it('terminates a worker that outlives its deadline, and says so instead of hanging', async () => {
    const source = realistic.make(1_000_000);
    const exits: Promise<number>[] = [];
    let messages = 0;
    const result = await parseRunbookOffThread(source, {
      workerScript, deadlineMs: 1,
      onWorker: (w) => {
        w.on('message', () => { messages++; });
        exits.push(new Promise((resolve) => w.once('exit', resolve)));
      },
    });
    assert.equal(result.runbook, undefined);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.line, d.code]), [['error', 0, 'too-large']]);
    assert.match(result.diagnostics[0]?.message ?? '', /took longer than 0\.001 s and was stopped/);
    assert.equal(exits.length, 1);
    // The thread ends without ever sending its result: it was stopped, not left to finish.
    await exits[0];
    assert.equal(messages, 0);
  });

  it('a worker that cannot start gives a diagnostic, not an exception', async () => {
    const source = realistic.make(200_000);
    const result = await parseRunbookOffThread(source, { workerScript: join(dir, 'absent.js') });
    assert.equal(result.runbook, undefined);
    assert.equal(result.diagnostics[0]?.code, 'internal');
    assert.match(result.diagnostics[0]?.message ?? '', /could not be read/);
  });
});
