import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  countPorts, formatPortSpec, normalizePortRanges, parsePortSpec, rangesIncludePort,
} from '../../../../src/core/targets/portSpec';

function ranges(text: string) {
  const result = parsePortSpec(text);
  assert.ok(result.ok, `expected "${text}" to parse`);
  return result.ranges;
}

function error(text: string) {
  const result = parsePortSpec(text);
  assert.ok(!result.ok, `expected "${text}" to be refused`);
  return result.error;
}

describe('parsePortSpec', () => {
  it('reads a single port', () => {
    assert.deepEqual(ranges('6881'), [{ first: 6881, last: 6881 }]);
  });

  it('reads ranges and lists, sorted and merged', () => {
    assert.deepEqual(ranges('6881-6889,51413'), [{ first: 6881, last: 6889 }, { first: 51413, last: 51413 }]);
    assert.deepEqual(ranges('51413,6885-6889,6881-6886,6890'), [{ first: 6881, last: 6890 }, { first: 51413, last: 51413 }]);
    assert.deepEqual(ranges('5,5,5'), [{ first: 5, last: 5 }]);
  });

  it('accepts the extremes 1 and 65535 and a one-port range', () => {
    assert.deepEqual(ranges('1-65535'), [{ first: 1, last: 65535 }]);
    assert.deepEqual(ranges('80-80'), [{ first: 80, last: 80 }]);
  });

  it('ignores spaces around entries (settings text)', () => {
    assert.deepEqual(ranges(' 6881 - 6889 , 51413 '), [{ first: 6881, last: 6889 }, { first: 51413, last: 51413 }]);
  });

  it('refuses an empty list', () => {
    assert.equal(error(''), 'empty port list');
    assert.equal(error('   '), 'empty port list');
  });

  it('refuses empty entries', () => {
    assert.equal(error('6881,,6882'), 'empty entry in port list "6881,,6882": remove the extra comma');
    assert.equal(error('6881,'), 'empty entry in port list "6881,": remove the extra comma');
    assert.equal(error(',6881'), 'empty entry in port list ",6881": remove the extra comma');
  });

  it('refuses ports out of range, naming the piece', () => {
    assert.equal(error('70000'), '"70000" is not a port: ports run from 1 to 65535');
    assert.equal(error('0'), '"0" is not a port: ports run from 1 to 65535');
    assert.equal(error('6881,65536-65540'), '"65536" is not a port: ports run from 1 to 65535');
    assert.equal(error('99999999999999999999999'), '"99999999999999999999999" is not a port: ports run from 1 to 65535');
  });

  it('refuses text that is not a number', () => {
    assert.equal(error('http'), '"http" is not a port: a port is a number from 1 to 65535');
    assert.equal(error('6881,+5'), '"+5" is not a port: a port is a number from 1 to 65535');
    assert.equal(error('0x1ae1'), '"0x1ae1" is not a port: a port is a number from 1 to 65535');
  });

  it('refuses malformed and reversed ranges', () => {
    assert.equal(error('6881-'), '"6881-" is not a port range: write it as FIRST-LAST, e.g. 6881-6889');
    assert.equal(error('-6881'), '"-6881" is not a port range: write it as FIRST-LAST, e.g. 6881-6889');
    assert.equal(error('1-2-3'), '"1-2-3" is not a port range: write it as FIRST-LAST, e.g. 6881-6889');
    assert.equal(error('6889-6881'), '"6889-6881" is not a port range: the first port is larger than the last');
    assert.equal(error('6881-70000'), '"70000" is not a port: ports run from 1 to 65535');
  });
});

describe('port range helpers', () => {
  it('normalizes without touching its input', () => {
    const input = [{ first: 10, last: 20 }, { first: 1, last: 9 }, { first: 30, last: 30 }];
    assert.deepEqual(normalizePortRanges(input), [{ first: 1, last: 20 }, { first: 30, last: 30 }]);
    assert.deepEqual(input[0], { first: 10, last: 20 });
  });

  it('counts, tests membership and formats', () => {
    const list = ranges('6881-6889,51413');
    assert.equal(countPorts(list), 10);
    assert.equal(rangesIncludePort(list, 6885), true);
    assert.equal(rangesIncludePort(list, 6890), false);
    assert.equal(formatPortSpec(list), '6881-6889,51413');
    assert.equal(countPorts([]), 0);
  });
});
