// The pure resolution on /proc data and dpkg answers captured from the real
// clients (test/fixtures/programs/README.md says how): the same steps
// lookupProgramFacts takes, without the I/O.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { programFromCommandLine } from '../../../../src/core/programs/commandLine';
import { installKindFromPath } from '../../../../src/core/programs/installKind';
import { parseBootTime, parseProcStat, startTimestamp } from '../../../../src/core/programs/procStat';
import { parseDebFields, removalRefusal, reverseDependents } from '../../../../src/core/programs/refusal';
import { parseDpkgSearch } from '../../../../src/core/sockets/parsePackageOwner';
import type { ProgramFacts } from '../../../../src/core/programs/types';

const dir = 'test/fixtures/programs';
const depends = readFileSync(`${dir}/dpkg-depends.txt`, 'utf8');
const btime = parseBootTime(readFileSync(`${dir}/proc-stat-btime.txt`, 'utf8'))!;

function resolve(client: string) {
  const read = (file: string): string => readFileSync(`${dir}/${client}/${file}`, 'utf8');
  const exe = read('exe').trim();
  const argv = read('cmdline').split('\0').filter((a) => a !== '');
  const line = programFromCommandLine(exe, argv, { cwd: read('cwd').trim() });
  // dpkg-S.txt holds every `dpkg -S` asked, each after a `$ dpkg -S <path>` line.
  const answers = new Map<string, string>();
  for (const block of read('dpkg-S.txt').split(/^\$ dpkg -S /m).filter((b) => b !== '')) {
    const [path, ...output] = block.split('\n');
    answers.set(path!, output.join('\n'));
  }
  const owners = (path: string): string[] => parseDpkgSearch(answers.get(path) ?? '', path);
  const runtimePackage = line.runtime === undefined ? undefined : owners(line.runtime.executable)[0];
  const install = installKindFromPath(line.program!.path, { dpkgOwners: owners(line.program!.path), homes: ['/root'] });
  const name = install.package;
  const fields = name === undefined ? undefined : parseDebFields(read('dpkg-query.txt'), name);
  const refusal = name === undefined ? undefined : removalRefusal({
    name, ...(runtimePackage === undefined ? {} : { runtimePackage }), ...(fields === undefined ? {} : { fields }), dependents: reverseDependents(depends, name, fields?.provides ?? []),
  });
  const stat = parseProcStat(read('stat'))!;
  const recorded = JSON.parse(read('program-facts.json')) as ProgramFacts;
  return { line, install, refusal, runtimePackage, stat, recorded };
}

describe('captured real clients', () => {
  it('transmission-daemon → deb transmission-daemon, not refused', () => {
    const { line, install, refusal } = resolve('transmission-daemon');
    assert.deepEqual([line.program?.path, line.runtime], ['/usr/bin/transmission-daemon', undefined]);
    assert.deepEqual([install.kind, install.manager, install.package], ['deb', 'apt', 'transmission-daemon']);
    assert.equal(refusal, undefined);
  });

  it('qbittorrent-nox → deb qbittorrent-nox, not refused', () => {
    const { line, install, refusal } = resolve('qbittorrent-nox');
    assert.equal(line.program?.path, '/usr/bin/qbittorrent-nox');
    assert.deepEqual([install.kind, install.package], ['deb', 'qbittorrent-nox']);
    assert.equal(refusal, undefined);
  });

  it('deluged → the script /usr/bin/deluged, deb deluged, runtime python (python3.11-minimal never offered)', () => {
    const { line, install, refusal, runtimePackage } = resolve('deluged');
    assert.equal(readFileSync(`${dir}/deluged/exe`, 'utf8').trim(), '/usr/bin/python3.11');
    assert.deepEqual([line.program?.path, line.runtime?.kind], ['/usr/bin/deluged', 'python']);
    assert.deepEqual([install.kind, install.manager, install.package], ['deb', 'apt', 'deluged']);
    assert.equal(refusal, undefined);
    assert.equal(runtimePackage, 'python3.11-minimal');
    assert.match(removalRefusal({ name: runtimePackage!, runtimePackage: runtimePackage!, runtimeKind: 'python' })?.reason ?? '', /never offered/);
  });

  it('the bittorrent-dht script under node → the .js file (relative to the cwd), unpackaged with its path removable, runtime node; nodejs never named', () => {
    const { line, install, runtimePackage } = resolve('bittorrent-dht');
    const script = '/work/main/test/fixtures/programs/bittorrent-dht/dht-node.mjs';
    assert.deepEqual([line.program?.path, line.runtime?.kind, runtimePackage], [script, 'node', 'nodejs']);
    assert.deepEqual([install.kind, install.package, install.manager, install.removablePath], ['unpackaged', undefined, undefined, script]);
  });

  it('agrees with what lookupProgramFacts returned for the live processes, start time included', () => {
    for (const client of ['transmission-daemon', 'qbittorrent-nox', 'deluged', 'bittorrent-dht']) {
      const { line, install, stat, recorded } = resolve(client);
      assert.equal(recorded.program?.path, line.program?.path, client);
      assert.deepEqual([recorded.install.kind, recorded.install.package, recorded.install.refusal], [install.kind, install.package, undefined], client);
      assert.equal(recorded.process.startTicks, stat.startTicks, client);
      assert.equal(recorded.process.startedAt, startTimestamp(btime, stat.startTicks, 100), client);
      assert.ok(!/python3|nodejs/.test(recorded.install.package ?? ''), client);
    }
  });
});
