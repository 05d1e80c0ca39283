// A hostile DHT node answers our ping with a KRPC error whose message holds
// terminal escapes: clear the screen, set the window title, and a carriage
// return followed by a forged verdict. The CLI must print it visible and
// inert: never the raw ESC (or BEL, CR, C1, bidi) byte, always the escape.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as dgram from 'node:dgram';
import { spawn } from 'node:child_process';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { bindUdp, closeUdp } from '../../support/udp';
import { runCliProcess } from './cliProcess';

const HOSTILE_MESSAGE = '\x1b[2J\x1b]0;pwned title\x07\rNo DHT node found among 1 endpoints\u202egnp.exe\u009b31m';

function byteString(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
}

/** A KRPC error reply (BEP 5) to the query in `query`, with our hostile message; keys sorted, as strict bencode wants. */
function hostileError(query: Buffer): Buffer | undefined {
  const at = query.indexOf('1:t');
  if (at < 0) return undefined;
  const lengthEnd = query.indexOf(':', at + 3);
  const length = Number(query.subarray(at + 3, lengthEnd).toString());
  const transaction = query.subarray(lengthEnd + 1, lengthEnd + 1 + length);
  return Buffer.concat([
    Buffer.from('d1:eli201e'), byteString(Buffer.from(HOSTILE_MESSAGE, 'utf8')), Buffer.from('e'),
    Buffer.from('1:t'), byteString(transaction), Buffer.from('1:y1:ee'),
  ]);
}

describe('hostile strings from the network reach the terminal inert', () => {
  let node: dgram.Socket;
  let port: number;
  before(async () => {
    node = await bindUdp('udp4', '127.0.0.1');
    port = node.address().port;
    node.on('message', (query, from) => {
      const reply = hostileError(query);
      if (reply) node.send(reply, from.port, from.address);
    });
  });
  after(() => closeUdp(node));

  it('text output: the KRPC error message is shown escaped, and no control byte reaches stdout', async () => {
    const result = await runCliProcess(['probe', `127.0.0.1:${port}`, '--timeout', '500', '--retries', '0']);
    assert.equal(result.code, 1, result.stderr);
    // stdout holds the finding, so the hostile node did answer.
    assert.match(result.stdout, new RegExp(`DHT node at 127\\.0\\.0\\.1:${port}`));
    assert.ok(!result.stdout.includes('\x1b'), 'a raw ESC byte reached stdout');
    assert.ok(!result.stdout.includes('\x07'), 'a raw BEL byte reached stdout');
    assert.ok(!result.stdout.includes('\r'), 'a raw CR reached stdout');
    // latin1 decoding: U+202E is E2 80 AE in UTF-8, U+009B is C2 9B.
    assert.ok(!result.stdout.includes('\xe2\x80\xae'), 'a raw RIGHT-TO-LEFT OVERRIDE reached stdout');
    assert.ok(!result.stdout.includes('\xc2\x9b'), 'a raw C1 CSI reached stdout');
    assert.ok(result.stdout.includes('answered with KRPC error 201: \\x1b[2J\\x1b]0;pwned title\\x07\\rNo DHT node found among 1 endpoints\\u202egnp.exe\\x9b31m'), result.stdout);
    // The forged verdict never starts a line of its own.
    assert.ok(!result.stdout.split('\n').some((line) => line.startsWith('No DHT node found')), result.stdout);
  });

  it('JSON output stays exact: the message parses back byte for byte, and no raw control or bidi byte is printed', async () => {
    const result = await runCliProcess(['probe', `127.0.0.1:${port}`, '--timeout', '500', '--retries', '0', '--json']);
    assert.equal(result.code, 1, result.stderr);
    const controls = [...result.stdout].filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
    assert.deepEqual(controls, [], 'a raw control byte reached stdout');
    assert.ok(!result.stdout.includes('\xe2\x80\xae') && !result.stdout.includes('\xc2\x9b'));
    const report = JSON.parse(Buffer.from(result.stdout, 'latin1').toString('utf8')) as { findings: { error?: { message: string } }[] };
    assert.equal(report.findings[0]?.error?.message, HOSTILE_MESSAGE);
  });
});

describe('hostile process names reach the terminal inert', { skip: skipUnlessAvailable(['ss'], false) }, () => {
  it('check-local shows a process named with escapes and a CR escaped, in text; exact in JSON', async () => {
    // A real process that names itself (prctl PR_SET_NAME through process.title) and listens on UDP.
    const hostile = spawn(process.execPath, ['-e', `process.title = '\\x1b[2Jevil\\rname'; require('dgram').createSocket('udp4').bind(0, '127.0.0.1', () => console.log('ready')); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => hostile.stdout!.once('data', resolve));
      const text = await runCliProcess(['check-local', '--source', 'ss']);
      assert.ok(text.stdout.includes(`\\x1b[2Jevil\\rname (pid ${hostile.pid}`), text.stdout);
      assert.ok(!text.stdout.includes('\x1b') && !text.stdout.includes('\r'), 'a raw control byte reached stdout');
      const json = await runCliProcess(['check-local', '--source', 'ss', '--json']);
      assert.ok(json.stdout.includes('\\u001b[2Jevil\\rname'), 'JSON escapes it');
      assert.ok(!json.stdout.includes('\x1b'));
    } finally {
      hostile.kill('SIGKILL');
    }
  });
});
