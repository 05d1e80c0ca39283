// A terminal command's output goes into the record as collected: when it was
// too long, the collector's own line says how much was left out, once. (The
// record used to get a second such line appended after the collector's.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ShellIntegrationOutcome, InterruptedOutcome } from '../../../src/core/terminal/terminalOutcome';
import { createTerminalOutputCollector } from '../../../src/core/terminal/terminalOutput';
import { commandResult } from '../../../src/extension/run/commandResult';

const base = { commandLine: 'yes | head -n 5000', terminalName: 'Runbook: test', shell: 'posix' as const, startedAt: '2024-01-01T00:00:00.000Z', endedAt: '2024-01-01T00:00:01.000Z' };

/** Output as a terminal streams it: escape sequences, many chunks, longer than the limit. */
function collected(lines: number, limit: number) {
  const collector = createTerminalOutputCollector(limit);
  for (let i = 0; i < lines; i++) collector.push(`\x1b[32mline ${i}\x1b[0m\r\n`);
  return collector.finish();
}

const LEFT_OUT = /characters (of output )?(were )?left out/g;

describe('commandResult', () => {
  it('keeps a long output with exactly one line saying how much was left out', () => {
    const output = collected(2000, 1024);
    assert.ok(output.cutChars > 0, 'the output is longer than the limit');
    const outcome: ShellIntegrationOutcome = { ...base, how: 'shell-integration', exitCode: 0, output: output.text, outputCutChars: output.cutChars };
    const result = commandResult(outcome, 'linux', '2024-01-01T00:00:01.000Z');
    assert.equal(result.kind, 'command');
    if (result.kind !== 'command') return;
    assert.equal(result.output, output.text);
    assert.equal(result.output?.match(LEFT_OUT)?.length, 1, result.output);
    assert.match(result.output ?? '', new RegExp(`\\[\\.\\.\\. ${output.cutChars} characters of output left out \\.\\.\\.\\]`));
    assert.equal(result.exitCode, 0);
    assert.equal(result.reportedBy, 'shell-integration');
  });

  it('keeps an interrupted command\'s long output with one such line too', () => {
    const output = collected(2000, 1024);
    const outcome: InterruptedOutcome = { ...base, how: 'interrupted', cause: 'cancelled', stage: 'running', exitCode: 130, output: output.text, outputCutChars: output.cutChars };
    const result = commandResult(outcome, 'linux', '2024-01-01T00:00:01.000Z');
    if (result.kind !== 'command') return assert.fail('a command result');
    assert.equal(result.outcome, 'interrupted');
    assert.equal(result.output?.match(LEFT_OUT)?.length, 1, result.output);
  });

  it('keeps a short output as it is, with no such line', () => {
    const output = collected(3, 1024);
    assert.equal(output.cutChars, 0);
    const outcome: ShellIntegrationOutcome = { ...base, how: 'shell-integration', exitCode: 1, output: output.text, outputCutChars: 0 };
    const result = commandResult(outcome, 'linux', '2024-01-01T00:00:01.000Z');
    if (result.kind !== 'command') return assert.fail('a command result');
    assert.equal(result.output, 'line 0\nline 1\nline 2\n');
    assert.equal(result.exitCode, 1);
  });
});
