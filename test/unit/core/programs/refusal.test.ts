import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeRefusal, parseDebFields, parseRpmWhatRequires, removalRefusal, reverseDependents } from '../../../../src/core/programs/refusal';
import { isRuntimePackageName } from '../../../../src/core/programs/runtimes';

// The real `dpkg-query -W -f '${Package}\t${db:Status-Abbrev}\t${Depends}\t${Pre-Depends}\n'` of the test machine.
const depends = readFileSync('test/fixtures/programs/dpkg-depends.txt', 'utf8');

describe('removal refusals', () => {
  it('libc6 has far more than 5 installed dependents: refused with the count and names', () => {
    const dependents = reverseDependents(depends, 'libc6');
    assert.ok(dependents.length > 100, `${dependents.length} dependents`);
    const refusal = removalRefusal({ name: 'libc6', dependents });
    assert.equal(refusal?.dependentCount, dependents.length);
    assert.equal(refusal?.dependents?.length, 30);
    assert.match(refusal?.reason ?? '', new RegExp(`^${dependents.length} installed packages depend on libc6 \\(more than 5\\)`));
    // The CLI's plan and the Markdown report say which, as the panel does.
    const line = describeRefusal(refusal!);
    assert.ok(line.startsWith(refusal!.reason), line);
    assert.match(line, new RegExp(` They include ${refusal!.dependents!.slice(0, 3).join(', ')}, .* and ${dependents.length - 30} more\\.$`));
    assert.equal(describeRefusal({ reason: 'Essential.' }), 'Essential.');
  });

  it('the clients themselves have no dependents and are not refused', () => {
    for (const name of ['transmission-daemon', 'qbittorrent-nox', 'deluged']) {
      const dependents = reverseDependents(depends, name);
      assert.ok(dependents.length <= 5, `${name}: ${dependents.join(', ')}`);
      assert.equal(removalRefusal({ name, dependents, runtimePackage: 'python3.11-minimal' }), undefined, name);
    }
  });

  it('counts Pre-Depends, alternatives and provided names, only for installed packages', () => {
    const listing = [
      'a\tii \tfoo (>= 1), bar | baz\t', 'b\tii \t\tfoo:any', 'c\trc \tfoo\t', 'd\tii \tvirtual-foo\t', 'foo\tii \t\t', 'e:amd64\tii \tlibx [amd64], foo\t',
    ].join('\n');
    assert.deepEqual(reverseDependents(listing, 'foo', ['virtual-foo']), ['a', 'b', 'd', 'e']);
    assert.deepEqual(reverseDependents(listing, 'baz'), ['a']);
  });

  it('Essential and Priority from dpkg-query fields', () => {
    const fields = parseDebFields('coreutils\tyes\trequired\t\tii \n', 'coreutils');
    assert.deepEqual(fields, { name: 'coreutils', essential: true, priority: 'required', provides: [], installed: true });
    assert.match(removalRefusal({ name: 'coreutils', fields: fields! })?.reason ?? '', /Essential: yes/);
    const important = parseDebFields('iproute2\tno\timportant\tarpd\tii \n', 'iproute2');
    assert.match(removalRefusal({ name: 'iproute2', fields: important! })?.reason ?? '', /Priority: important/);
    const real = parseDebFields(readFileSync('test/fixtures/programs/transmission-daemon/dpkg-query.txt', 'utf8'), 'transmission-daemon');
    assert.deepEqual([real?.essential, real?.priority, real?.installed], [false, 'optional', true]);
  });

  it('the package of the running runtime is refused whatever its name', () => {
    assert.match(removalRefusal({ name: 'python3.11-minimal', runtimePackage: 'python3.11-minimal', runtimeKind: 'python' })?.reason ?? '', /holds the python runtime/);
    assert.match(removalRefusal({ name: 'my-custom-jre', runtimePackage: 'my-custom-jre', runtimeKind: 'java' })?.reason ?? '', /java runtime/);
  });

  it('runtime and base-system names are refused even without a runtime seen', () => {
    for (const name of ['python3.11-minimal', 'libpython3.11-stdlib', 'python3', 'perl-base', 'perl', 'ruby3.1', 'nodejs', 'libnode108', 'openjdk-17-jre-headless', 'default-jre', 'mono-runtime', 'dotnet-runtime-8.0', 'bash', 'dash', 'zsh', 'libc6', 'coreutils']) {
      assert.ok(isRuntimePackageName(name), name);
      assert.ok(removalRefusal({ name }) !== undefined, name);
    }
    for (const name of ['deluged', 'python3-libtorrent', 'transmission-daemon', 'qbittorrent-nox', 'node-bittorrent-dht', 'ruby-transmission', 'libtorrent-rasterbar2.0']) {
      assert.equal(isRuntimePackageName(name), false, name);
    }
  });

  it('rpm --whatrequires output', () => {
    assert.deepEqual(parseRpmWhatRequires('no package requires transmission-daemon\n'), []);
    assert.deepEqual(parseRpmWhatRequires('glibc-common\nbash\nbash\n'), ['bash', 'glibc-common']);
  });
});
