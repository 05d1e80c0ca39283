// A test host of our own with a non-loopback address: a network namespace
// joined to this machine by a veth pair, in 198.18.0.0/15 (the range set aside
// for benchmarking). Most real BitTorrent clients ignore DHT queries from
// loopback, so they are tested here. See docs/architecture.md, "The tests".
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  // Each host gets its own /30-like pair inside 198.18.0.0/15.
  const subnet = (process.pid % 200) + counter;
  const hostAddress = `198.18.${subnet}.1`;
  const address = `198.18.${subnet}.2`;
  ip('netns', 'add', name);
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
      rmSync(scratch, { recursive: true, force: true });
    },
  };
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
