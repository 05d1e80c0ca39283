// A host given by name is one host, however many addresses its name has: the
// real CLI runs detection over `localhost:<port>`, the system resolver gives
// 127.0.0.1 (and ::1), a real bittorrent-dht node answers on 127.0.0.1, and
// the host table has one row, localhost, answering; before, the name's row
// said silent and an extra 127.0.0.1 row held the reply.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostsOf } from '../../../src/core/hosts/hostsOf';
import type { RunRecord } from '../../../src/core/run/types';
import { recordPrinted, runCliProcess } from './cliProcess';

const SCRIPT = resolve('test/fixtures/programs/bittorrent-dht/dht-node.mjs');

describe('a host given by name: one row for all its addresses', () => {
  let node: ChildProcess;
  let records: string;
  let record: RunRecord;

  before(async () => {
    records = mkdtempSync(join(tmpdir(), 'named-hosts-'));
    node = spawn(process.execPath, [SCRIPT, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = await once(node.stdout!, 'data') as [Buffer];
    const port = Number(/listening (\d+)/.exec(line.toString())?.[1]);
    assert.ok(port > 0, line.toString());
    const ran = await runCliProcess(['run', 'bittorrent-mainline-dht', '--targets', `localhost:${port}`, '--record-dir', records, '--json']);
    record = recordPrinted(ran);
  });

  after(() => {
    node?.kill();
    if (records) rmSync(records, { recursive: true, force: true });
  });

  it('records the addresses the name resolved to, next to the probe\'s replies', () => {
    const probes = Object.values(record.steps).flatMap((s) => s.results).filter((r) => r.kind === 'probe-dht' && r.resolved !== undefined);
    assert.equal(probes.length, 1, JSON.stringify(Object.keys(record.steps)));
    const resolved = probes[0]!.kind === 'probe-dht' ? probes[0]!.resolved : undefined;
    assert.equal(resolved?.[0]?.name, 'localhost');
    assert.ok(resolved?.[0]?.addresses.includes('127.0.0.1'), JSON.stringify(resolved));
  });

  it('has one row, localhost, answering on 127.0.0.1, and no row for the address', () => {
    const rows = hostsOf(record)!.hosts;
    assert.deepEqual(rows.map((r) => [r.address, r.state]), [['localhost', 'answering']], JSON.stringify(rows, null, 1));
    assert.ok(rows[0]!.endpoints.some((e) => e.startsWith('127.0.0.1:')), rows[0]!.endpoints.join(', '));
  });
});
