import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attributionOf } from '../../../../src/core/sockets/attribution';
import { parseLsof } from '../../../../src/core/sockets/parseLsof';
import { withoutPartialLastLine } from '../../../../src/core/sockets/parserSupport';
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

describe('attributionOf for lsof and cut output', () => {
  const lsof = parseLsof(fixture('linux-lsof-F-tcp.txt')).sockets;

  it('never calls an lsof listing complete: a process lsof cannot see is a missing row', () => {
    assert.ok(lsof.length > 0 && lsof.every((s) => s.process !== undefined));
    const unprivileged = attributionOf(lsof, { privileged: false, platform: 'linux', source: 'lsof' });
    assert.equal(unprivileged.attribution, 'partial');
    assert.match(unprivileged.attributionNote ?? '', /lsof lists only the sockets of processes it can see/);
    assert.match(unprivileged.attributionNote ?? '', /as root \(with sudo\)/);
    assert.match(unprivileged.attributionNote ?? '', /ss, netstat or \/proc .* preferred/);
    const root = attributionOf(lsof, { privileged: true, platform: 'darwin', source: 'lsof' });
    assert.equal(root.attribution, 'partial');
    assert.match(root.attributionNote ?? '', /Even as root/);
    assert.doesNotMatch(root.attributionNote ?? '', /preferred/);
    assert.equal(attributionOf([], { privileged: true, platform: 'linux', source: 'lsof' }).attribution, 'partial');
    assert.deepEqual(attributionOf(lsof, { privileged: true, platform: 'linux', source: 'ss' }), { attribution: 'complete' });
  });

  it('is at most partial when output was cut, and drops the cut line', () => {
    const cut = attributionOf(lsof, { privileged: true, platform: 'linux', source: 'ss', truncated: true });
    assert.equal(cut.attribution, 'partial');
    assert.match(cut.attributionNote ?? '', /output was cut/);
    const bare = parseSs(fixture('linux-ss-no-process.txt')).sockets;
    assert.equal(attributionOf(bare, { privileged: true, platform: 'linux', truncated: true }).attribution, 'none');
    assert.equal(withoutPartialLastLine('tcp a\nudp b\nudp 127.0.0.1:68'), 'tcp a\nudp b\n');
    assert.equal(withoutPartialLastLine('tcp a\n'), 'tcp a\n');
    assert.equal(withoutPartialLastLine('no newline at all'), '');
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
