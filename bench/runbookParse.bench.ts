// The runbook parser's time against the size of its input, for a realistic
// runbook and for each shape an attacker would pick (test/unit/core/runbook/
// runbookShapes.ts), up to the 1,000,000-character cap. A linear parser
// doubles its time when the size doubles; the last column says how far each
// shape is from that. Figures go to BENCHMARKS.md by hand, with the machine
// and the date.
//
//   node out/bench/runbookParse.bench.mjs            the parser in src/
//   node out/bench/runbookParse.bench.mjs --legacy   the frozen quadratic one, for before/after
//   BENCH_RUNS=5 BENCH_SHAPE=empty ...               runs per size; only shapes whose name contains it
import { performance } from 'node:perf_hooks';
import { parseRunbook } from '../src/core/runbook/parseRunbook';
import { parseRunbook as parseRunbookLegacy } from '../test/unit/core/runbook/legacy/parseRunbook';
import { SHAPES } from '../test/unit/core/runbook/runbookShapes';
import { median } from './benchSupport';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_SHAPE;
const SIZES = [62_500, 125_000, 250_000, 500_000, 1_000_000];
/** A parse slower than this is run once, and larger sizes of its shape are skipped (the old parser needs minutes). */
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 10_000);
const legacy = process.argv.includes('--legacy');
const parse = legacy ? parseRunbookLegacy : parseRunbook;

function timeParse(source: string): { ms: number; diagnostics: number } {
  const started = performance.now();
  const result = parse(source);
  const ms = performance.now() - started;
  if (result.diagnostics.some((d) => d.code === 'internal' || d.code === 'too-large')) {
    throw new Error(`the parser failed: ${result.diagnostics.find((d) => d.code === 'internal' || d.code === 'too-large')?.message}`);
  }
  return { ms, diagnostics: result.diagnostics.length };
}

function format(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

console.log(`runbook parser: ${legacy ? 'legacy (before)' : 'current'}; median of ${RUNS}; node ${process.version}`);
console.log(`| shape | ${SIZES.map((s) => `${s / 1000} K`).join(' | ')} | 1 M ÷ 500 K |`);
console.log(`| --- | ${SIZES.map(() => '---').join(' | ')} | --- |`);
for (const shape of SHAPES) {
  if (ONLY !== undefined && !shape.name.includes(ONLY)) continue;
  const cells: string[] = [];
  const medians: number[] = [];
  let skipping = false;
  for (const size of SIZES) {
    if (skipping) { cells.push('skipped'); continue; }
    const source = shape.make(size);
    // An untimed parse first warms the JIT; a parse slower than SLOW_MS is not repeated.
    const warm = timeParse(source);
    const slow = warm.ms >= SLOW_MS;
    const ms = slow ? warm.ms : median(Array.from({ length: RUNS }, () => timeParse(source).ms));
    medians.push(ms);
    cells.push(slow ? `${format(ms)} (1 run)` : format(ms));
    if (slow) skipping = true;
  }
  const last = medians[4];
  const before = medians[3];
  const ratio = last !== undefined && before !== undefined ? (last / before).toFixed(2) : '–';
  console.log(`| ${shape.name} | ${cells.join(' | ')} | ${ratio} |`);
}

// The case from issue 12: 60,000 empty runbook blocks, 960 KB of them.
if (ONLY === undefined || ONLY === '60k') {
  const blocks = '```runbook\n```\n\n'.repeat(60_000);
  const source = `---\nid: x\n---\n${blocks}`;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(timeParse(source).ms);
  console.log(`\n60,000 empty runbook blocks (${source.length} characters): median ${format(median(times))} of ${RUNS} (${times.map(format).join(', ')})`);
}
