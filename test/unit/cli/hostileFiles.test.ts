// Files the CLI reads from paths someone else chose, made hostile for real: a
// runbook path that is a FIFO, /dev/zero, a directory, a huge file or a link
// to a FIFO; records folders holding a FIFO, a directory and a device named
// `*.json`; a record whose file name and run id differ; a --sarif path that
// cannot be written. Each is refused at once (before any check runs), with
// what is wrong, and nothing else is disturbed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../src/node/run/runStore';
import { startCli, writeProbeRunbook } from './cliProcess';

const unix = process.platform !== 'win32';
const root = mkdtempSync(join(tmpdir(), 'cli-hostile-files-'));
const mounts: string[] = [];
after(() => {
  for (const mount of mounts) spawnSync('umount', [mount]);
  rmSync(root, { recursive: true, force: true });
});

function mkfifo(path: string): void {
  assert.equal(spawnSync('mkfifo', [path]).status, 0, `mkfifo ${path}`);
}

/** The CLI's result, killed (and so failing the test) if it has not ended within `ms`: a hang is the bug. */
async function cliWithin(args: string[], ms = 10_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const cli = startCli(args);
  const deadline = setTimeout(() => cli.child.kill('SIGKILL'), ms);
  const result = await cli.done;
  clearTimeout(deadline);
  assert.notEqual(result.signal, 'SIGKILL', `the CLI hung on ${args.join(' ')}; stderr: ${result.stderr}`);
  return result;
}

describe('run: the runbook path is read bounded', { skip: !unix }, () => {
  const cases: [string, () => string, RegExp][] = [
    ['a FIFO', () => { const p = join(root, 'pipe.md'); mkfifo(p); return p; }, /is a FIFO \(named pipe\), not a regular file/],
    ['/dev/zero', () => '/dev/zero', /\/dev\/zero is a character device, not a regular file/],
    ['a directory', () => { const p = join(root, 'folder.md'); mkdirSync(p); return p; }, /is a directory, not a regular file/],
    ['a file over the cap', () => { const p = join(root, 'huge.md'); writeFileSync(p, Buffer.alloc(3_000_001, 0x61)); return p; }, /is 3000001 bytes; the limit is 3000000 bytes/],
    ['a symlink to a FIFO', () => { const f = join(root, 'pipe-target'); mkfifo(f); const p = join(root, 'link.md'); symlinkSync(f, p); return p; }, /is a FIFO \(named pipe\)/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name} at once, exit 2, with what it is`, async () => {
      const records = join(root, `records-${name.replace(/\W+/g, '-')}`);
      const result = await cliWithin(['run', make(), '--record-dir', records]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /EISDIR|ENOENT/);
      assert.equal(existsSync(records), false, 'nothing ran, so no record folder');
    });
  }
});

describe('records: hostile entries in the folder, and a record under another name', { skip: !unix }, () => {
  let dir: string;
  let records: string;
  let runbook: string;
  let goodId: string;
  const fifoId = '20250101T000000Z-aaaaaaaa';
  const folderId = '20250101T000000Z-bbbbbbbb';
  const deviceId = '20250101T000000Z-cccccccc';
  const renamedId = '20250101T000000Z-dddddddd';

  before(async () => {
    dir = mkdtempSync(join(root, 'records-'));
    records = join(dir, 'records');
    runbook = writeProbeRunbook(dir);
    const sarif = join(dir, 'detection.sarif');
    const first = await cliWithin(['run', runbook, '--targets', '127.0.0.1:9', '--record-dir', records, '--sarif', sarif, '--json'], 30_000);
    // Only a good record is needed here: its listing may see other tests' DHT nodes on this
    // machine (exit 1, "found"); 2 would mean the run itself failed.
    assert.ok(first.code === 0 || first.code === 1, `exit ${first.code}: ${first.stderr}`);
    goodId = (JSON.parse(first.stdout) as { runId: string }).runId;
    assert.equal((JSON.parse(readFileSync(sarif, 'utf8')) as { version: string }).version, '2.1.0');
    mkfifo(join(records, `${fifoId}.json`));
    mkdirSync(join(records, `${folderId}.json`));
    // A real character device (/dev/null's numbers) where root may make one; a link to /dev/zero otherwise.
    const device = join(records, `${deviceId}.json`);
    if (spawnSync('mknod', [device, 'c', '1', '3']).status !== 0) symlinkSync('/dev/zero', device);
  });

  it('the Runs listing lists the good record and each hostile entry as unreadable, with its reason, without waiting', async () => {
    let timer: NodeJS.Timeout | undefined;
    const listed = await Promise.race([
      new RunStore(records).list(),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('list() hung on a hostile entry')), 5000); }),
    ]).finally(() => clearTimeout(timer));
    assert.deepEqual(listed.records.map((r) => r.runId), [goodId]);
    const reasons = new Map(listed.problems.map((p) => [p.file, p.message]));
    assert.match(reasons.get(`${fifoId}.json`) ?? '', /is a FIFO \(named pipe\), not a regular file/);
    assert.match(reasons.get(`${folderId}.json`) ?? '', /is a directory, not a regular file/);
    assert.match(reasons.get(`${deviceId}.json`) ?? '', /is a character device, not a regular file/);
  });

  it('run --run on a FIFO record refuses at once, exit 2, saying what it is', async () => {
    const result = await cliWithin(['run', runbook, '--phase', 'verification', '--run', fifoId, '--record-dir', records]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /is a FIFO \(named pipe\), not a regular file/);
  });

  it('a record whose file name and run id differ is refused before any check runs, naming both', async () => {
    const renamed = join(records, `${renamedId}.json`);
    copyFileSync(join(records, `${goodId}.json`), renamed);
    const before = readFileSync(renamed);
    const namesBefore = readdirSync(records).sort();
    const result = await cliWithin(['run', runbook, '--phase', 'verification', '--run', renamedId, '--record-dir', records]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`Record ${renamedId}\\.json holds run ${goodId}, not ${renamedId}`));
    assert.doesNotMatch(result.stderr, /: verification of|probe-targets|list-sockets/, 'no check ran');
    assert.deepEqual(readFileSync(renamed), before);
    assert.deepEqual(readdirSync(records).sort(), namesBefore);
    rmSync(renamed);
  });
});

describe('run --sarif: a path that cannot be written is refused before the run starts', { skip: !unix }, () => {
  function readOnlyFolder(): string {
    const folder = mkdtempSync(join(root, 'read-only-'));
    // Root ignores permission bits, so a read-only mount is the real read-only place; others get a 0555 folder.
    if (process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', folder]).status === 0) {
      mounts.push(folder);
    } else {
      spawnSync('chmod', ['0555', folder]);
    }
    return folder;
  }
  const cases: [string, () => string, RegExp][] = [
    ['a missing folder', () => join(root, 'no-such-folder', 'out.sarif'), /the folder .*no-such-folder does not exist/],
    ['a directory', () => mkdtempSync(join(root, 'sarif-dir-')), /is a directory, not a file/],
    ['a read-only place', () => join(readOnlyFolder(), 'out.sarif'), /cannot create a file in .*read-only-.*\((EROFS|EACCES)\)/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name}, exit 2, with no record made`, async () => {
      const dir = mkdtempSync(join(root, 'sarif-'));
      const records = join(dir, 'records');
      const result = await cliWithin(['run', writeProbeRunbook(dir), '--targets', '127.0.0.1:9', '--record-dir', records, '--sarif', make()]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(existsSync(records), false, 'the run never started');
    });
  }
});
