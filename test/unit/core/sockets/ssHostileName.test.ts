// A process can name itself "x\ntcp LISTEN 0" (15 bytes fit in comm), so that
// ss prints its row over two lines and the second one looks like a row of its
// own. The socket must keep its owner: remediation fills its values from it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { parseSs, SS_ARGS } from '../../../../src/core/sockets/parseSs';
import { skipUnlessAvailable } from '../../../support/prerequisites';
import { find, fixture } from './fixture';

const HOSTILE_NAME = 'x\ntcp LISTEN 0';

/** Sets its own name with prctl(PR_SET_NAME), listens on loopback TCP and UDP, prints both ports. */
const LISTENER = `
import ctypes, socket, sys, time
ctypes.CDLL(None).prctl(15, ctypes.c_char_p(sys.argv[1].encode()), 0, 0, 0)
t = socket.socket(); t.bind(('127.0.0.1', 0)); t.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0))
sys.stdout.write('%d %d\\n' % (t.getsockname()[1], u.getsockname()[1])); sys.stdout.flush()
time.sleep(60)
`;

describe('ss rows split by a process name that looks like a row', () => {
  it('keeps the owner in the real capture (test/fixtures/sockets/linux-ss-netid-in-name.txt)', () => {
    const { sockets, warnings } = parseSs(fixture('linux-ss-netid-in-name.txt'));
    assert.deepEqual(warnings, []);
    assert.equal(sockets.length, 3);
    assert.deepEqual(find(sockets, 'udp4 127.0.0.1:54299').process, { pid: 27489, fd: 4, name: HOSTILE_NAME });
    assert.deepEqual(find(sockets, 'tcp4 127.0.0.1:55623').process, { pid: 27489, fd: 3, name: HOSTILE_NAME });
    assert.equal(find(sockets, 'tcp4 127.0.0.1:55623').inode, 56318);
    assert.equal(find(sockets, 'tcp4 0.0.0.0:2024').process, undefined);
  });

  it('does not let a row whose list never closes take the next real row', () => {
    const { sockets } = parseSs([
      'udp UNCONN 0 0 127.0.0.1:6881 0.0.0.0:* users:(("x',
      'tcp LISTEN 0 5 127.0.0.1:6882 0.0.0.0:* users:(("y",pid=3,fd=4)) ino:778 sk:2 <->',
    ].join('\n'));
    assert.deepEqual(sockets.map((s) => [s.protocol, s.localPort, s.process?.pid]), [['udp', 6881, undefined], ['tcp', 6882, 3]]);
  });

  it('keeps the owner of a live process named "x\\ntcp LISTEN 0", as the real ss prints it', { skip: skipUnlessAvailable(['ss', 'python3'], false) }, async () => {
    const child = spawn('python3', ['-c', LISTENER, HOSTILE_NAME], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let line = '';
      while (!line.includes('\n')) line += String(((await once(child.stdout, 'data')) as [Buffer])[0]);
      const [tcpPort, udpPort] = line.trim().split(' ').map(Number);
      assert.equal(execFileSync('cat', [`/proc/${child.pid}/comm`], { encoding: 'utf8' }), `${HOSTILE_NAME}\n`);
      const output = execFileSync('ss', [...SS_ARGS], { encoding: 'utf8' });
      // The row really is split, with a line that starts like a row: otherwise this tests nothing.
      assert.match(output, /users:\(\("x\ntcp LISTEN 0",pid=\d+/);
      const { sockets } = parseSs(output);
      for (const key of [`tcp4 127.0.0.1:${tcpPort}`, `udp4 127.0.0.1:${udpPort}`]) {
        const socket = find(sockets, key);
        assert.equal(socket.process?.pid, child.pid, key);
        assert.equal(socket.process?.name, HOSTILE_NAME, key);
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});
