// Real processes whose program is a script found by a language's own
// package manager layout: a pip install (dist-info RECORD), an npm package
// (node_modules/<pkg>/package.json), a `python -m` module; and an
// environment that says AppImage where the program is none.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lookupProgramFacts, type ProgramLookup } from '../../../../src/node/programs/lookupProgramFacts';
import { skipUnlessAvailable } from '../../../support/prerequisites';

const PYTHON = '/usr/bin/python3';

async function lookupWhen(child: ChildProcess, ready: (l: ProgramLookup) => boolean): Promise<ProgramLookup> {
  let found: ProgramLookup | undefined;
  for (let i = 0; i < 50; i += 1) {
    found = await lookupProgramFacts(child.pid!);
    if (ready(found)) return found;
    await sleep(50);
  }
  return found!;
}

describe('lookupProgramFacts on language installs', { skip: process.platform !== 'linux' ? 'reads /proc' : skipUnlessAvailable(['python3', 'node', 'dpkg'], false) }, () => {
  let root: string;
  const children: ChildProcess[] = [];
  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): ChildProcess => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'], env, ...(cwd === undefined ? {} : { cwd }) });
    children.push(child);
    return child;
  };
  before(() => { root = mkdtempSync(join(tmpdir(), 'program-facts-')); });
  after(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('a pip-installed console script: kind pip, the package from the dist-info METADATA', async () => {
    const site = join(root, 'venv/lib/python3.11/site-packages');
    mkdirSync(join(site, 'dhtclient-1.2.dist-info'), { recursive: true });
    mkdirSync(join(root, 'venv/bin'), { recursive: true });
    writeFileSync(join(root, 'venv/bin/dht-client'), 'import time\ntime.sleep(30)\n');
    writeFileSync(join(site, 'dhtclient-1.2.dist-info/RECORD'), 'dhtclient/__init__.py,sha256=x,1\n../../../bin/dht-client,sha256=y,2\ndhtclient-1.2.dist-info/RECORD,,\n');
    writeFileSync(join(site, 'dhtclient-1.2.dist-info/METADATA'), 'Metadata-Version: 2.1\nName: DHT-Client\nVersion: 1.2\n');
    const child = run(PYTHON, [join(root, 'venv/bin/dht-client')]);
    const { facts, evidence } = await lookupWhen(child, (l) => l.facts.program !== undefined);
    assert.deepEqual([facts.program?.path, facts.install.kind, facts.install.manager, facts.install.package], [join(root, 'venv/bin/dht-client'), 'pip', 'pip', 'DHT-Client']);
    assert.ok(evidence.some((e) => e.command === 'list-dist-info' && e.rawOutput.includes('dhtclient-1.2.dist-info')));
    assert.ok(evidence.some((e) => e.command === 'dpkg' && e.exitCode === 1), 'dpkg was asked first');
  });

  it('a script inside node_modules/<pkg>: kind npm, the name from the nearest package.json', async () => {
    const pkg = join(root, 'project/node_modules/dht-seeder');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"dht-seeder","version":"0.1.0"}');
    writeFileSync(join(pkg, 'bin/package.json'), '{"type":"commonjs"}');
    writeFileSync(join(pkg, 'bin/cli.js'), 'setTimeout(() => {}, 30000);\n');
    const child = run('node', ['--max-old-space-size=64', 'node_modules/dht-seeder/bin/cli.js'], process.env, join(root, 'project'));
    const { facts } = await lookupWhen(child, (l) => l.facts.program !== undefined);
    assert.deepEqual([facts.program?.path, facts.runtime?.kind, facts.install.kind, facts.install.package], [join(pkg, 'bin/cli.js'), 'node', 'npm', 'dht-seeder']);
    assert.match(facts.install.note ?? '', /project in .*\/project:/);
  });

  it('python -m: resolves the module to its file and refuses the standard library\'s package by name', async () => {
    const child = run(PYTHON, ['-u', '-m', 'json.tool']); // waits on its standard input
    const { facts } = await lookupWhen(child, (l) => l.facts.program !== undefined);
    assert.match(facts.program?.path ?? '', /\/python3\.\d+\/json\/tool\.py$/);
    assert.equal(facts.program?.module, 'json.tool');
    assert.equal(facts.install.kind, 'deb');
    assert.match(facts.install.package ?? '', /^libpython3\.\d+-stdlib$/);
    assert.match(facts.install.refusal?.reason ?? '', /interpreter, a runtime or part of the base system/);
  });

  it('python -c: no program file, the runtime named, nothing offered for removal', async () => {
    const child = run(PYTHON, ['-c', 'import time; time.sleep(30)']);
    const { facts } = await lookupWhen(child, (l) => l.facts.runtime !== undefined);
    assert.equal(facts.program, undefined);
    assert.deepEqual([facts.install.kind, facts.install.package], ['unknown', undefined]);
    assert.match(facts.install.note ?? '', /runs code given on its command line \(-c\).*not offered for removal/);
  });

  it('reads only APPIMAGE and APPDIR from the environment, and an APPIMAGE outside its mount changes nothing', async () => {
    const child = run('/usr/bin/sleep', ['30'], { PATH: process.env.PATH ?? '', APPIMAGE: '/home/x/a.AppImage', SECRET_TOKEN: 'do-not-keep' });
    const { facts, evidence } = await lookupWhen(child, (l) => l.facts.process.executable === '/usr/bin/sleep');
    const environ = evidence.find((e) => e.command === 'read-environ');
    assert.equal(environ?.rawOutput, 'APPIMAGE=/home/x/a.AppImage');
    assert.ok(!JSON.stringify(evidence).includes('do-not-keep'));
    assert.deepEqual([facts.program?.path, facts.install.kind, facts.install.package], ['/usr/bin/sleep', 'deb', 'coreutils']);
    assert.match(facts.install.refusal?.reason ?? '', /Essential: yes/);
  });
});
