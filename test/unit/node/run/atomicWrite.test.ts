import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeAtomicWriteFs, parseTempName, tempPathFor, writeFileAtomic, type AtomicWriteFs } from '../../../../src/node/run/atomicWrite';
import { crashingFs, SimulatedCrash, WRITE_CALLS } from './crashingFs';

const root = mkdtempSync(join(tmpdir(), 'atomic-write-'));
after(() => rmSync(root, { recursive: true, force: true }));
const freshDir = (): string => mkdtempSync(join(root, 'case-'));

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temporary behind', async () => {
    const dir = freshDir();
    const target = join(dir, 'run.json');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, new TextEncoder().encode('second'));
    assert.equal(readFileSync(target, 'utf8'), 'second');
    assert.deepEqual(readdirSync(dir), ['run.json']);
  });

  it('makes exactly the calls of the protocol, in order', { skip: process.platform === 'win32' }, async () => {
    const fs = crashingFs(Infinity);
    await writeFileAtomic(join(freshDir(), 'run.json'), '{}', fs);
    assert.deepEqual(fs.calls, WRITE_CALLS);
  });

  for (const [index, call] of WRITE_CALLS.entries()) {
    it(`a crash right after "${call}" leaves the old file or the new one, whole`, { skip: process.platform === 'win32' }, async () => {
      const dir = freshDir();
      const target = join(dir, 'run.json');
      const before = JSON.stringify({ revision: 1, body: 'a'.repeat(50_000) });
      const next = JSON.stringify({ revision: 2, body: 'b'.repeat(80_000) });
      writeFileSync(target, before);
      const fs = crashingFs(index + 1);
      await assert.rejects(writeFileAtomic(target, next, fs), SimulatedCrash);
      await fs.osCleanup();
      const onDisk = readFileSync(target, 'utf8');
      // Until the rename the old file stands; from the rename on, the new one.
      assert.equal(onDisk, index < WRITE_CALLS.indexOf('rename') ? before : next);
      const leftovers = readdirSync(dir).filter((name) => name !== 'run.json');
      assert.ok(leftovers.every((name) => parseTempName(name)?.target === 'run.json'), `only our hidden temporary may be left: ${leftovers.join(', ')}`);
    });
  }

  it('removes its temporary when a write fails and the process lives on (disk full)', async () => {
    const dir = freshDir();
    const target = join(dir, 'run.json');
    writeFileSync(target, 'old');
    const full: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      async createExclusive(path) {
        const file = await nodeAtomicWriteFs.createExclusive(path);
        return { ...file, write: async () => { throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }); } };
      },
    };
    await assert.rejects(writeFileAtomic(target, 'new', full), /no space left/);
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['run.json']);
  });

  it('names temporaries hidden, unique and in the target directory', () => {
    const a = tempPathFor('/data/runs/r1.json');
    assert.notEqual(a, tempPathFor('/data/runs/r1.json'));
    assert.match(a, /^\/data\/runs\/\.r1\.json\.\d+\.[0-9a-f]{12}\.tmp$/);
    assert.deepEqual(parseTempName(a.split('/').pop() ?? ''), { target: 'r1.json', pid: process.pid });
    assert.equal(parseTempName('r1.json'), undefined);
  });
});
