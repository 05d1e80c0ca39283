// `npm run bench`: a run's detection over 1,000 hosts with the default ports,
// as a sysadmin starts it: `dht-runbook run bittorrent-mainline-dht --targets
// <1,000 addresses>` as its own process (the CLI bundle, DHT_RUNBOOK_CLI or
// dist/cli.js), so the figures hold everything `run` does: the runbook, this
// machine's socket checks, one sweep of every host, the record written.
// The hosts are loopback addresses 127.1.0.1 … 127.1.3.232; real
// bittorrent-dht nodes are planted on a few of them (bench/plantedNodes.ts)
// and each run must find every one of them and nothing else.
// Peak RSS is the CLI process's own (getrusage maxrss, written at exit by a
// preload), so the benchmark's own memory is not in it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hostsOf } from '../src/core/hosts/hostsOf';
import type { RunRecord } from '../src/core/run/types';
import { median, plant } from './benchSupport';


const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = process.env.DHT_RUNBOOK_CLI ?? join(process.cwd(), 'dist/cli.js');
const HOSTS = 1000;
const DEFAULT_PORT_COUNT = 10; // 6881-6889 and 51413: the run's default ports

/** 127.1.0.1 … 127.1.3.232: the 1,000 addresses after 127.1.0.0. */
const addresses = Array.from({ length: HOSTS }, (_, i) => `127.1.${(i + 1) >> 8}.${(i + 1) & 255}`);
// Spread over the list and over the default ports, first and last address included.
const plantAt = [
  { address: '127.1.0.1', port: 6881 }, { address: '127.1.0.200', port: 51413 }, { address: '127.1.1.99', port: 6885 },
  { address: '127.1.2.17', port: 6889 }, { address: '127.1.3.232', port: 6883 },
];

interface RunFigures { wallMs: number; peakRssMb: number; code: number | null; found: string[]; answering: number; silent: number; packets: number }

function runOnce(scratch: string, i: number): Promise<RunFigures> {
  const rssFile = join(scratch, `rss-${i}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', join(scratch, 'maxrss.cjs'), CLI, 'run', 'bittorrent-mainline-dht', '--targets', addresses.join(' '), '--record-dir', join(scratch, 'runs'), '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_MAXRSS_FILE: rssFile },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let record: RunRecord;
      try { record = JSON.parse(stdout) as RunRecord; } catch { reject(new Error(`run printed no record (exit ${code}): ${stderr}`)); return; }
      const rows = hostsOf(record)?.hosts ?? [];
      const sweeps = Object.values(record.steps).flatMap((s) => s.results).filter((r) => r.kind === 'probe-dht');
      resolve({
        wallMs, code, peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
        found: rows.flatMap((r) => r.endpoints).sort(),
        answering: rows.filter((r) => r.state === 'answering').length,
        silent: rows.filter((r) => r.state === 'silent').length,
        packets: sweeps.reduce((n, r) => n + (r.kind === 'probe-dht' ? r.summary.packetsSent : 0), 0),
      });
    });
  });
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-1000-hosts-'));
  // getrusage's maxrss (KiB) of the CLI process alone, at its exit.
  writeFileSync(join(scratch, 'maxrss.cjs'), "process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  const planted = await plant(plantAt);
  try {
    const expected = planted.nodes.map((n) => `${n.address}:${n.port}`).sort();
    console.log(`Detection over ${HOSTS} hosts: ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}, ${RUNS} runs (medians)`);
    console.log(`command: node ${CLI.replace(`${process.cwd()}/`, '')} run bittorrent-mainline-dht --targets "127.1.0.1 … 127.1.3.232" --record-dir <tmp> --json`);
    console.log(`${HOSTS} hosts × ${DEFAULT_PORT_COUNT} default ports = ${(HOSTS * DEFAULT_PORT_COUNT).toLocaleString('en')} endpoints; ${planted.nodes.length} real DHT nodes planted at ${expected.join(', ')}\n`);
    const runs: RunFigures[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const run = await runOnce(scratch, i);
      runs.push(run);
      const correct = run.code === 1 && JSON.stringify(run.found) === JSON.stringify(expected);
      console.log(`run ${i + 1}: ${(run.wallMs / 1000).toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB, exit ${run.code}, ${run.packets.toLocaleString('en')} packets, ${run.answering} answering / ${run.silent} silent, ${correct ? 'every planted node found, nothing else' : `WRONG: found ${run.found.join(', ') || 'nothing'}`}`);
    }
    const allCorrect = runs.filter((r) => r.code === 1 && JSON.stringify(r.found) === JSON.stringify(expected)).length;
    console.log('\n| hosts | endpoints | packets | wall (median) | peak RSS (median) | every planted node found, nothing else |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    console.log(`| ${HOSTS.toLocaleString('en')} | ${(HOSTS * DEFAULT_PORT_COUNT).toLocaleString('en')} | ${runs[0]!.packets.toLocaleString('en')} | ${(median(runs.map((r) => r.wallMs)) / 1000).toFixed(2)} s | ${median(runs.map((r) => r.peakRssMb)).toFixed(0)} MB | ${allCorrect}/${runs.length} |`);
    if (allCorrect !== runs.length) process.exitCode = 1;
  } finally {
    planted.child.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
