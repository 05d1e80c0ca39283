// Snap, flatpak and AppImage processes, from fixtures written to each
// format's documentation (see test/fixtures/programs/README.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { programFromCommandLine } from '../../../../src/core/programs/commandLine';
import { parseFlatpakInfo } from '../../../../src/core/programs/flatpakInfo';
import { installKindFromPath } from '../../../../src/core/programs/installKind';
import { cgroupScope, serviceFromCgroup } from '../../../../src/core/programs/service';

const dir = 'test/fixtures/programs';
const read = (client: string, file: string): string => readFileSync(`${dir}/${client}/${file}`, 'utf8');
const readIf = (client: string, file: string): string | undefined => (existsSync(`${dir}/${client}/${file}`) ? read(client, file) : undefined);
const argv = (client: string): string[] => read(client, 'cmdline').split('\0').filter((a) => a !== '');
const env = (client: string): Record<string, string> => Object.fromEntries((readIf(client, 'environ') ?? '').split('\0').filter((e) => e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
const users = new Map([[1000, 'alice']]);

function resolve(client: string) {
  const line = programFromCommandLine(read(client, 'exe'), argv(client), { cwd: '/', env: env(client) });
  const cgroup = read(client, 'cgroup');
  const scope = cgroupScope(cgroup);
  const flatpakInfo = readIf(client, 'flatpak-info');
  const e = env(client);
  const install = installKindFromPath(line.program!.path, {
    ...(scope === undefined ? {} : { cgroupScope: scope }),
    ...(flatpakInfo === undefined ? {} : { flatpakInfo }),
    ...(e.APPIMAGE !== undefined && line.program?.path === e.APPIMAGE ? { appImage: e.APPIMAGE } : {}),
    homes: ['/home/alice'],
  });
  return { line, install, service: serviceFromCgroup(cgroup, users) };
}

describe('documented formats', () => {
  it('a snap service: the snap by its /snap path, the unit snap.<snap>.<app>.service', () => {
    const { line, install, service } = resolve('snap-service');
    assert.equal(line.program?.path, '/snap/qbittorrent-nox/112/usr/bin/qbittorrent-nox');
    assert.deepEqual([install.kind, install.manager, install.package], ['snap', 'snap', 'qbittorrent-nox']);
    assert.deepEqual(service, { manager: 'systemd', scope: 'system', unit: 'snap.qbittorrent-nox.qbittorrent-nox.service', snapApp: 'qbittorrent-nox.qbittorrent-nox' });
  });

  it('a snap app started by hand: the snap, and its scope is not a service', () => {
    const { install, service } = resolve('snap-app');
    assert.deepEqual([install.kind, install.package], ['snap', 'transmission']);
    assert.equal(service.manager, 'none');
    assert.match(service.manager === 'none' ? service.reason : '', /snap\.transmission\.transmission-0b6d3a10-.*\.scope is the scope snapd makes/);
  });

  it('a flatpak app: the app id from /.flatpak-info, installed system-wide, its scope not a service', () => {
    const info = parseFlatpakInfo(read('flatpak-app', 'flatpak-info'));
    assert.equal(info.appId, 'org.qbittorrent.qBittorrent');
    assert.match(info.appPath ?? '', /^\/var\/lib\/flatpak\/app\/org\.qbittorrent\.qBittorrent\//);
    const { line, install, service } = resolve('flatpak-app');
    assert.equal(line.program?.path, '/app/bin/qbittorrent');
    assert.deepEqual([install.kind, install.manager, install.package], ['flatpak', 'flatpak', 'org.qbittorrent.qBittorrent']);
    assert.match(install.note ?? '', /system-wide.*\/app\/bin\/qbittorrent is the path inside the sandbox/);
    assert.equal(service.manager, 'none');
    assert.match(service.manager === 'none' ? service.reason : '', /app-flatpak-org\.qbittorrent\.qBittorrent-48213\.scope is the scope flatpak makes/);
  });

  it('a flatpak recognised from its scope alone (unit-name escaped id), or from a user installation path', () => {
    assert.equal(installKindFromPath('/app/bin/x', { cgroupScope: 'app-flatpak-org.example.dht\\x2dnode-77.scope' }).package, 'org.example.dht-node');
    const user = installKindFromPath('/home/alice/.local/share/flatpak/app/org.example.Dht/x86_64/stable/abc/files/bin/dht');
    assert.deepEqual([user.kind, user.package], ['flatpak', 'org.example.Dht']);
    assert.match(user.note ?? '', /--user/);
  });

  it('an AppImage: the image file from $APPIMAGE, removed by hand, never a package', () => {
    const { line, install, service } = resolve('appimage');
    assert.deepEqual([line.program?.path, line.runtime], ['/home/alice/Applications/qbittorrent-4.6.2_x86_64.AppImage', undefined]);
    assert.match(line.program?.foundBy ?? '', /\/tmp\/\.mount_qBittoA1b2C3/);
    assert.deepEqual([install.kind, install.manager, install.package, install.removablePath], ['appimage', undefined, undefined, '/home/alice/Applications/qbittorrent-4.6.2_x86_64.AppImage']);
    assert.equal(service.manager, 'none');
  });
});
