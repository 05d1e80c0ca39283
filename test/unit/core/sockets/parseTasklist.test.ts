import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvRecord, parseTasklist } from '../../../../src/core/sockets/parseTasklist';
import { fixture } from './fixture';

describe('parseTasklist', () => {
  it('reads image names and pids, names with spaces, commas and parentheses included', () => {
    const { processes, warnings } = parseTasklist(fixture('windows-tasklist.csv'));
    assert.deepEqual(warnings, []);
    assert.equal(processes.length, 9);
    assert.deepEqual(processes.find((p) => p.pid === 6120), { name: 'uTorrent.exe', pid: 6120, sessionName: 'Console', sessionNumber: 1, memory: '48,220 K' });
    assert.equal(processes.find((p) => p.pid === 8001)?.name, 'my odd, (name).exe');
    assert.equal(processes.find((p) => p.pid === 0)?.name, 'System Idle Process');
  });

  it('reads a German capture', () => {
    const { processes } = parseTasklist(fixture('windows-tasklist-de.csv'));
    assert.deepEqual(processes.map((p) => [p.pid, p.name, p.memory]), [[0, 'System Idle Process', '8 K'], [4, 'System', '1.236 K'], [1060, 'svchost.exe', '12.345 K'], [5800, 'transmission-qt.exe', '88.412 K']]);
  });

  it('reports the INFO line and malformed records', () => {
    const { processes, warnings } = parseTasklist('INFO: No tasks are running which match the specified criteria.\r\n"unterminated,"1"\r\n"a.exe","x"\r\n');
    assert.equal(processes.length, 0);
    assert.equal(warnings.length, 3);
  });

  it('reads CSV quoting', () => {
    assert.deepEqual(parseCsvRecord('"a ""b"", c","2",,x'), ['a "b", c', '2', '', 'x']);
    assert.equal(parseCsvRecord('"a"b'), undefined);
  });
});
