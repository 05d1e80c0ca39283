// The CLI as one executable (Node's single executable applications): it must
// run on a host with no Node.js, carry the bundled runbook inside it, find a
// real DHT node, and stay out of the .vsix. Built by `npm run package:cli`
// (scripts/sea-build.mjs), or reused when it is newer than its sources.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBittorrentDhtNode, type RunningDhtNode } from '../../support/realDhtNodes';
import { ensureSeaExecutable, seaSkipReason } from '../fleet/seaExecutable';
import type { RunRecord } from '../../../src/core/run/types';

interface Ran { code: number; stdout: string; stderr: string }

const skip = seaSkipReason();

describe('the single executable of the CLI', { skip }, () => {
  let scratch: string;
  let exe: string;
  let noNodePath: string;
  let node: RunningDhtNode;

  /** Runs the executable from a folder with no runbooks beside it, PATH holding no node. */
  function run(args: string[]): Promise<Ran> {
    return new Promise((done) => {
      execFile(exe, args, { cwd: scratch, env: { PATH: noNodePath, HOME: scratch }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        done({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
      });
    });
  }

  before(async () => {
    const built = ensureSeaExecutable();
    scratch = mkdtempSync(join(tmpdir(), 'sea-test-'));
    // Alone in a folder: a runbook read from a file beside it could not be found.
    exe = join(scratch, 'bin', 'dht-runbook');
    mkdirSync(join(scratch, 'bin'));
    try { linkSync(built, exe); } catch { copyFileSync(built, exe); }
    noNodePath = join(scratch, 'empty-path');
    mkdirSync(noNodePath);
    node = await startBittorrentDhtNode();
  });

  after(async () => {
    await node?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is a native executable, with no node reachable on its PATH', () => {
    assert.equal(readFileSync(exe).subarray(0, 4).toString('latin1'), '\x7fELF');
    assert.deepEqual(readdirSync(noNodePath), []);
    assert.throws(() => execFileSync('node', ['--version'], { env: { PATH: noNodePath } }), /ENOENT/);
  });

  it('prints the probe usage and exits 0', async () => {
    const ran = await run(['probe', '--help']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^dht-runbook probe <targets\.\.\.> \[options\]/);
    assert.equal(ran.stderr, '', 'no experimental-feature warning or anything else on stderr');
  });

  it('prints the run usage with the remediation options and exits 0', async () => {
    const ran = await run(['run', 'bittorrent-mainline-dht', '--phase', 'remediation', '--help']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /--decision <answer>/);
    assert.match(ran.stdout, /--apply/);
  });

  it('reads the bundled runbook embedded in it: a remediation needs the runbook before it asks for the run', async () => {
    const ran = await run(['run', 'bittorrent-mainline-dht', '--phase', 'remediation', '--run', '20260101T000000Z-00000000', '--record-dir', join(scratch, 'runs'), '--decision', 'maybe', '--justification', 'x']);
    assert.equal(ran.code, 2);
    // The answer list comes from the parsed runbook: proof that the embedded copy was read.
    assert.match(ran.stderr, /--decision "maybe" is not an answer of this runbook; its answers are "permitted", "not permitted"/);
  });

  it('finds a real DHT node on loopback: exit 1 and its node id', async () => {
    const ran = await run(['probe', `127.0.0.1:${node.port}`]);
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stdout, new RegExp(`DHT node at 127\\.0\\.0\\.1:${node.port}`));
    assert.match(ran.stdout, new RegExp(`node id ${node.nodeIdHex}`));
    const json = JSON.parse((await run(['probe', `127.0.0.1:${node.port}`, '--json'])).stdout) as { findings: { nodeIdHex: string }[] };
    assert.deepEqual(json.findings.map((f) => f.nodeIdHex), [node.nodeIdHex]);
  });

  it('runs detection of the bundled runbook and records the node, with the runbook marked bundled', async () => {
    const ran = await run(['run', 'bittorrent-mainline-dht', '--targets', `127.0.0.1:${node.port}`, '--record-dir', join(scratch, 'runs'), '--json']);
    assert.equal(ran.code, 1, ran.stderr);
    const record = JSON.parse(ran.stdout) as RunRecord;
    assert.equal(record.runbook.source, 'bundled');
    assert.equal(record.runbook.path, 'runbooks/bittorrent-mainline-dht.md');
    assert.ok(existsSync(join(scratch, 'runs', `${record.runId}.json`)));
    assert.match(JSON.stringify(record), new RegExp(node.nodeIdHex));
  });

  it('stays out of the .vsix', () => {
    const vsce = join(process.cwd(), 'node_modules/.bin/vsce');
    const listing = execFileSync(vsce, ['ls', '--no-dependencies'], { encoding: 'utf8' });
    assert.ok(listing.split('\n').includes('package.json'), `vsce listed no manifest:\n${listing}`);
    assert.deepEqual(listing.split('\n').filter((l) => l.includes('dist-cli')), []);
  });
});
