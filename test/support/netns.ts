// A test host of our own with a non-loopback address: a network namespace
// joined to this machine by a veth pair, in 198.18.0.0/15 (the range set aside
// for benchmarking). Most real BitTorrent clients ignore DHT queries from
// loopback, so they are tested here. See docs/architecture.md, "The tests".
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestHost {
  readonly name: string;
  /** The namespace's address, reachable from this machine. */
  readonly address: string;
  /** This machine's address on the link to the namespace. */
  readonly hostAddress: string;
  readonly scratch: string;
  /** Starts a program inside the namespace; it is killed by destroy(). */
  spawn(command: string, args: string[]): ChildProcess;
  destroy(): Promise<void>;
}

let counter = 0;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createTestHost(): TestHost {
  counter += 1;
  const tag = `${process.pid % 10000}${counter}`;
  const name = `dhtpeer${tag}`;
  const hostSide = `vh${tag}`;
  const peerSide = `vp${tag}`;
  // Each host gets a /24 of its own inside 198.18.0.0/15.
  const subnet = claimSubnet();
  const hostAddress = `198.18.${subnet}.1`;
  const address = `198.18.${subnet}.2`;
  try {
    ip('netns', 'add', name);
  } catch (error) {
    releaseSubnet(subnet);
    throw error;
  }
  try {
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', peerSide);
    ip('link', 'set', peerSide, 'netns', name);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${address}/24`, 'dev', peerSide);
    ip('netns', 'exec', name, 'ip', 'link', 'set', peerSide, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (error) {
    cleanup(name, hostSide);
    releaseSubnet(subnet);
    throw error;
  }
  const scratch = mkdtempSync(join(tmpdir(), `${name}-`));
  const children: ChildProcess[] = [];
  return {
    name, address, hostAddress, scratch,
    spawn(command, args) {
      const child = spawn('ip', ['netns', 'exec', name, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: scratch } });
      children.push(child);
      return child;
    },
    async destroy() {
      await Promise.all(children.map((child) => stop(child)));
      cleanup(name, hostSide);
      releaseSubnet(subnet);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

// A subnet is claimed by creating its folder here (mkdir is atomic), so that
// test files running at once never pick the same one. A /24 already routed on
// this machine is never used: a link left behind by a killed test would
// otherwise take the new host's packets, and the test would probe the wrong host.
const CLAIMS = join(tmpdir(), 'dht-test-subnets');

function claimSubnet(): number {
  mkdirSync(CLAIMS, { recursive: true });
  const routed = routedSubnets();
  const start = process.pid % 250;
  for (let i = 0; i < 250; i++) {
    const subnet = 1 + ((start + i) % 250);
    if (routed.has(subnet)) continue;
    const claim = join(CLAIMS, String(subnet));
    try {
      mkdirSync(claim);
    } catch {
      if (claimantAlive(claim)) continue;
      rmSync(claim, { recursive: true, force: true });
      try { mkdirSync(claim); } catch { continue; }
    }
    writeFileSync(join(claim, 'pid'), String(process.pid));
    return subnet;
  }
  throw new Error(`no free /24 in 198.18.0.0/16 for a test host: see ${CLAIMS} and \`ip -4 route\` for links left behind`);
}

function releaseSubnet(subnet: number): void {
  rmSync(join(CLAIMS, String(subnet)), { recursive: true, force: true });
}

/** The third numbers of the 198.18.x.0/24 routes this machine has now. */
function routedSubnets(): Set<number> {
  const routes = execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' });
  return new Set([...routes.matchAll(/^198\.18\.(\d+)\.0\/24 /gm)].map((m) => Number(m[1])));
}

function claimantAlive(claim: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(claim, 'pid'), 'utf8'));
  } catch {
    // Being claimed right now (the pid file comes next), unless its claimant died in between.
    try { return Date.now() - statSync(claim).mtimeMs < 60_000; } catch { return false; }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cleanup(name: string, hostSide: string): void {
  try { ip('link', 'del', hostSide); } catch { /* gone with the namespace */ }
  try { ip('netns', 'del', name); } catch { /* never created */ }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
