// Imports generated .nessus (v2) files of a few sizes and reports the time
// and the peak memory of each import, medians of several runs. Each import
// runs in a fresh child process, so its peak RSS (getrusage's maxrss) is the
// import's alone. The files look like real scans: thousands of hosts, each
// with host properties and a few dozen findings of unrelated plugins with
// their descriptions and outputs, and the DHT plugin (50677, and 50676 on
// some) on about 3% of the hosts. Figures go to BENCHMARKS.md by hand.
//
//   node out/bench/scanReportImport.bench.mjs                  300 MB, 3 runs
//   BENCH_SIZES_MB=10,100,300,1000 BENCH_RUNS=3 node out/bench/scanReportImport.bench.mjs
//   BENCH_DIR=/var/tmp ...                                     where the files are written (deleted after)
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { importScanReport } from '../src/node/scanReport/importScanReport';
import { median } from './benchSupport';

const SIZES_MB = (process.env.BENCH_SIZES_MB ?? '300').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DHT_SHARE = 0.03;

const UNRELATED = [
  ['19506', 'Nessus Scan Information', 'Settings', 0], ['11219', 'Nessus SYN scanner', 'Port scanners', 0],
  ['22964', 'Service Detection', 'Service detection', 0], ['10287', 'Traceroute Information', 'General', 0],
  ['45590', 'Common Platform Enumeration (CPE)', 'General', 0], ['11936', 'OS Identification', 'General', 0],
  ['54615', 'Device Type', 'General', 0], ['10114', 'ICMP Timestamp Request Remote Date Disclosure', 'General', 1],
  ['51192', 'SSL Certificate Cannot Be Trusted', 'General', 2], ['57608', 'SMB Signing not required', 'Misc.', 2],
  ['10267', 'SSH Server Type and Version Information', 'Service detection', 0], ['70658', 'SSH Server CBC Mode Ciphers Enabled', 'Misc.', 1],
  ['10881', 'SSH Protocol Versions Supported', 'General', 0], ['104743', 'TLS Version 1.0 Protocol Detection', 'Service detection', 2],
] as const;

/** A small deterministic generator, so every run writes the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const LOREM = 'The remote service answered in a way that identifies the product and its version. This information may help an attacker plan further attacks against the host, and it is reported for the record. ';

async function generate(path: string, targetBytes: number): Promise<{ hosts: number; dhtHosts: number }> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const next = random(42);
  let written = 0;
  let hosts = 0;
  let dhtHosts = 0;
  const head = '<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Policy><policyName>Generated</policyName></Policy>\n<Report name="Generated scan" xmlns:cm="http://www.nessus.org/cm">\n';
  await write(head);
  written += head.length;
  while (written < targetBytes) {
    hosts += 1;
    const address = `10.${(hosts >> 16) & 255}.${(hosts >> 8) & 255}.${hosts & 255}`;
    const parts: string[] = [`<ReportHost name="${address}"><HostProperties>\n<tag name="HOST_END">Tue Mar 12 10:21:44 2024</tag>\n<tag name="operating-system">Linux Kernel 5.10 on Debian 11</tag>\n<tag name="host-ip">${address}</tag>\n<tag name="host-fqdn">host-${hosts}.corp.example</tag>\n<tag name="HOST_START">Tue Mar 12 10:02:11 2024</tag>\n</HostProperties>\n`];
    const items = 20 + Math.floor(next() * 30);
    for (let i = 0; i < items; i += 1) {
      const [id, name, family, severity] = UNRELATED[Math.floor(next() * UNRELATED.length)]!;
      const port = [0, 22, 80, 443, 445, 3389, 8080][Math.floor(next() * 7)]!;
      parts.push(`<ReportItem port="${port}" svc_name="general" protocol="tcp" severity="${severity}" pluginID="${id}" pluginName="${name}" pluginFamily="${family}">\n<description>${LOREM.repeat(1 + Math.floor(next() * 4))}</description>\n<fname>plugin_${id}.nasl</fname>\n<risk_factor>${severity === 0 ? 'None' : severity === 1 ? 'Low' : 'Medium'}</risk_factor>\n<solution>n/a</solution>\n<synopsis>${name}.</synopsis>\n<plugin_output>${LOREM.slice(0, 40 + Math.floor(next() * 150))} &amp; port ${port}</plugin_output>\n</ReportItem>\n`);
    }
    if (next() < DHT_SHARE) {
      dhtHosts += 1;
      parts.push(`<ReportItem port="6881" svc_name="bittorrent-dht" protocol="udp" severity="1" pluginID="50677" pluginName="BitTorrent Mainline DHT Detection" pluginFamily="Peer-To-Peer File Sharing">\n<risk_factor>Low</risk_factor>\n<plugin_output>The remote node answered a DHT ping.</plugin_output>\n</ReportItem>\n`);
      if (next() < 0.5) parts.push('<ReportItem port="6881" svc_name="bittorrent" protocol="tcp" severity="1" pluginID="50676" pluginName="BitTorrent / uTorrent Detection" pluginFamily="Peer-To-Peer File Sharing">\n<plugin_output>A BitTorrent client answered.</plugin_output>\n</ReportItem>\n');
    }
    parts.push('</ReportHost>\n');
    const text = parts.join('');
    written += Buffer.byteLength(text);
    await write(text);
  }
  await write('</Report>\n</NessusClientData_v2>\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { hosts, dhtHosts };
}

async function child(path: string): Promise<void> {
  const started = performance.now();
  const report = await importScanReport(path);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, hosts: report.hosts.length, counts: report.counts }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'scan-report-bench-'));
  const self = fileURLToPath(import.meta.url);
  console.log(`node ${process.version}, ${RUNS} runs per size, medians; each import in a fresh process`);
  console.log('| file | hosts | DHT hosts kept | findings read | import time | MB/s | peak RSS |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  try {
    for (const mb of SIZES_MB) {
      const path = join(dir, `generated-${mb}mb.nessus`);
      const made = await generate(path, mb * 1024 * 1024);
      const bytes = statSync(path).size;
      const runs: { ms: number; maxRssKb: number; hosts: number; counts: { items: number } }[] = [];
      for (let i = 0; i < RUNS; i += 1) runs.push(JSON.parse(execFileSync(process.execPath, [self, '--child', path], { encoding: 'utf8', maxBuffer: 1 << 20 })));
      if (runs.some((r) => r.hosts !== made.dhtHosts)) throw new Error(`kept ${runs[0]!.hosts} hosts, generated ${made.dhtHosts} with the finding`);
      const ms = median(runs.map((r) => r.ms));
      console.log(`| ${(bytes / 1024 / 1024).toFixed(0)} MB | ${made.hosts.toLocaleString('en')} | ${made.dhtHosts} | ${runs[0]!.counts.items.toLocaleString('en')} | ${(ms / 1000).toFixed(2)} s | ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(0)} | ${(median(runs.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MB |`);
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
else await main();
