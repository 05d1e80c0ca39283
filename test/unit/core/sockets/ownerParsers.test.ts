import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCgroup } from '../../../../src/core/sockets/parseCgroup';
import { brewFormulaFromPath, parseDpkgSearch, parseRpmQuery, usrMergeAlternatives } from '../../../../src/core/sockets/parsePackageOwner';
import { parseCmdline, parsePasswd, parseStatusUid, socketInodeOfLink } from '../../../../src/core/sockets/parseProcFiles';

describe('parseCgroup', () => {
  it('finds a system service on cgroup v2 and v1', () => {
    assert.deepEqual(parseCgroup('0::/system.slice/transmission-daemon.service\n'), { path: '/system.slice/transmission-daemon.service', serviceUnit: 'transmission-daemon.service' });
    const v1 = '12:pids:/system.slice/qbittorrent-nox@alice.service\n1:name=systemd:/system.slice/system-qbittorrent\\x2dnox.slice/qbittorrent-nox@alice.service\n';
    assert.equal(parseCgroup(v1)?.serviceUnit, 'qbittorrent-nox@alice.service');
  });

  it('tells a user unit from a session scope and from no unit at all', () => {
    assert.deepEqual(parseCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/qbittorrent.service'), {
      path: '/user.slice/user-1000.slice/user@1000.service/app.slice/qbittorrent.service', serviceUnit: 'qbittorrent.service', userUnit: true, userUid: 1000,
    });
    assert.deepEqual(parseCgroup('0::/user.slice/user-1000.slice/session-3.scope'), { path: '/user.slice/user-1000.slice/session-3.scope', scope: 'session-3.scope' });
    assert.deepEqual(parseCgroup('0::/'), { path: '/' });
    assert.equal(parseCgroup(''), undefined);
  });
});

describe('package owner answers', () => {
  it('reads dpkg -S, architecture suffixes and diversions included', () => {
    assert.deepEqual(parseDpkgSearch('coreutils: /bin/sleep\n', '/bin/sleep'), ['coreutils']);
    assert.deepEqual(parseDpkgSearch('libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6\n', '/lib/x86_64-linux-gnu/libc.so.6'), ['libc6']);
    assert.deepEqual(parseDpkgSearch('diversion by dash from: /bin/sh\ndiversion by dash to: /bin/sh.distrib\ndash: /bin/sh\n', '/bin/sh'), ['dash']);
    assert.deepEqual(parseDpkgSearch('transmission-daemon: /usr/bin/transmission-daemon-helper\n', '/usr/bin/transmission-daemon'), []);
  });

  it('reads rpm -qf names and ignores its messages', () => {
    assert.deepEqual(parseRpmQuery('transmission-daemon\n'), ['transmission-daemon']);
    assert.deepEqual(parseRpmQuery('file /opt/x is not owned by any package\n'), []);
  });

  it('reads a Homebrew formula from a Cellar path, and /usr merge spellings', () => {
    assert.equal(brewFormulaFromPath('/opt/homebrew/Cellar/transmission-cli/4.0.5/bin/transmission-daemon'), 'transmission-cli');
    assert.equal(brewFormulaFromPath('/Applications/Transmission.app/Contents/MacOS/Transmission'), undefined);
    assert.deepEqual(usrMergeAlternatives('/usr/bin/sleep'), ['/bin/sleep']);
    assert.deepEqual(usrMergeAlternatives('/sbin/ip'), ['/usr/sbin/ip']);
    assert.deepEqual(usrMergeAlternatives('/opt/x/bin/y'), []);
  });
});

describe('/proc file readers', () => {
  it('reads status, cmdline, fd links and passwd', () => {
    assert.equal(parseStatusUid('Name:\tnode\nUid:\t1000\t1000\t1000\t1000\n'), 1000);
    assert.equal(parseCmdline('node\0open.js\x0040000\0'), 'node open.js 40000');
    assert.equal(parseCmdline(''), undefined);
    assert.equal(socketInodeOfLink('socket:[9057]'), 9057);
    assert.equal(socketInodeOfLink('/dev/null'), undefined);
    assert.deepEqual([...parsePasswd('root:x:0:0:root:/root:/bin/bash\n# c\nbad\nnobody:x:65534:65534::/:/usr/sbin/nologin\n')], [[0, 'root'], [65534, 'nobody']]);
  });
});
