// `npm run bench`: the DHT sweep's speed and memory, against real planted
// bittorrent-dht nodes on loopback, and side by side with `nmap -sU`.
// Figures go to BENCHMARKS.md by hand, with the machine and the date.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sweepForDhtNodes } from '../src/node/probe/dhtSweep';
import type { Endpoint, SweepSummary } from '../src/core/probe/types';
import { median, plant, type Planted } from './benchSupport';


const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 200_000);

interface RunFigures { wallMs: number; packets: number; peakRssMb: number; correct: boolean; summary: SweepSummary }

async function timedSweep(endpoints: () => Iterable<Endpoint>, planted: readonly Planted[], retries: number, timeoutMs = 1000, rate = RATE): Promise<RunFigures> {
  // Start each run from a collected heap, so peak RSS is this run's, not the last one's garbage.
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
  const started = performance.now();
  const summary = await sweepForDhtNodes({ endpoints, timeoutMs, retries, ratePerSecond: rate });
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const found = new Set(summary.findings.map((f) => `${f.endpoint.address}:${f.endpoint.port}`));
  const expected = new Set(planted.map((p) => `${p.address}:${p.port}`));
  const correct = found.size === expected.size && [...expected].every((e) => found.has(e));
  return { wallMs, packets: summary.packetsSent, peakRssMb: peakRss / 1024 / 1024, correct, summary };
}

async function scenario(name: string, endpoints: () => Iterable<Endpoint>, planted: Planted[]): Promise<void> {
  for (const retries of [0, 1]) {
    const runs: RunFigures[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await timedSweep(endpoints, planted, retries));
    const wall = median(runs.map((r) => r.wallMs));
    const pps = median(runs.map((r) => r.packets / (r.wallMs / 1000)));
    console.log(`| ${name} | ${retries} | ${runs[0]!.packets} | ${(wall / 1000).toFixed(2)} s | ${Math.round(pps).toLocaleString('en')} | ${median(runs.map((r) => r.peakRssMb)).toFixed(0)} MB | ${runs.filter((r) => r.correct).length}/${runs.length} | ${runs[0]!.summary.ignoredTotal} |`);
  }
}

async function main(): Promise<void> {
  console.log(`DHT sweep benchmark: ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}, rate limit ${RATE}/s, timeout 1 s, ${RUNS} runs each (medians)\n`);
  console.log('| scenario | retries | packets | wall (median) | packets/s (packets ÷ wall) | peak RSS | all planted found, nothing else | ignored datagrams |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');

  // 1. Every UDP port of 127.0.0.1, five real nodes planted among them.
  const ports = await plant(Array.from({ length: 5 }, () => ({ address: '127.0.0.1', port: 0 })));
  const allPorts = function* (): Generator<Endpoint> { for (let port = 1; port <= 65535; port += 1) yield { address: '127.0.0.1', family: 4, port }; };
  await scenario('127.0.0.1, ports 1-65535', allPorts, ports.nodes);
  ports.child.kill();

  // 2. 127.0.0.0/16 on one port, five nodes on five of those addresses.
  const port = 41414;
  const addresses = await plant(['127.0.3.7', '127.0.77.1', '127.0.128.9', '127.0.200.200', '127.0.255.254'].map((address) => ({ address, port })));
  const slash16 = function* (): Generator<Endpoint> { for (let i = 0; i < 65536; i += 1) yield { address: `127.0.${i >> 8}.${i & 255}`, family: 4, port }; };
  await scenario(`127.0.0.0/16, port ${port}`, slash16, addresses.nodes);
  addresses.child.kill();

  await memoryBound();
  await compareWithNmap();
}

/** A target list 16 times larger: memory should follow what is in flight, not the list. */
async function memoryBound(): Promise<void> {
  const port = 41415;
  const planted = await plant([{ address: '127.9.0.1', port }]);
  const slash12 = function* (): Generator<Endpoint> { for (let i = 0; i < 1 << 20; i += 1) yield { address: `127.${(i >> 16) & 15}.${(i >> 8) & 255}.${i & 255}`, family: 4, port }; };
  const inFlight = (rate: number, timeoutMs: number) => Math.round((rate * timeoutMs) / 1000);
  console.log('\nMemory against target-list size (retries 0, rate 50,000/s, timeout 0.25 s, so about 12,500 queries in flight):');
  console.log('| targets | endpoints | wall | peak RSS | planted found |');
  console.log('| --- | --- | --- | --- | --- |');
  const planted16 = await plant([{ address: '127.0.9.1', port }]);
  for (const [name, endpoints, nodes, count] of [
    ['127.0.0.0/16', function* (): Generator<Endpoint> { for (let i = 0; i < 65536; i += 1) yield { address: `127.0.${i >> 8}.${i & 255}`, family: 4, port }; }, planted16.nodes, 65536],
    // The /12 covers the /16's planted node too: both must be found.
    ['127.0.0.0/12', slash12, [...planted.nodes, ...planted16.nodes], 1 << 20],
  ] as const) {
    const run = await timedSweep(endpoints, nodes, 0, 250, 50_000);
    console.log(`| ${name} | ${count.toLocaleString('en')} | ${(run.wallMs / 1000).toFixed(2)} s | ${run.peakRssMb.toFixed(0)} MB | ${run.correct ? 'yes' : 'NO'} |`);
  }
  console.log(`(in flight at most about ${inFlight(50_000, 250).toLocaleString('en')} queries either way)`);
  planted.child.kill();
  planted16.child.kill();
}

/** The same small sweep by nmap -sU and by us, timed in one run. */
async function compareWithNmap(): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v nmap'], { stdio: 'ignore' }).status !== 0) {
    console.log('\nnmap comparison skipped: nmap is not installed (sudo bash scripts/install-system-packages.sh)');
    return;
  }
  const planted = await plant(Array.from({ length: 3 }, () => ({ address: '127.0.0.1', port: 0 })));
  const portList = [...new Set([...planted.nodes.map((n) => n.port), ...Array.from({ length: 97 }, (_, i) => 30000 + i)])];
  const endpoints = () => portList.map((p): Endpoint => ({ address: '127.0.0.1', family: 4, port: p }));
  const ours: number[] = [];
  const theirs: number[] = [];
  let nmapOpenOrFiltered = 0;
  let ourCorrect = 0;
  const runs = Math.min(RUNS, 3);
  for (let i = 0; i < runs; i += 1) {
    const run = await timedSweep(endpoints, planted.nodes, 1);
    ours.push(run.wallMs);
    if (run.correct) ourCorrect += 1;
    const started = performance.now();
    const nmap = spawnSync('nmap', ['-sU', '-Pn', '-n', '-p', portList.join(','), '127.0.0.1'], { encoding: 'utf8' });
    theirs.push(performance.now() - started);
    nmapOpenOrFiltered = (nmap.stdout.match(/open\|filtered|\bopen\b/g) ?? []).length;
  }
  const oursMedian = median(ours);
  const nmapMedian = median(theirs);
  console.log(`\nnmap -sU -Pn -n on the same ${portList.length} ports of 127.0.0.1 (3 real DHT nodes among them), ${runs} runs, medians:`);
  console.log(`| tool | wall (median) | DHT nodes identified |`);
  console.log(`| --- | --- | --- |`);
  console.log(`| this sweep (timeout 1 s, 1 retry) | ${(oursMedian / 1000).toFixed(2)} s | ${ourCorrect === runs ? 3 : 'not all'} of 3, by KRPC reply |`);
  console.log(`| nmap -sU | ${(nmapMedian / 1000).toFixed(2)} s | none: ${nmapOpenOrFiltered} ports reported open or open|filtered, no DHT probe |`);
  console.log(`ratio nmap / ours: ${(nmapMedian / oursMedian).toFixed(2)}x (below 1: nmap finished sooner; it gets an ICMP "port unreachable" for each closed port, which an unconnected Node UDP socket cannot read, and it names no DHT node)`);
  // Service detection is what would be needed to tell a DHT port apart; time it once on 5 ports.
  const fivePorts = [...planted.nodes.map((n) => n.port), 30000, 30001];
  const sv = performance.now();
  const nmapSv = spawnSync('nmap', ['-sU', '-sV', '-Pn', '-n', '-p', fivePorts.join(','), '127.0.0.1'], { encoding: 'utf8' });
  const svMs = performance.now() - sv;
  const ourFive = await timedSweep(() => fivePorts.map((p): Endpoint => ({ address: '127.0.0.1', family: 4, port: p })), planted.nodes, 1);
  const services = (nmapSv.stdout.split('\n').filter((l) => /^\d+\/udp/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim())).join('; ');
  console.log(`\nnmap -sU -sV on 5 ports (3 DHT nodes): ${(svMs / 1000).toFixed(1)} s, said: ${services || '(nothing)'}`);
  console.log(`this sweep on the same 5 ports: ${(ourFive.wallMs / 1000).toFixed(2)} s, ${ourFive.correct ? 'all 3 DHT nodes confirmed by KRPC reply' : 'NOT all found'}; ratio ${(svMs / ourFive.wallMs).toFixed(0)}x`);
  planted.child.kill();
}

await main();
