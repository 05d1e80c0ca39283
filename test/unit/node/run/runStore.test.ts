import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishStep, setNote, startStep } from '../../../../src/core/run/runState';
import type { RunRecord } from '../../../../src/core/run/types';
import { LockTimeoutError } from '../../../../src/node/run/runLock';
import { MAX_RECORD_BYTES, RunStore, RunStoreError } from '../../../../src/node/run/runStore';
import { at, detectionCheck, newRun, walkedRun } from '../../core/run/fixtures';
import { crashingFs, SimulatedCrash, WRITE_CALLS } from './crashingFs';

const root = mkdtempSync(join(tmpdir(), 'run-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
const freshDir = (): string => join(mkdtempSync(join(root, 'case-')), '.runbook-runs');

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<RunStoreError> {
  let caught: unknown;
  await promise.catch((error: unknown) => { caught = error; });
  assert.ok(caught instanceof RunStoreError, `expected a RunStoreError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  if (message !== undefined) assert.match(caught.message, message);
  return caught;
}

describe('the run store', () => {
  it('saves, loads and lists records, one pretty JSON file per run', async () => {
    const dir = freshDir();
    const store = new RunStore(dir);
    const older = newRun('20250130T080000Z-aaaaaa');
    const newer = walkedRun();
    await store.save(older);
    await store.save(newer);
    assert.deepEqual(await new RunStore(dir).load(newer.runId), newer);
    const text = readFileSync(join(dir, `${newer.runId}.json`), 'utf8');
    assert.ok(text.startsWith('{\n  "schema": "dht-runbook/run-record@2",'), 'indented, for diffs under version control');
    const list = await new RunStore(dir).list();
    assert.deepEqual(list.records.map((r) => r.runId), [newer.runId, older.runId], 'newest first');
    assert.deepEqual(list.problems, []);
    assert.deepEqual(readdirSync(dir).sort(), ['.gitignore', `${older.runId}.json`, `${newer.runId}.json`].sort());
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.\*$/m);
  });

  it('lists nothing, without creating anything, when the folder does not exist', async () => {
    const dir = freshDir();
    assert.deepEqual(await new RunStore(dir).list(), { records: [], problems: [] });
    await rejectsWith(new RunStore(dir).load('20250131T090000Z-3f9a2c'), 'not-found');
  });

  it('refuses run ids that are not file names, and records it could not read back', async () => {
    const store = new RunStore(freshDir());
    await rejectsWith(store.load('../../etc/passwd'), 'bad-run-id');
    await rejectsWith(store.save({ ...newRun(), startedAt: 'yesterday' }), 'invalid-record', /Not saved: .*startedAt/);
  });
});

describe('a record over the size limit', () => {
  it('is refused by save, which writes nothing and leaves the previous file as it was (load would refuse it, leaving the run stuck)', async () => {
    const dir = freshDir();
    const store = new RunStore(dir);
    const run = await store.save(newRun());
    const path = join(dir, `${run.runId}.json`);
    const before = readFileSync(path);
    const files = readdirSync(dir).sort();
    // One note of the whole limit: with the rest of the record the file would be just over it.
    const huge = setNote(run, 'list-sockets', 'x'.repeat(MAX_RECORD_BYTES), at(1));
    const error = await rejectsWith(store.save(huge), 'too-large',
      new RegExp(`^Not saved: run ${run.runId} would be \\d+ bytes, over the ${MAX_RECORD_BYTES}-byte limit of a run record.* Nothing was written\\.$`));
    assert.match(error.message, /merge fewer hosts per fleet run/, 'says what to do');
    assert.deepEqual(readFileSync(path), before, 'the previous record is intact');
    assert.deepEqual(readdirSync(dir).sort(), files, 'no temporary file or lock flag left behind');
    assert.deepEqual(await new RunStore(dir).load(run.runId), run);
    // The store still saves the next, smaller revision on top of the one it knows.
    await store.save(setNote(run, 'list-sockets', 'small', at(2)));
    assert.equal((await new RunStore(dir).load(run.runId)).steps['list-sockets']?.note, 'small');
  });

  it('creates no record folder when the first save is refused', async () => {
    const dir = freshDir();
    await rejectsWith(new RunStore(dir).save(setNote(newRun(), 'list-sockets', 'x'.repeat(MAX_RECORD_BYTES), at(1))), 'too-large');
    assert.equal(existsSync(dir), false);
  });
});

describe('damaged and older records on disk', () => {
  const good = walkedRun();
  const text = JSON.stringify(good, null, 2);
  const files: Record<string, string> = {
    'truncated.json': text.slice(0, 500),
    'wrong-types.json': text.replace('"revision": 18', '"revision": "eighteen"'),
    'older.json': text.replace('run-record@2', 'run-record@0'),
    'newer.json': text.replace('run-record@2', 'run-record@3'),
    'not-a-record.json': '[1, 2, 3]',
    'renamed.json': text,
  };

  it('reports each in the list, keeps listing the good ones, and leaves every file byte-identical', async () => {
    const dir = freshDir();
    const store = new RunStore(dir);
    await store.save(good);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const list = await store.list();
    assert.deepEqual(list.records.map((r) => r.runId), [good.runId]);
    const problems = Object.fromEntries(list.problems.map((p) => [p.file, p.message]));
    assert.match(problems['truncated.json'] ?? '', /^Record truncated\.json is not valid JSON/);
    assert.match(problems['wrong-types.json'] ?? '', /^Record wrong-types\.json is damaged: record\.revision: expected an integer/);
    assert.match(problems['older.json'] ?? '', /^Record older\.json was written by schema @0; this version reads @2\. It was left untouched\./);
    assert.match(problems['newer.json'] ?? '', /schema @3, by a newer release/);
    assert.match(problems['not-a-record.json'] ?? '', /is not a run record/);
    assert.match(problems['renamed.json'] ?? '', /holds run 20250131T090000Z-3f9a2c; a record's file is named after its run id/);
    for (const [name, content] of Object.entries(files)) assert.equal(readFileSync(join(dir, name), 'utf8'), content, `${name} changed`);
  });

  it('never overwrites a record it cannot read, and says why', async () => {
    for (const name of ['truncated.json', 'wrong-types.json', 'older.json', 'newer.json']) {
      const dir = freshDir();
      const store = new RunStore(dir);
      await store.save(newRun('placeholder-run'));
      const content = files[name] ?? '';
      writeFileSync(join(dir, `${good.runId}.json`), content);
      await rejectsWith(store.load(good.runId), 'unreadable', /left untouched/);
      await rejectsWith(store.save(good, { basedOn: 17 }), 'unreadable');
      assert.equal(readFileSync(join(dir, `${good.runId}.json`), 'utf8'), content, `${name} was overwritten`);
    }
  });
});

describe('a crash at every write point of a save', () => {
  for (const [index, call] of WRITE_CALLS.entries()) {
    it(`after "${call}": the record on disk is the old or the new one, and the step finished earlier is kept`, { skip: process.platform === 'win32' }, async () => {
      const dir = freshDir();
      let run = finishStep(startStep(newRun(), 'list-sockets', at(1)), 'list-sockets', 'attention', at(2), { kind: 'check-listening-ports', at: at(2), result: detectionCheck() });
      await new RunStore(dir).save(run);
      const saved = run;

      run = setNote(startStep(run, 'policy-decision', at(5)), 'policy-decision', 'asked the owner', at(6));
      const fs = crashingFs(index + 1);
      const window = new RunStore(dir, { fs });
      await window.load(run.runId);
      await assert.rejects(window.save(run), SimulatedCrash);
      await fs.osCleanup();

      // The window reloads after the crash: a new store, as after a restart.
      const reloaded = await new RunStore(dir).load(run.runId);
      const expected: RunRecord = index < WRITE_CALLS.indexOf('rename') ? saved : run;
      assert.deepEqual(reloaded, expected);
      assert.equal(reloaded.steps['list-sockets']?.status, 'attention', 'the finished step survives');
      assert.equal(reloaded.steps['list-sockets']?.results.length, 1);
      const list = await new RunStore(dir).list();
      assert.deepEqual(list.problems, [], 'a leftover temporary is not a record');

      // And the run carries on from what is on disk.
      const next = new RunStore(dir);
      const current = await next.load(run.runId);
      await next.save(finishStep(current, 'policy-decision', 'passed', at(7)));
      assert.equal((await new RunStore(dir).load(run.runId)).steps['policy-decision']?.status, 'passed');
    });
  }
});

describe('two windows saving the same run', () => {
  it('detects the conflict instead of losing the other window\'s update', async () => {
    const dir = freshDir();
    await new RunStore(dir).save(newRun());
    const windowA = new RunStore(dir);
    const windowB = new RunStore(dir);
    const a = await windowA.load('20250131T090000Z-3f9a2c');
    const b = await windowB.load('20250131T090000Z-3f9a2c');
    await windowA.save(setNote(a, 'list-sockets', 'from A', at(1)));
    // B made three changes since it loaded: its revision is higher than A's, yet it is stale.
    const bChanged = setNote(setNote(setNote(b, 'policy-decision', 'from B', at(2)), 'policy-decision', 'from B.', at(3)), 'policy-decision', 'from B!', at(4));
    const error = await rejectsWith(windowB.save(bChanged), 'conflict', /saved elsewhere .* at revision 2 after this window read revision 1\. Reload it/);
    assert.deepEqual(error.details, { runId: '20250131T090000Z-3f9a2c', diskRevision: 2, basedOn: 1 });
    assert.equal((await new RunStore(dir).load(a.runId)).steps['list-sockets']?.note, 'from A');
    // B reloads, applies its change again, and both updates are kept.
    const fresh = await windowB.load(a.runId);
    await windowB.save(setNote(fresh, 'policy-decision', 'from B', at(5)));
    const final = await new RunStore(dir).load(a.runId);
    assert.equal(final.steps['list-sockets']?.note, 'from A');
    assert.equal(final.steps['policy-decision']?.note, 'from B');
  });

  it('refuses to replace a run this window never loaded, and a copy that is not newer', async () => {
    const dir = freshDir();
    const run = newRun();
    await new RunStore(dir).save(run);
    await rejectsWith(new RunStore(dir).save(setNote(run, 'list-sockets', 'x', at(1))), 'conflict', /never loaded it/);
    await new RunStore(dir).save(setNote(run, 'list-sockets', 'x', at(1)), { basedOn: 1 });
    await rejectsWith(new RunStore(dir).save(setNote(run, 'list-sockets', 'y', at(1)), { basedOn: 2 }), 'conflict', /is not newer than the one on disk/);
  });
});

describe('the lock around a save', () => {
  it('removes a flag left by a dead process and saves', async () => {
    const dir = freshDir();
    const store = new RunStore(dir, { lock: { isAlive: (pid) => pid === process.pid } });
    await store.save(newRun());
    const stale = '.20250131T090000Z-3f9a2c~999999~00aa.lock';
    writeFileSync(join(dir, stale), JSON.stringify({ pid: 999999, host: (await import('node:os')).hostname(), createdAt: Date.now() }));
    const run = await store.load('20250131T090000Z-3f9a2c');
    await store.save(setNote(run, 'list-sockets', 'x', at(1)));
    assert.ok(!readdirSync(dir).includes(stale));
  });

  it('removes a half-made flag only once it is old (its process may be on another host)', async () => {
    const dir = freshDir();
    const store = new RunStore(dir);
    await store.save(newRun());
    const young = '.20250131T090000Z-3f9a2c~31337~00cc.lock.new';
    const old = '.20250131T090000Z-3f9a2c~31338~00dd.lock.new';
    writeFileSync(join(dir, young), '');
    writeFileSync(join(dir, old), '');
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, old), longAgo, longAgo);
    const run = await store.load('20250131T090000Z-3f9a2c');
    await store.save(setNote(run, 'list-sockets', 'x', at(1)));
    assert.ok(readdirSync(dir).includes(young));
    assert.ok(!readdirSync(dir).includes(old));
  });

  it('does not take a listed revision as the base of a save (a session may hold an older one)', async () => {
    const dir = freshDir();
    const window = new RunStore(dir);
    const session = await window.save(newRun());
    const elsewhere = new RunStore(dir);
    await elsewhere.save(setNote(await elsewhere.load(session.runId), 'list-sockets', 'other window', at(1)));
    await window.list();
    // Two changes on top of revision 1 make revision 3, above the 2 on disk: still stale.
    const stale = setNote(setNote(session, 'policy-decision', 'a', at(2)), 'policy-decision', 'b', at(3));
    await rejectsWith(window.save(stale), 'conflict', /after this window read revision 1/);
  });

  it('waits for a live holder and gives up with a clear message', async () => {
    const dir = freshDir();
    const store = new RunStore(dir, { lock: { timeoutMs: 150, isAlive: () => true } });
    await store.save(newRun());
    const held = '.20250131T090000Z-3f9a2c~4242~00bb.lock';
    writeFileSync(join(dir, held), JSON.stringify({ pid: 4242, host: (await import('node:os')).hostname(), createdAt: Date.now() }));
    const run = await store.load('20250131T090000Z-3f9a2c');
    await assert.rejects(store.save(setNote(run, 'list-sockets', 'x', at(1))), (error: unknown) =>
      error instanceof LockTimeoutError && /being saved by another process \(.*pid 4242/.test(error.message));
    rmSync(join(dir, held));
    await store.save(setNote(run, 'list-sockets', 'x', at(1)));
  });

  it('serialises saves of one run within a process', async () => {
    const dir = freshDir();
    const store = new RunStore(dir);
    const run = newRun();
    await store.save(run);
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((n) => store.save(setNote(run, 'list-sockets', `note ${n}`, at(n)), { basedOn: 1 })));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, 'one wins; the others find revision 2 on disk');
    assert.ok(outcomes.filter((o) => o.status === 'rejected').every((o) => (o.reason as RunStoreError).code === 'conflict'));
  });
});
