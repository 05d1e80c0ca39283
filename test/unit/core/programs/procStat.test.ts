import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseBootTime, parseProcStat, startTimestamp } from '../../../../src/core/programs/procStat';

describe('parseProcStat', () => {
  it('reads the start time after the last ")", whatever comm holds', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3)); // field 3 is "3", ..., field 22 is "22"
    fields[0] = 'S';
    const line = `4242 (a) b (c) d) ${fields.join(' ')}\n`;
    assert.deepEqual(parseProcStat(line), { pid: 4242, comm: 'a) b (c) d', state: 'S', ppid: 4, startTicks: '22' });
  });

  it('reads the real stat files of the captured clients', () => {
    const stat = parseProcStat(readFileSync('test/fixtures/programs/transmission-daemon/stat', 'utf8'));
    assert.equal(stat?.comm, 'transmission-da');
    assert.match(stat?.startTicks ?? '', /^\d+$/);
    assert.equal(parseProcStat(readFileSync('test/fixtures/programs/deluged/stat', 'utf8'))?.comm, 'deluged');
  });

  it('refuses lines without a comm or a start time', () => {
    assert.equal(parseProcStat('garbage'), undefined);
    assert.equal(parseProcStat('1 (x) S 0 1'), undefined);
  });

  it('turns ticks into a timestamp with btime and the clock rate', () => {
    assert.equal(parseBootTime('cpu 1 2 3\nbtime 1700000000\nprocesses 5\n'), 1700000000);
    assert.equal(startTimestamp(1700000000, '12345', 100), new Date((1700000000 + 123.45) * 1000).toISOString());
    assert.equal(startTimestamp(1700000000, 'x', 100), undefined);
    const btime = parseBootTime(readFileSync('test/fixtures/programs/proc-stat-btime.txt', 'utf8'));
    assert.ok(btime !== undefined && btime > 1_600_000_000);
  });
});
