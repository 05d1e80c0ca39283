// A process name can forge `ss`'s owner list (`x",pid=1,fd=3` puts a pid 1 in
// the row). Owners are believed only when /proc agrees, and a socket left
// with no believable owner gets it back from /proc by its inode.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { listListeningSockets, recoverOwnersByInode } from '../../../../src/node/sockets/listListeningSockets';
import { skipUnlessAvailable } from '../../../support/prerequisites';

const FORGED = 'x",pid=1,fd=3';
const NAMER = [
  'import ctypes, socket, sys, time',
  'ctypes.CDLL(None).prctl(15, ctypes.c_char_p(sys.argv[1].encode()), 0, 0, 0)',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))',
  'print(s.getsockname()[1], flush=True); time.sleep(60)',
].join('\n');

describe('owners that a process name forged', { skip: process.platform !== 'linux' ? 'Linux only' : skipUnlessAvailable(['ss', 'python3'], true) }, () => {
  let child: ChildProcess;
  let port: number;
  before(async () => {
    child = spawn('python3', ['-c', NAMER, FORGED], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = await once(child.stdout!, 'data') as [Buffer];
    port = Number(chunk.toString().trim());
  });
  after(() => { child?.kill('SIGKILL'); });

  it('the listing names the real process, never the forged pid 1', async () => {
    const listing = await listListeningSockets({ source: 'ss' });
    const mine = listing.sockets.filter((s) => s.localPort === port && s.protocol === 'udp');
    assert.equal(mine.length, 1);
    const pids = [mine[0]!.process, ...(mine[0]!.otherProcesses ?? [])].map((p) => p?.pid);
    assert.deepEqual(pids, [child.pid]);
    assert.equal(mine[0]!.process?.name, FORGED);
  });

  it('a socket whose row lost every owner gets it back from /proc by its inode', async () => {
    const listing = await listListeningSockets({ source: 'ss' });
    const mine = listing.sockets.find((s) => s.localPort === port && s.protocol === 'udp')!;
    const orphan = { ...mine };
    delete orphan.process;
    delete orphan.otherProcesses;
    const warnings: string[] = [];
    const [recovered] = await recoverOwnersByInode([orphan], warnings);
    assert.equal(recovered?.process?.pid, child.pid);
    assert.match(warnings.join(), /found in \/proc by the socket's inode/);
  });
});
