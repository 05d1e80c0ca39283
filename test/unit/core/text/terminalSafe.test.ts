import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonForTerminal, terminalSafe } from '../../../../src/core/text/terminalSafe';

/** The oracle, written apart from the module's pattern: no character a terminal would act on. */
function isTerminalSafe(text: string): boolean {
  const actedOn = (code: number): boolean => code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x61c || code === 0x200e || code === 0x200f
    || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  return ![...text].some((character) => actedOn(character.codePointAt(0)!));
}

describe('terminalSafe', () => {
  it('shows every C0 control, DEL and C1 control as an escape', () => {
    assert.equal(terminalSafe('a\x1b[2Jb'), 'a\\x1b[2Jb');
    assert.equal(terminalSafe('x\ny\rz\tw'), 'x\\ny\\rz\\tw');
    assert.equal(terminalSafe('\x00\x07\x7f\x80\x9b\x9f'), '\\x00\\x07\\x7f\\x80\\x9b\\x9f');
    for (let code = 0; code < 0x20; code++) assert.ok(isTerminalSafe(terminalSafe(String.fromCharCode(code))), `U+${code.toString(16)}`);
    for (let code = 0x7f; code <= 0x9f; code++) assert.ok(isTerminalSafe(terminalSafe(String.fromCharCode(code))), `U+${code.toString(16)}`);
  });

  it('shows bidi embeddings, overrides, isolates and marks as \\u escapes', () => {
    for (const code of [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      const escaped = terminalSafe(`a${String.fromCharCode(code)}b`);
      assert.equal(escaped, `a\\u${code.toString(16).padStart(4, '0')}b`);
    }
  });

  it('leaves printable text, non-Latin scripts and emoji as they are', () => {
    const text = 'qBittorrent 4.6 — Überprüfung 日本語 🌱 \\x1b (typed, not a control)';
    assert.equal(terminalSafe(text), text);
    assert.ok(isTerminalSafe(text));
  });

  it('is idempotent: escaping escaped text changes nothing', () => {
    const once = terminalSafe('\x1b]0;title\x07\u202e');
    assert.equal(terminalSafe(once), once);
  });
});

describe('jsonForTerminal', () => {
  it('parses back to exactly the same value, with no raw DEL, C1 or bidi character in the text', () => {
    const value = { message: '\x1b[2J\x7f\x9b\u202e\u2066\u2028end', nested: ['\u200f', 'plain'] };
    const json = jsonForTerminal(value);
    assert.ok(isTerminalSafe(json.replace(/\n/g, '')), json);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('keeps JSON.stringify\'s layout', () => {
    const value = { a: 1, b: ['x'] };
    assert.equal(jsonForTerminal(value), JSON.stringify(value, null, 2));
  });
});
