// What every benchmark shares: medians (these machines are noisy, so figures
// are medians), and real DHT nodes planted in a child process of their own.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Planted { address: string; port: number; nodeIdHex: string }

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Starts real bittorrent-dht nodes at `specs` (bench/plantedNodes.ts, bundled to out/bench/), once they all listen. */
export async function plant(specs: { address: string; port: number }[]): Promise<{ child: ChildProcess; nodes: Planted[] }> {
  const child = spawn(process.execPath, ['out/bench/plantedNodes.mjs', JSON.stringify(specs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
  return { child, nodes: JSON.parse(line) as Planted[] };
}
