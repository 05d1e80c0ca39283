// Starts real BitTorrent clients (Debian packages) inside a test host.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { sweepForDhtNodes } from '../../src/node/probe/dhtSweep';
import type { TestHost } from './netns';

export const TRANSMISSION_PORT = 51413;
export const QBITTORRENT_PORT = 6881;

export function startTransmission(host: TestHost): ChildProcess {
  const config = join(host.scratch, 'transmission');
  mkdirSync(config, { recursive: true });
  return host.spawn('transmission-daemon', ['-f', '-g', config, '--dht', '-P', String(TRANSMISSION_PORT), '--no-portmap', '--no-lpd']);
}

export function startQbittorrent(host: TestHost): ChildProcess {
  const profile = join(host.scratch, 'qbittorrent');
  const configDir = join(profile, 'qBittorrent', 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'qBittorrent.conf'), [
    '[LegalNotice]', 'Accepted=true', '',
    '[BitTorrent]', `Session\\Port=${QBITTORRENT_PORT}`, 'Session\\DHTEnabled=true', '',
    '[Preferences]', 'WebUI\\Port=18080', '',
  ].join('\n'));
  return host.spawn('qbittorrent-nox', [`--profile=${profile}`]);
}

export const DELUGE_PORT = 6884;

/** Deluge's daemon (a Python program), with its DHT on DELUGE_PORT and no questions asked. */
export function startDeluged(host: TestHost): ChildProcess {
  const config = join(host.scratch, 'deluge');
  mkdirSync(config, { recursive: true });
  // Two JSON objects one after the other: deluge's header, then the settings.
  writeFileSync(join(config, 'core.conf'), `{"file": 1, "format": 1}{"listen_ports": [${DELUGE_PORT}, ${DELUGE_PORT}], "random_port": false}`);
  return host.spawn('deluged', ['-d', '-c', config, '-p', '58846']);
}

/** True once a DHT ping to address:port gets a valid reply, within `seconds`. */
export async function answersDht(address: string, port: number, seconds: number): Promise<boolean> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const summary = await sweepForDhtNodes({ endpoints: () => [{ address, family: 4 as const, port }], timeoutMs: 1000, retries: 0 });
    if (summary.findings.length > 0) return true;
  }
  return false;
}

/** Whether the child still runs (waits up to 5 s for an exit already under way). */
export function alive(child: ChildProcess): Promise<boolean> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) { done(false); return; }
    const timer = setTimeout(() => done(true), 5000);
    child.once('exit', () => { clearTimeout(timer); done(false); });
  });
}

/** Sends SIGTERM and resolves once the child has exited. */
export function stopClient(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}
