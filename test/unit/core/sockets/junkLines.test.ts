// Command output is untrusted: every parser skips what it does not
// understand, says so, and never throws, whatever the bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLsof } from '../../../../src/core/sockets/parseLsof';
import { parseNetstatLinux } from '../../../../src/core/sockets/parseNetstatLinux';
import { parseNetstatMacos } from '../../../../src/core/sockets/parseNetstatMacos';
import { parseNetstatWindows } from '../../../../src/core/sockets/parseNetstatWindows';
import { parseProcNet } from '../../../../src/core/sockets/parseProcNet';
import { parseSs } from '../../../../src/core/sockets/parseSs';
import { parseTasklist } from '../../../../src/core/sockets/parseTasklist';
import type { SocketParseResult } from '../../../../src/core/sockets/types';
import { fixture } from './fixture';

const parsers: [string, string, (text: string) => SocketParseResult][] = [
  ['ss', 'linux-ss-root.txt', parseSs],
  ['netstat (Linux)', 'linux-netstat-root.txt', parseNetstatLinux],
  ['/proc/net/tcp', 'linux-proc-net-tcp.txt', (t) => parseProcNet('tcp', t)],
  ['/proc/net/udp6', 'linux-proc-net-udp6.txt', (t) => parseProcNet('udp6', t)],
  ['lsof', 'macos-lsof-F.txt', parseLsof],
  ['netstat (macOS)', 'macos-netstat-anvW-tcp-sonoma.txt', parseNetstatMacos],
  ['netstat (Windows)', 'windows-netstat-ano-en.txt', parseNetstatWindows],
  ['tasklist', 'windows-tasklist.csv', (t) => ({ sockets: parseTasklist(t).processes.map((p) => ({ protocol: 'tcp', family: 4, localAddress: p.name, localPort: p.pid })), warnings: parseTasklist(t).warnings })],
];

const junk = [
  'Segmentation fault (core dumped) 12345',
  'tcp LISTEN 0 0 999.1.1.1:80 0.0.0.0:* ino:1',
  'udp6 0 0 :::99999 :::* 0 1 -',
  '  TCP    0.0.0.0:70000          0.0.0.0:0              LISTENING       1',
  `tcp4 0 0 ${'9'.repeat(5000)}`,
];

/** A small deterministic generator, so a failure repeats. */
function randomText(seed: number, length: number): string {
  let state = seed;
  const alphabet = 'tcpudp6LISTEN0123456789abcdefABCDEF:.[]*%()",=/ -\n\t\r\0users:pidfdino';
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

describe('parsers and junk', () => {
  for (const [name, file, parse] of parsers) {
    it(`${name}: junk lines are skipped and reported, the real rows still read`, () => {
      const clean = parse(fixture(file));
      const lines = fixture(file).split('\n');
      const mixed = [...junk.slice(0, 2), ...lines.slice(0, 3), ...junk.slice(2), ...lines.slice(3)].join('\n');
      const dirty = parse(mixed);
      assert.deepEqual(dirty.sockets, clean.sockets);
      assert.ok(dirty.warnings.length >= 3, `${name} reported ${dirty.warnings.length} warnings`);
      assert.ok(dirty.warnings.every((w) => w.length < 400), 'warnings quote only an excerpt');
    });

    it(`${name}: never throws on random bytes`, () => {
      for (let seed = 1; seed <= 200; seed++) {
        const result = parse(randomText(seed, 50 + seed * 7));
        assert.ok(Array.isArray(result.sockets) && Array.isArray(result.warnings));
        assert.ok(result.warnings.length <= 51, 'warnings are capped');
      }
    });
  }
});
