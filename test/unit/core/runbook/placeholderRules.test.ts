import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  absolutePathProblem, debianPackageNameProblem, flatpakAppIdProblem, homebrewNameProblem, launchdLabelProblem, npmPackageNameProblem,
  PACKAGE_NAME_RULES, packageNameRule, pidProblem, placeholderValueProblem, PLACEHOLDER_RULES, pythonPackageNameProblem, rpmPackageNameProblem,
  snapNameProblem, systemdUnitNameProblem, userNameProblem, windowsAbsolutePathProblem, windowsServiceNameProblem,
} from '../../../../src/core/runbook/placeholderRules';
import { skipUnlessAvailable } from '../../../support/prerequisites';

function accepts(rule: (v: string) => string | undefined, values: string[]): void {
  for (const value of values) assert.equal(rule(value), undefined, `should accept ${JSON.stringify(value)}`);
}

function refuses(rule: (v: string) => string | undefined, values: string[]): void {
  for (const value of values) assert.equal(typeof rule(value), 'string', `should refuse ${JSON.stringify(value)}`);
}

describe('systemd unit names', () => {
  it("accept what systemd's unit_name_is_valid accepts, escapes as systemd-escape writes them", () => {
    accepts(systemdUnitNameProblem, [
      'transmission-daemon.service', 'qbittorrent-nox@alice.service', 'getty@.service', 'system-qbittorrent\\x2dnox.slice',
      'dev-disk-by\\x2duuid-1234.device', 'a:b_c.d.socket', '-.mount', 'x.scope', `${'a'.repeat(247)}.service`,
    ]);
  });

  it('refuse a forged name, with the reason', () => {
    assert.match(systemdUnitNameProblem("a';touch x;'$(touch y).service") ?? '', /"'" is not allowed in a unit name/);
    refuses(systemdUnitNameProblem, [
      '', 'service', '.service', 'foo.exe', 'foo.Service', '@foo.service', 'a b.service', 'a\\b.service', 'a\\x2.service', 'a\\X2d.service',
      'a\\x2D.service', `${'a'.repeat(248)}.service`, 'a$(id).service', 'a/b.service', 'a\nb.service', 'ünï.service',
    ]);
  });

  it('accepts every name the real systemd-escape makes from hostile text', { skip: skipUnlessAvailable(['systemd-escape'], false) }, () => {
    const hostile = ["a';touch x;'$(touch y)", '`reboot`', 'a b\tc', 'naïve 名前', '../../etc', '-rf', '\\x2d', '{a,b}*?'];
    for (const text of hostile) {
      for (const args of [['--suffix=service', '--', text], ['--template=foo@.service', '--', text], ['--path', '--suffix=mount', '--', `/${text.replaceAll('.', '_')}`]]) {
        const unit = execFileSync('systemd-escape', args, { encoding: 'utf8' }).trim();
        assert.equal(systemdUnitNameProblem(unit), undefined, `${args.join(' ')} -> ${unit}`);
      }
    }
  });
});

describe('package names', () => {
  it('Debian (Policy 5.6.1), with an architecture qualifier', () => {
    accepts(debianPackageNameProblem, ['transmission-daemon', 'libtorrent-rasterbar2.0', 'g++', 'python3.11-minimal', 'libc6:amd64', '0ad']);
    refuses(debianPackageNameProblem, ['a', 'Transmission', '-purge', '.hidden', 'a_b', 'a b', 'a;b', 'a:b:c', 'a:AMD64', 'pkg*']);
  });

  it('RPM, snap, flatpak, Homebrew, pip and npm', () => {
    accepts(rpmPackageNameProblem, ['qbittorrent-nox', 'python3.11', 'libstdc++', 'NetworkManager', 'perl-Data-Dumper']);
    refuses(rpmPackageNameProblem, ['', '-x', 'a*', 'a b', 'a/b', "a'b"]);
    accepts(snapNameProblem, ['qbittorrent-arnatious', 'vlc', 'a1', 'firefox_beta']);
    refuses(snapNameProblem, ['a', '12', '-vlc', 'vlc-', 'v--lc', 'VLC', 'a'.repeat(41), 'vlc_', 'vlc_x_y']);
    accepts(flatpakAppIdProblem, ['org.qbittorrent.qBittorrent', 'com.transmissionbt.Transmission', 'de.haeckerfelix.Fragments', 'org.example.My-App', 'io._1.x']);
    refuses(flatpakAppIdProblem, ['org.qbittorrent', 'org..x', 'org.1x.App', 'org.my-co.App', 'org.x.App.', 'org.x.a b', "org.x.a'b"]);
    accepts(homebrewNameProblem, ['qbittorrent', 'python@3.12', 'gtk+3', 'homebrew/core/wget', 'libtorrent-rasterbar']);
    refuses(homebrewNameProblem, ['Qbittorrent', 'a/b', '@x', 'a b', 'a;b']);
    accepts(pythonPackageNameProblem, ['bittorrent-dht', 'Deluge', 'a', 'zope.interface']);
    refuses(pythonPackageNameProblem, ['-x', 'a-', 'a b', 'a;b']);
    accepts(npmPackageNameProblem, ['bittorrent-dht', '@scope/name', 'webtorrent-cli']);
    refuses(npmPackageNameProblem, ['.x', '_x', 'A', '@scope/', 'a b', 'a'.repeat(215)]);
  });

  it('picks the rule from package.manager, or from the OS', () => {
    assert.equal(packageNameRule('snap'), PACKAGE_NAME_RULES.snap);
    assert.equal(packageNameRule('constructor'), undefined);
    assert.equal(placeholderValueProblem('package', 'org.qbittorrent.qBittorrent', { values: { 'package.manager': 'flatpak' } }), undefined);
    assert.match(placeholderValueProblem('package', 'org.qbittorrent.qBittorrent', { values: { 'package.manager': 'apt' } }) ?? '', /Debian/);
    assert.match(placeholderValueProblem('package', 'x', { values: { 'package.manager': 'portage' } }) ?? '', /not a package manager/);
    assert.equal(placeholderValueProblem('package', 'NetworkManager', { os: 'linux' }), undefined); // an RPM name
    assert.equal(typeof placeholderValueProblem('package', 'NetworkManager', { os: 'macos' }), 'string');
    assert.equal(placeholderValueProblem('package', 'qBittorrent 4.6.2 (x64)', { os: 'windows' }), undefined);
  });
});

describe('pids, services, users and paths', () => {
  it('a pid is 1 to 2^22 in plain decimal', () => {
    accepts(pidProblem, ['1', '4242', '4194304']);
    refuses(pidProblem, ['0', '007', '-1', '+5', '4194305', '1e3', '0x10', ' 1', '1 ', '١٢']);
  });

  it('launchd labels, Windows service names, user names', () => {
    accepts(launchdLabelProblem, ['org.qbittorrent.qBittorrent', 'homebrew.mxcl.transmission-cli', 'homebrew.mxcl.postgresql@16']);
    refuses(launchdLabelProblem, ['a/b', 'gui/501/x', 'a b', '.x', "a'b"]);
    accepts(windowsServiceNameProblem, ['qBittorrent', 'Transmission Daemon', 'uTorrent_1']);
    refuses(windowsServiceNameProblem, ['a/b', 'a\\b', 'q*', 'a?', 'x'.repeat(257)]);
    accepts(userNameProblem, ['alice', 'debian-transmission', '_apt', 'MACHINE$', 'a.b']);
    refuses(userNameProblem, ['1000', '-x', 'a b', 'a:b', 'x'.repeat(33), '$x']);
  });

  it('absolute paths are normalized, without "..", controls or the root itself', () => {
    accepts(absolutePathProblem, ['/usr/bin/transmission-daemon', "/tmp/a'b $(c)", '/opt/x y/z', '/a.b/.c']);
    refuses(absolutePathProblem, ['usr/bin/x', '/', '/a/../b', '/a//b', '/a/./b', '/a/', '/a\nb', '/a\u0085b', `/${'a'.repeat(4095)}`]);
    accepts(windowsAbsolutePathProblem, ['C:\\Program Files\\qBittorrent\\qbittorrent.exe']);
    refuses(windowsAbsolutePathProblem, ['qbittorrent.exe', 'C:\\a\\..\\b', 'C:\\a\\b\\', 'C:\\a"b', '\\\\server\\share\\x']);
  });

  it('has a rule for every placeholder a bundled command uses', () => {
    for (const name of ['process.name', 'process.pid', 'process.executable', 'package', 'service']) assert.ok(Object.hasOwn(PLACEHOLDER_RULES, name), name);
    assert.match(placeholderValueProblem('service', "a';touch x;'$(touch y).service", { os: 'linux' }) ?? '', /unit name/);
    assert.equal(placeholderValueProblem('service', 'org.qbittorrent.qBittorrent', { os: 'macos' }), undefined);
    assert.equal(placeholderValueProblem('unknown.placeholder', 'anything'), undefined);
  });
});
