// Target-list bounds: how long and how much memory a hostile 1,000,000-target
// list costs before it is refused. Each run is a fresh child process, so peak
// RSS (maxRSS) is that run's alone. Figures go to BENCHMARKS.md by hand.
//   node scripts/build.mjs --tests && node out/bench/targetBounds.bench.mjs
// (or bundle this file alone with esbuild, --format=esm --packages=external)
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { probeCommand } from '../src/cli/probeCommand';
import { parsePortSpec } from '../src/core/targets/portSpec';
import { parseTargets } from '../src/core/targets/parseTargets';
import { median } from './benchSupport';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TOKENS = 1_000_000;

const CASES: Record<string, { what: string; run: () => Promise<string> }> = {
  'cli-hostnames': {
    what: `probe "<${TOKENS} x a>" (2 MB, hostnames: endpoint bound)`,
    run: async () => cliRefusal(Array.from({ length: TOKENS }, () => 'a').join(' ')),
  },
  'cli-addresses': {
    what: `probe "<${TOKENS} x 10.0.0.1>" (9 MB, addresses)`,
    run: async () => cliRefusal(Array.from({ length: TOKENS }, () => '10.0.0.1').join(' ')),
  },
  'parse-no-limit': {
    what: `parseTargets("<${TOKENS} x a>") without an endpoint limit (the editor's path)`,
    run: async () => {
      const ports = parsePortSpec('6881-6889,51413');
      const result = parseTargets(Array.from({ length: TOKENS }, () => 'a').join(' '), { defaultPorts: ports.ok ? ports.ranges : [] });
      return result.ok ? `accepted ${result.targets.length} targets` : `${result.errors.length} error(s): ${result.errors[result.errors.length - 1]!.message.slice(0, 100)}`;
    },
  },
};

async function cliRefusal(targets: string): Promise<string> {
  let stderr = '';
  const code = await probeCommand([targets], { stdout: { write: () => true }, stderr: { write: (t: string) => { stderr += t; } } }, new AbortController().signal);
  return `exit ${code}: ${stderr.split('\n').length - 1} line(s): ${stderr.slice(0, 100)}`;
}

async function child(name: string): Promise<void> {
  const started = performance.now();
  const outcome = await CASES[name]!.run();
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, outcome }));
}

function parent(): void {
  const self = fileURLToPath(import.meta.url);
  const only = process.argv[2];
  for (const [name, { what }] of Object.entries(CASES)) {
    if (only && only !== name) continue;
    const runs: { ms: number; maxRssMb: number; outcome: string }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const result = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--case', name], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 600_000 });
      if (result.status !== 0) throw new Error(`${name}: ${result.stderr || result.error?.message}`);
      runs.push(JSON.parse(result.stdout) as { ms: number; maxRssMb: number; outcome: string });
    }
    console.log(`${name}: ${what}`);
    console.log(`  median of ${RUNS}: ${(median(runs.map((r) => r.ms)) / 1000).toFixed(3)} s, peak RSS ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB (whole process)`);
    console.log(`  outcome: ${runs[0]!.outcome}`);
  }
}

if (process.argv[2] === '--case') await child(process.argv[3]!);
else parent();
