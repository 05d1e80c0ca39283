import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { installKindFromPath } from '../../../../src/core/programs/installKind';
import { recordPaths } from '../../../../src/core/programs/languagePackages';

describe('installKindFromPath', () => {
  it('dpkg and rpm owners: deb with apt, rpm with the host tool', () => {
    assert.deepEqual(installKindFromPath('/usr/bin/deluged', { dpkgOwners: ['deluged'] }), { kind: 'deb', manager: 'apt', package: 'deluged' });
    assert.deepEqual(installKindFromPath('/usr/bin/qbittorrent-nox', { rpmOwners: ['qbittorrent-nox'], rpmManager: 'zypper' }), { kind: 'rpm', manager: 'zypper', package: 'qbittorrent-nox' });
  });

  it('pip: a site-packages file (or a bin/ console script) that a dist-info RECORD lists, named from METADATA or the folder', () => {
    const site = '/home/alice/.local/lib/python3.11/site-packages';
    const record = 'deluge/__init__.py,sha256=abc,12\n../../../bin/deluged,sha256=def,230\n"deluge/odd,name.py",sha256=x,1\ndeluge-2.1.1.dist-info/RECORD,,\n';
    assert.deepEqual(recordPaths(record), ['deluge/__init__.py', '../../../bin/deluged', 'deluge/odd,name.py', 'deluge-2.1.1.dist-info/RECORD']);
    const records = [{ distInfo: `${site}/deluge-2.1.1.dist-info`, sitePackages: site, record }];
    const script = installKindFromPath('/home/alice/.local/bin/deluged', { pipRecords: records, homes: ['/home/alice'] });
    assert.deepEqual([script.kind, script.manager, script.package], ['pip', 'pip', 'deluge']);
    const named = installKindFromPath(`${site}/deluge/odd,name.py`, { pipRecords: [{ ...records[0]!, metadataName: 'Deluge' }] });
    assert.equal(named.package, 'Deluge');
    // In site-packages but in no RECORD: a copy, not a pip install.
    assert.equal(installKindFromPath(`${site}/stray.py`, { pipRecords: records, homes: ['/home/alice'] }).kind, 'user-copy');
  });

  it('npm: the nearest package.json name; global or a project dependency', () => {
    const global = installKindFromPath('/usr/local/lib/node_modules/webtorrent-cli/bin/cmd.js', {
      packageJsons: [{ dir: '/usr/local/lib/node_modules/webtorrent-cli/bin', text: '{"type":"module"}' }, { dir: '/usr/local/lib/node_modules/webtorrent-cli', text: '{"name":"webtorrent-cli","version":"5.1.2"}' }],
    });
    assert.deepEqual([global.kind, global.manager, global.package], ['npm', 'npm', 'webtorrent-cli']);
    assert.match(global.note ?? '', /npm uninstall -g webtorrent-cli/);
    const local = installKindFromPath('/srv/app/node_modules/@scope/dht/cli.js', { packageJsons: [{ dir: '/srv/app/node_modules/@scope/dht', text: '{"name":"@scope/dht"}' }] });
    assert.deepEqual([local.kind, local.package], ['npm', '@scope/dht']);
    assert.match(local.note ?? '', /project in \/srv\/app:/);
    // A link's real path counts too: /usr/local/bin/webtorrent → ../lib/node_modules/webtorrent-cli/bin/cmd.js
    const linked = installKindFromPath('/usr/local/bin/webtorrent', { realPath: '/usr/local/lib/node_modules/webtorrent-cli/bin/cmd.js', packageJsons: [{ dir: '/usr/local/lib/node_modules/webtorrent-cli', text: '{"name":"webtorrent-cli"}' }] });
    assert.equal(linked.package, 'webtorrent-cli');
  });

  it('homebrew by its Cellar', () => {
    assert.deepEqual(installKindFromPath('/home/linuxbrew/.linuxbrew/Cellar/transmission-cli/4.0.5/bin/transmission-daemon'), { kind: 'homebrew', manager: 'brew', package: 'transmission-cli' });
    assert.equal(installKindFromPath('/opt/homebrew/Cellar/aria2/1.37.0/bin/aria2c').package, 'aria2');
  });

  it('unowned files: user-copy under a home, opt under /opt (the whole folder) or /usr/local, otherwise unpackaged; each with its removable path', () => {
    const copy = installKindFromPath('/srv/users/bob/dht.js', { homes: ['/srv/users/bob'] });
    assert.deepEqual([copy.kind, copy.removablePath, copy.manager], ['user-copy', '/srv/users/bob/dht.js', undefined]);
    assert.equal(installKindFromPath('/root/dht.py').kind, 'user-copy');
    const opt = installKindFromPath('/opt/biglybt/BiglyBT.jar');
    assert.deepEqual([opt.kind, opt.removablePath], ['opt', '/opt/biglybt']);
    assert.deepEqual([installKindFromPath('/usr/local/bin/dht').kind, installKindFromPath('/usr/local/bin/dht').removablePath], ['opt', '/usr/local/bin/dht']);
    const loose = installKindFromPath('/work/main/test/fixtures/programs/bittorrent-dht/dht-node.mjs');
    assert.deepEqual([loose.kind, loose.removablePath], ['unpackaged', '/work/main/test/fixtures/programs/bittorrent-dht/dht-node.mjs']);
    assert.match(loose.note ?? '', /No package owns/);
  });
});
