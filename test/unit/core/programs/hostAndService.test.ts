import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostPackageManager, parseOsRelease } from '../../../../src/core/programs/hostPackageManager';
import { serviceFromCgroup, snapAppOfUnit } from '../../../../src/core/programs/service';

const all = (): boolean => true;

describe('hostPackageManager', () => {
  it('this machine (Debian 12) uses apt', () => {
    const release = parseOsRelease(readFileSync('test/fixtures/programs/os-release', 'utf8'));
    assert.equal(release.id, 'debian');
    assert.equal(hostPackageManager(release, all), 'apt');
  });

  it('reads ID and ID_LIKE: Ubuntu, Mint, Fedora, RHEL 7 (yum), Rocky, openSUSE, SLES', () => {
    const manager = (text: string, has: (tool: string) => boolean = all) => hostPackageManager(parseOsRelease(text), has);
    assert.equal(manager('ID=ubuntu\nID_LIKE=debian\n'), 'apt');
    assert.equal(manager('ID=linuxmint\nID_LIKE="ubuntu debian"\n'), 'apt');
    assert.equal(manager('ID=fedora\n'), 'dnf');
    assert.equal(manager('ID="rhel"\nID_LIKE="fedora"\n', (tool) => tool === 'yum'), 'yum');
    assert.equal(manager('ID="rocky"\nID_LIKE="rhel centos fedora"\n'), 'dnf');
    assert.equal(manager('ID="opensuse-leap"\nID_LIKE="suse opensuse"\n'), 'zypper');
    assert.equal(manager('ID="sles"\n'), 'zypper');
    assert.equal(manager('ID=arch\n'), undefined);
    assert.equal(manager(''), undefined);
  });
});

describe('serviceFromCgroup', () => {
  const users = new Map([[1000, 'alice']]);
  it('a system unit (cgroup v2 and v1)', () => {
    assert.deepEqual(serviceFromCgroup('0::/system.slice/transmission-daemon.service\n'), { manager: 'systemd', scope: 'system', unit: 'transmission-daemon.service' });
    assert.deepEqual(serviceFromCgroup('12:pids:/x\n1:name=systemd:/system.slice/deluged.service\n'), { manager: 'systemd', scope: 'system', unit: 'deluged.service' });
  });

  it('a user unit: scope user, the uid and its login name', () => {
    assert.deepEqual(serviceFromCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/qbittorrent.service\n', users), { manager: 'systemd', scope: 'user', unit: 'qbittorrent.service', uid: 1000, user: 'alice' });
    assert.deepEqual(serviceFromCgroup('0::/user.slice/user-1001.slice/user@1001.service/app.slice/dht.service\n', users), { manager: 'systemd', scope: 'user', unit: 'dht.service', uid: 1001 });
  });

  it('a snap service names its snap app; a login session is no service', () => {
    assert.equal(snapAppOfUnit('snap.qbittorrent-nox.qbittorrent-nox.service'), 'qbittorrent-nox.qbittorrent-nox');
    assert.equal(snapAppOfUnit('transmission-daemon.service'), undefined);
    const session = serviceFromCgroup('0::/user.slice/user-1000.slice/session-3.scope\n');
    assert.equal(session.manager, 'none');
    assert.match(session.manager === 'none' ? session.reason : '', /session-3\.scope, a login session or a container/);
  });

  it('the captured clients run outside systemd on this machine', () => {
    const service = serviceFromCgroup(readFileSync('test/fixtures/programs/deluged/cgroup', 'utf8'));
    assert.equal(service.manager, 'none');
    assert.match(service.manager === 'none' ? service.reason : '', /outside any systemd unit/);
  });
});
