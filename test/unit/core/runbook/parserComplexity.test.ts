// The parser's time grows linearly with its input, for the shapes that made
// the old parser quadratic (60,000 empty runbook blocks took 14.9 s).
//
// This is the one timed test, and it is not a speed test: it asserts a
// complexity ratio. Each shape is parsed at N and at 4N characters in this
// same process, alternately, and the medians compared: a linear parser takes
// about 4 times as long, a quadratic one about 16 times. The bound, 8, sits
// far from both. A measurement over the bound is taken again, up to three
// times: a busy machine spoils one now and then, a quadratic parser every
// one. How fast the parser is lives in bench/runbookParse.bench.ts and
// BENCHMARKS.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseRunbook, MAX_RUNBOOK_CHARS } from '../../../../src/core/runbook/parseRunbook';
import { SHAPES } from './runbookShapes';

const SMALL = 200_000;
const LARGE = 4 * SMALL;
const RUNS = 5;
const BOUND = 8;
const ATTEMPTS = 3;

/** Shapes that were quadratic, each through a different part of the parser. */
const QUADRATIC_BEFORE = [
  'empty runbook blocks',
  'H2 sections',
  'steps each with a block',
  'unterminated runbook fences',
  'unterminated fences, longest first, in a quote',
  'a command line of many placeholders',
];

function timeParse(source: string): number {
  const started = performance.now();
  const { diagnostics } = parseRunbook(source);
  const elapsed = performance.now() - started;
  assert.ok(!diagnostics.some((d) => d.code === 'internal' || d.code === 'too-large'), 'the parser failed');
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('the runbook parser is linear in its input', () => {
  assert.ok(LARGE <= MAX_RUNBOOK_CHARS);
  for (const name of QUADRATIC_BEFORE) {
    it(`${name}: 4 times the size takes less than ${BOUND} times as long`, () => {
      const shape = SHAPES.find((s) => s.name === name);
      assert.ok(shape, `no shape "${name}"`);
      const small = shape.make(SMALL);
      const large = shape.make(LARGE);
      assert.ok(large.length > 3.9 * small.length);
      timeParse(small); // warm the JIT
      // A pause of the machine (another process, a GC) can spoil one measurement; it cannot
      // spoil three in a row the way a quadratic parser does, which gives about 16 every time.
      const attempts: string[] = [];
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const smallTimes: number[] = [];
        const largeTimes: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          smallTimes.push(timeParse(small));
          largeTimes.push(timeParse(large));
        }
        const ratio = median(largeTimes) / median(smallTimes);
        if (ratio < BOUND) return;
        attempts.push(`${median(smallTimes).toFixed(1)} ms at ${small.length} characters, ${median(largeTimes).toFixed(1)} ms at ${large.length}: ${ratio.toFixed(1)} times`);
      }
      assert.fail(`${name}, ${ATTEMPTS} measurements, none under ${BOUND} (linear is about 4, quadratic 16): ${attempts.join('; ')}`);
    });
  }
});
