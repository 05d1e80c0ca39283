import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedOutput } from '../../../../src/core/terminal/boundedOutput';
import { createTerminalOutputCollector } from '../../../../src/core/terminal/terminalOutput';

describe('bounded output', () => {
  it('keeps short output whole', () => {
    const out = new BoundedOutput(100);
    out.push('hello ');
    out.push('world\n');
    assert.deepEqual(out.result(), { text: 'hello world\n', cutChars: 0, totalChars: 12 });
  });

  it('keeps exactly the limit without a marker', () => {
    const out = new BoundedOutput(10);
    out.push('0123456789');
    assert.deepEqual(out.result(), { text: '0123456789', cutChars: 0, totalChars: 10 });
  });

  it('keeps the head and the tail of long output and says how much was left out', () => {
    const out = new BoundedOutput(10);
    for (const chunk of ['HEAD', '1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'xxxxxxxxx', 'TAIL!']) out.push(chunk);
    const result = out.result();
    assert.equal(result.totalChars, 4 + 40 + 9 + 5);
    assert.equal(result.cutChars, result.totalChars - 10);
    assert.ok(result.text.startsWith('HEAD1'), result.text);
    assert.ok(result.text.endsWith('\nTAIL!'), result.text);
    assert.match(result.text, new RegExp(`\\[\\.\\.\\. ${result.cutChars} characters of output left out \\.\\.\\.\\]`));
  });

  it('stays within its limit for a megabyte pushed in small chunks, in linear time', () => {
    const out = new BoundedOutput(64 * 1024);
    const line = 'Unpacking transmission-daemon (4.0.6-1) ...\n';
    let pushed = 0;
    while (pushed < 1_000_000) { out.push(line); pushed += line.length; }
    const result = out.result();
    assert.equal(result.totalChars, pushed);
    assert.ok(result.text.length < 64 * 1024 + 100, `kept ${result.text.length}`);
    assert.equal(result.text.length - (result.text.match(/\n\[\.\.\. \d+ characters of output left out \.\.\.\]\n/)?.[0].length ?? 0), 64 * 1024);
  });

  it('never splits a surrogate pair at a cut', () => {
    const out = new BoundedOutput(5);
    out.push('ab\u{1F4E6}cd'); // a b (high low) c d: 6 code units, head is 3
    out.push('\u{1F4E6}\u{1F4E6}\u{1F4E6}');
    const { text } = out.result();
    assert.doesNotMatch(text, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, JSON.stringify(text));
  });

  it('refuses a nonsensical limit', () => {
    assert.throws(() => new BoundedOutput(1), RangeError);
    assert.throws(() => new BoundedOutput(Number.NaN), RangeError);
  });
});

describe('terminal output collector', () => {
  it('strips escapes across chunks and bounds what it keeps', () => {
    const collector = createTerminalOutputCollector(64);
    collector.push('\x1b[3');
    collector.push('1mfailing-output\x1b[0m\r');
    collector.push('\n');
    for (let i = 0; i < 100; i++) collector.push(`line ${i}\r\n`);
    collector.push('\x1b]633;D;3\x07');
    const result = collector.finish();
    assert.ok(result.text.startsWith('failing-output\n'), result.text);
    assert.ok(result.text.endsWith('line 99\n'), result.text);
    assert.ok(result.cutChars > 0);
    assert.equal(result.text.includes('\x1b'), false);
  });

  it('ignores chunks that arrive after it finished', () => {
    const collector = createTerminalOutputCollector();
    collector.push('done\n');
    const first = collector.finish();
    collector.push('late');
    assert.deepEqual(collector.finish(), first);
  });
});
