import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { programFromCommandLine } from '../../../../src/core/programs/commandLine';
import { runtimeKindOf } from '../../../../src/core/programs/runtimes';

const cwd = '/home/alice/work';
const path = (exe: string, argv: string[]): string | undefined => programFromCommandLine(exe, argv, { cwd }).program?.path;

describe('runtimeKindOf', () => {
  it('knows interpreters by their file name, versions included', () => {
    const cases: Array<[string, string | undefined]> = [
      ['/usr/bin/python3.11', 'python'], ['/usr/bin/python3', 'python'], ['/opt/venv/bin/python', 'python'], ['/usr/bin/pypy3', 'python'],
      ['/usr/bin/perl5.36.0', 'perl'], ['/usr/bin/ruby3.1', 'ruby'], ['/usr/bin/node', 'node'], ['/usr/bin/nodejs', 'node'],
      ['/usr/lib/jvm/java-17-openjdk-amd64/bin/java', 'java'], ['/usr/bin/mono-sgen', 'mono'], ['/usr/share/dotnet/dotnet', 'dotnet'],
      ['/usr/bin/bash', 'shell'], ['/usr/bin/dash', 'shell'], ['/usr/bin/zsh', 'shell'], ['/usr/bin/php8.2', 'php'], ['/usr/bin/lua5.4', 'lua'],
      ['/usr/lib/electron/electron', 'electron'], ['/usr/bin/python3.11 (deleted)', 'python'],
      ['/usr/bin/transmission-daemon', undefined], ['/usr/bin/qbittorrent-nox', undefined], ['/usr/bin/deluged', undefined], ['/usr/bin/nodejs-helper', undefined],
    ];
    for (const [exe, kind] of cases) assert.equal(runtimeKindOf(exe), kind, exe);
  });
});

describe('programFromCommandLine', () => {
  it('an ordinary executable is its own program', () => {
    const found = programFromCommandLine('/usr/bin/transmission-daemon', ['transmission-daemon', '-f'], { cwd });
    assert.deepEqual(found, { program: { path: '/usr/bin/transmission-daemon', foundBy: 'the executable (/proc/<pid>/exe)' } });
  });

  it('python: skips -u -O -W arg -X opt and clusters, resolves relative scripts against the cwd', () => {
    assert.equal(path('/usr/bin/python3.11', ['/usr/bin/python3', '/usr/bin/deluged', '-d']), '/usr/bin/deluged');
    assert.equal(path('/usr/bin/python3.11', ['python3', '-u', '-O', '-W', 'ignore', '-X', 'dev', 'client.py', '--port', '1']), `${cwd}/client.py`);
    assert.equal(path('/usr/bin/python3.11', ['python3', '-uOB', '-Wignore', '-Ximporttime', '../bin/dht.py']), '/home/alice/bin/dht.py');
    assert.equal(path('/usr/bin/python3.11', ['python3', '-E', '-s', '--', '-weird.py']), `${cwd}/-weird.py`);
    const found = programFromCommandLine('/usr/bin/python3.11', ['python3', '-u', '-O', '-m', 'deluge.core.daemon_entry', '-d'], { cwd });
    assert.deepEqual([found.module, found.program, found.runtime?.kind], ['deluge.core.daemon_entry', undefined, 'python']);
    assert.equal(programFromCommandLine('/usr/bin/python3.11', ['python3', '-um', 'http.server'], { cwd }).module, 'http.server');
  });

  it('python -c, standard input and a bare interpreter name no file, and say why', () => {
    const inline = programFromCommandLine('/usr/bin/python3.11', ['python3', '-c', 'import dht'], { cwd });
    assert.equal(inline.program, undefined);
    assert.match(inline.reason ?? '', /runs code given on its command line \(-c\)/);
    assert.match(programFromCommandLine('/usr/bin/python3.11', ['python3', '-'], { cwd }).reason ?? '', /standard input/);
    assert.match(programFromCommandLine('/usr/bin/python3.11', ['python3'], { cwd }).reason ?? '', /without a program file/);
  });

  it('node: skips --inspect, -r module, --require x, --require=x; -e and -p name no file', () => {
    assert.equal(path('/usr/bin/node', ['node', '--inspect', '-r', 'ts-node/register', '--require', 'dotenv/config', '--max-old-space-size=512', 'dht.js']), `${cwd}/dht.js`);
    assert.equal(path('/usr/bin/node', ['node', '--require=x', '--inspect=127.0.0.1:9229', '/srv/dht/index.mjs', '6881']), '/srv/dht/index.mjs');
    assert.match(programFromCommandLine('/usr/bin/node', ['node', '-e', 'require("bittorrent-dht")'], { cwd }).reason ?? '', /\(-e\)/);
    assert.match(programFromCommandLine('/usr/bin/node', ['node', '--eval=1'], { cwd }).reason ?? '', /\(--eval\)/);
    assert.match(programFromCommandLine('/usr/bin/node', ['node', '-p', '1'], { cwd }).reason ?? '', /\(-p\)/);
  });

  it('java: -jar file, -cp path Main (the first class-path entry), JVM options skipped', () => {
    const jar = programFromCommandLine('/usr/lib/jvm/java-17-openjdk-amd64/bin/java', ['java', '-Xmx512m', '-Dazureus.install.path=/opt/biglybt', '-jar', '/opt/biglybt/BiglyBT.jar'], { cwd });
    assert.deepEqual([jar.program?.path, jar.program?.foundBy, jar.runtime?.kind], ['/opt/biglybt/BiglyBT.jar', 'the -jar archive of java', 'java']);
    const cp = programFromCommandLine('/usr/bin/java', ['java', '-Xms64m', '-cp', 'lib/biglybt.jar:lib/commons.jar', '-Djava.awt.headless=true', 'com.biglybt.ui.Main'], { cwd });
    assert.equal(cp.program?.path, `${cwd}/lib/biglybt.jar`);
    assert.match(cp.program?.foundBy ?? '', /main class com\.biglybt\.ui\.Main/);
    assert.equal(path('/usr/bin/java', ['java', '--class-path=/opt/x/x.jar', 'x.Main']), '/opt/x/x.jar');
    assert.match(programFromCommandLine('/usr/bin/java', ['java', 'Main'], { cwd }).reason ?? '', /default class path/);
    assert.match(programFromCommandLine('/usr/bin/java', ['java', '-m', 'bt/bt.Main'], { cwd }).reason ?? '', /module bt\/bt\.Main/);
  });

  it('perl, ruby, php, lua, shells, mono, dotnet, electron', () => {
    assert.equal(path('/usr/bin/perl', ['perl', '-w', '-I', 'lib', '-Mstrict', '-l', 'dht.pl']), `${cwd}/dht.pl`);
    assert.equal(path('/usr/bin/perl', ['perl', '-wl', '-i.bak', 'dht.pl']), `${cwd}/dht.pl`);
    assert.match(programFromCommandLine('/usr/bin/perl', ['perl', '-wle', 'print 1'], { cwd }).reason ?? '', /\(-e\)/);
    assert.equal(path('/usr/bin/ruby3.1', ['ruby', '-I', 'lib', '-rjson', '-w', 'dht.rb']), `${cwd}/dht.rb`);
    assert.equal(path('/usr/bin/php8.2', ['php', '-d', 'memory_limit=1G', '-f', 'tracker.php']), `${cwd}/tracker.php`);
    assert.match(programFromCommandLine('/usr/bin/php8.2', ['php', '-r', 'echo 1;'], { cwd }).reason ?? '', /\(-r\)/);
    assert.equal(path('/usr/bin/lua5.4', ['lua', '-l', 'socket', 'dht.lua']), `${cwd}/dht.lua`);
    assert.equal(path('/usr/bin/bash', ['bash', '-e', '-o', 'pipefail', '+x', '/usr/local/bin/seed.sh', 'arg']), '/usr/local/bin/seed.sh');
    assert.match(programFromCommandLine('/usr/bin/bash', ['bash', '-lc', 'exec node dht.js'], { cwd }).reason ?? '', /\(-c\)/);
    assert.match(programFromCommandLine('/usr/bin/dash', ['sh', '-s'], { cwd }).reason ?? '', /standard input/);
    assert.equal(path('/usr/bin/mono-sgen', ['mono', '--debug', '/opt/app/App.exe']), '/opt/app/App.exe');
    assert.equal(path('/usr/share/dotnet/dotnet', ['dotnet', 'exec', '--runtimeconfig', 'a.json', '/opt/app/App.dll']), '/opt/app/App.dll');
    assert.equal(path('/usr/share/dotnet/dotnet', ['dotnet', '/opt/app/App.dll']), '/opt/app/App.dll');
    assert.match(programFromCommandLine('/usr/share/dotnet/dotnet', ['dotnet', 'run'], { cwd }).reason ?? '', /SDK command "run"/);
    assert.equal(path('/usr/lib/electron/electron', ['electron', '--no-sandbox', '/usr/lib/webtorrent/app.asar']), '/usr/lib/webtorrent/app.asar');
  });

  it('a relative script without a readable cwd is not guessed', () => {
    const found = programFromCommandLine('/usr/bin/node', ['node', 'dht.js']);
    assert.equal(found.program, undefined);
    assert.match(found.reason ?? '', /relative to its working directory/);
  });

  it('an AppImage: the executable under /tmp/.mount_* is replaced by $APPIMAGE', () => {
    const env = { APPIMAGE: '/home/alice/Apps/qbittorrent.AppImage', APPDIR: '/tmp/.mount_qBittoA1b2C3' };
    const found = programFromCommandLine('/tmp/.mount_qBittoA1b2C3/usr/bin/qbittorrent', ['qbittorrent'], { cwd, env });
    assert.deepEqual([found.program?.path, found.runtime], ['/home/alice/Apps/qbittorrent.AppImage', undefined]);
    // An APPIMAGE variable inherited by an unrelated program outside the mount changes nothing.
    assert.equal(programFromCommandLine('/usr/bin/transmission-daemon', ['transmission-daemon'], { cwd, env }).program?.path, '/usr/bin/transmission-daemon');
  });

  it('falls back to argv[0] when the executable could not be read', () => {
    assert.equal(programFromCommandLine(undefined, ['/usr/bin/python3', '/usr/bin/deluged'], { cwd }).program?.path, '/usr/bin/deluged');
    assert.match(programFromCommandLine(undefined, [], {}).reason ?? '', /Neither the executable nor the command line/);
  });
});
