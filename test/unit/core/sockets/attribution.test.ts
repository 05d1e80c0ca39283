import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attributionOf } from '../../../../src/core/sockets/attribution';
import { attachOwnersByInode, enrichProcesses } from '../../../../src/core/sockets/attachProcesses';
import { parseProcNet } from '../../../../src/core/sockets/parseProcNet';
import { parseSs } from '../../../../src/core/sockets/parseSs';
import { find, fixture } from './fixture';

describe('attributionOf', () => {
  const root = parseSs(fixture('linux-ss-root.txt')).sockets;
  const unprivileged = parseSs(fixture('linux-ss-unprivileged.txt')).sockets;

  it('is complete when every socket has an owner', () => {
    assert.deepEqual(attributionOf(root.filter((s) => s.process), { privileged: false, platform: 'linux' }), { attribution: 'complete' });
    assert.deepEqual(attributionOf([], { privileged: false, platform: 'linux' }), { attribution: 'complete' });
  });

  it('tells an unprivileged user to run with sudo', () => {
    const result = attributionOf(unprivileged, { privileged: false, platform: 'linux' });
    assert.equal(result.attribution, 'partial');
    assert.match(result.attributionNote ?? '', /^42 of 50 .*as root \(with sudo\)/);
  });

  it('tells root about other PID namespaces, and says none when no owner is known', () => {
    assert.match(attributionOf(root, { privileged: true, platform: 'linux' }).attributionNote ?? '', /another PID namespace/);
    const bare = parseSs(fixture('linux-ss-no-process.txt')).sockets;
    assert.equal(attributionOf(bare, { privileged: true, platform: 'linux' }).attribution, 'none');
    assert.match(attributionOf(bare, { privileged: false, platform: 'win32' }).attributionNote ?? '', /Administrator/);
  });
});

describe('attaching process facts', () => {
  it('joins /proc/net sockets to owners by inode', () => {
    const sockets = parseProcNet('udp', fixture('linux-proc-net-udp.txt')).sockets;
    const joined = attachOwnersByInode(sockets, new Map([[10903, [{ pid: 8070, fd: 4 }, { pid: 8199, fd: 4 }]]]));
    const shared = find(joined, 'udp4 127.0.0.1:40051');
    assert.deepEqual([shared.process, shared.otherProcesses], [{ pid: 8070, fd: 4 }, [{ pid: 8199, fd: 4 }]]);
    assert.equal(find(joined, 'udp4 0.0.0.0:6771').process, undefined);
  });

  it('lets facts read from /proc replace what the tool printed, but not erase it', () => {
    const [socket] = parseSs('tcp LISTEN 0 5 0.0.0.0:1 0.0.0.0:* users:(("my odd, (name",pid=7,fd=3)) ino:9 sk:1 <->').sockets;
    const [enriched] = enrichProcesses([socket!], new Map([[7, { name: 'my odd, (name)', executable: '/x/y', pid: 999 }]]));
    assert.deepEqual(enriched?.process, { pid: 7, fd: 3, name: 'my odd, (name)', executable: '/x/y' });
    const [kept] = enrichProcesses([socket!], new Map([[7, {}]]));
    assert.equal(kept?.process?.name, 'my odd, (name');
  });
});
