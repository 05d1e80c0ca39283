import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { MAX_STRING_SEQUENCE, createTerminalTextStripper, stripTerminalSequences } from '../../../../src/core/terminal/stripTerminalSequences';

/** Feeds `raw` split at every position, and in single characters: the text must not depend on the chunking. */
function assertChunkingInvariant(raw: string, expected: string): void {
  assert.equal(stripTerminalSequences(raw), expected, 'whole');
  for (let cut = 0; cut <= raw.length; cut++) {
    const s = createTerminalTextStripper();
    assert.equal(s.push(raw.slice(0, cut)) + s.push(raw.slice(cut)) + s.end(), expected, `split at ${cut}`);
  }
  const s = createTerminalTextStripper();
  let out = '';
  for (const ch of raw) out += s.push(ch);
  assert.equal(out + s.end(), expected, 'one character at a time');
}

describe('stripping terminal sequences from command output', () => {
  it('removes colours (CSI SGR) and keeps the text', () => {
    assertChunkingInvariant('\x1b[1;31merror:\x1b[0m sudo: command not found\n', 'error: sudo: command not found\n');
  });

  it('removes VS Code\'s own OSC 633 marks, ended by BEL or by ESC \\', () => {
    const raw = '\x1b]633;C\x07failing-output\r\n\x1b]633;D;3\x1b\\\x1b]633;P;Cwd=/root\x07';
    assertChunkingInvariant(raw, 'failing-output\n');
  });

  it('removes window titles, cursor moves, charset switches, keypad modes and DCS strings', () => {
    const raw = '\x1b]0;forged title\x07\x1b[2J\x1b[H\x1b(B\x1b=\x1b7ok\x1b8\x1bP1$r0m\x1b\\ done';
    assertChunkingInvariant(raw, 'ok done');
  });

  it('removes the 8-bit forms of CSI, OSC and ST', () => {
    assertChunkingInvariant('\u009b31mred\u009b0m \u009d0;title\u009cplain', 'red plain');
  });

  it('turns CR LF and a lone CR (a redrawn progress line) into one line end each; drops other controls', () => {
    assertChunkingInvariant('a\r\nb\r\r\nc\rd\x08\x07e\tf\r', 'a\nb\nc\nde\tf\n');
  });

  it('keeps non-ASCII text, including characters outside the BMP', () => {
    assertChunkingInvariant('Paket \u201ctransmission\u201d entfernt \u{1F4E6}\n', 'Paket \u201ctransmission\u201d entfernt \u{1F4E6}\n');
  });

  it('does not let an escape that is never closed hide the rest of the output forever', () => {
    const raw = `\x1b]0;${'x'.repeat(MAX_STRING_SEQUENCE + 10)}visible`;
    assert.match(stripTerminalSequences(raw), /visible$/);
  });

  it('strips the escapes from the real output of a program that colours its output', (t) => {
    const grep = spawnSync('grep', ['--color=always', 'needle'], { input: 'hay\na needle here\n', encoding: 'utf8' });
    if (grep.status !== 0) { t.skip('grep --color is not available'); return; }
    assert.ok(grep.stdout.includes('\x1b['), 'grep coloured its match (the test would prove nothing otherwise)');
    assert.equal(stripTerminalSequences(grep.stdout), 'a needle here\n');
  });
});
