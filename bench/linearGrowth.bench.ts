// Two pieces of work that must grow linearly with their input, timed at four
// sizes, each twice the last: a command's output kept within its limit
// (BoundedOutput, fed 44-character lines as apt prints them) and the run
// panel's host table (hostTableHtml, from merged fleet records). A linear
// piece doubles its time when the size doubles: the last column says how far
// each is from that. The unit tests check what they do; this says how fast.
//
//   node out/bench/linearGrowth.bench.mjs      BENCH_RUNS=7 for more runs per size
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { BoundedOutput } from '../src/core/terminal/boundedOutput';
import { hostsOf } from '../src/core/hosts/hostsOf';
import { parseRunbook } from '../src/core/runbook/parseRunbook';
import { hostTableHtml } from '../src/extension/run/hostTableHtml';
import { hostRemediation, perFindingRemediationSteps } from '../src/extension/run/hostRemediation';
import { fleetOf, hostRecord, type HostScenario } from '../test/unit/core/fleet/fleetFixtures';
import { median } from './benchSupport';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function timed(work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** A table of its own per piece of work: a column per size, then the ratio of the last two. */
function table(name: string, sizes: number[], unit: string, work: (size: number) => () => void): void {
  const medians = sizes.map((size) => timed(work(size)));
  const ratio = medians[medians.length - 1]! / medians[medians.length - 2]!;
  console.log(`\n${name}: median of ${RUNS}; node ${process.version}`);
  console.log(`| ${sizes.map((s) => `${s.toLocaleString('en')} ${unit}`).join(' | ')} | last ÷ previous (2.00 is linear) |`);
  console.log(`|${'---|'.repeat(sizes.length + 1)}`);
  console.log(`| ${medians.map((ms) => `${ms.toFixed(1)} ms`).join(' | ')} | ${ratio.toFixed(2)} |`);
}

const APT_LINE = 'Unpacking transmission-daemon (4.0.6-1) ...\n';
table('a command\'s output kept within 64 KiB', [8, 16, 32, 64], 'MB', (megabytes) => () => {
  const out = new BoundedOutput(64 * 1024);
  for (let pushed = 0; pushed < megabytes * 1_000_000; pushed += APT_LINE.length) out.push(APT_LINE);
  out.result();
});

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const steps = perFindingRemediationSteps(runbook);
const SCENARIOS: HostScenario[] = ['remediated', 'clean', 'still-exposed'];
const t = (message: string, ...args: (string | number | boolean)[]): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
table('the run panel\'s host table', [150, 300, 600, 1200], 'hosts', (hosts) => {
  const record = fleetOf(...Array.from({ length: hosts }, (_, i) => hostRecord(`host-${i}`, SCENARIOS[i % 3]!, { start: i % 50 })));
  const overview = hostsOf(record)!;
  return () => { hostTableHtml({ t, overview, remediationOf: (r) => hostRemediation(r, steps, record, () => 'pending') }); };
});
