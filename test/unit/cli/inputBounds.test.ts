// Input the CLI must refuse early and plainly: numeric options that are not
// plain decimal digits in range, and target lists past the bounds (a million
// targets is refused at the first target over the endpoint limit, not after
// parsing them all; timing and memory are in bench/targetBounds.bench.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { probeCommand } from '../../../src/cli/probeCommand';
import { MAX_ARGUMENTS } from '../../../src/cli/argumentLimit';
import { MAX_TARGET_ERRORS, MAX_TARGET_TEXT, MAX_TARGET_TOKEN, MAX_TARGETS, parseTargets } from '../../../src/core/targets/parseTargets';
import { parsePortSpec } from '../../../src/core/targets/portSpec';
import { runCliProcess } from './cliProcess';

/** `dht-runbook probe <args>` in this process (a real process cannot take a 2 MB argument: Linux caps one at 128 KiB). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  assert.equal(args[0], 'probe');
  let stdout = '';
  let stderr = '';
  const code = await probeCommand(args.slice(1), { stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } } }, new AbortController().signal);
  return { code, stdout, stderr };
}

const defaultPorts = (() => { const p = parsePortSpec('6881-6889,51413'); assert.ok(p.ok); return p.ranges; })();

describe('numeric options: plain decimal digits within the stated range', () => {
  const flags = ['--timeout', '--retries', '--rate', '--max-endpoints'];
  const bad = ['0x10', '1e2', ' 5', '5 ', '5ms', '-1', '+5', '5.0', '0b11', '', '１２'];
  for (const flag of flags) {
    it(`probe ${flag} refuses ${bad.map((b) => JSON.stringify(b)).join(', ')}`, async () => {
      for (const value of bad) {
        const result = await cli(['probe', '127.0.0.1:9', `${flag}=${value}`]);
        assert.equal(result.code, 2, `${flag} ${JSON.stringify(value)} was accepted`);
        assert.match(result.stderr, new RegExp(`${flag} "${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a whole number of .* from \\d+ to \\d+, in plain digits`));
        assert.equal(result.stdout, '', 'nothing was probed');
      }
    });
  }

  it('refuses values out of range, naming the range', async () => {
    for (const [flag, value, range] of [['--timeout', '0', '1 to 600000'], ['--timeout', '600001', '1 to 600000'], ['--retries', '11', '0 to 10'], ['--rate', '0', '1 to 10000000'], ['--max-endpoints', '0', '1 to']]) {
      const result = await cli(['probe', '127.0.0.1:9', flag!, value!]);
      assert.equal(result.code, 2, `${flag} ${value}`);
      assert.match(result.stderr, new RegExp(`${flag} ${value} is out of range: it must be a whole number of .* from ${range}`));
    }
  });

  it('accepts plain digits, leading zeros included', async () => {
    const result = await cli(['probe', '127.0.0.1:9', '--timeout', '050', '--retries', '0', '--rate', '100', '--max-endpoints', '10']);
    assert.equal(result.code, 0, result.stderr);
  });
});

describe('target bounds stop the work early', () => {
  const million = Array.from({ length: 1_000_000 }, () => 'a').join(' ');

  it('a 1,000,000-token list is refused at the first target over the endpoint limit, with the bound\'s message', () => {
    const result = parseTargets(million, { defaultPorts, maxEndpoints: 65_536 });
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 1);
    const error = result.errors[0]!;
    // 10 default ports each: target 6,554 is the first past 65,536 endpoints.
    assert.equal(error.offset, 6553 * 2);
    assert.match(error.message, /with this target \(number 6554\) the list reaches at least 65,540 endpoints \(address and port pairs\), more than the limit of 65,536: .*--max-endpoints/);
  });

  it('without an endpoint limit, the target count bound stops it', () => {
    const result = parseTargets(million, { defaultPorts });
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0]!.message, new RegExp(`more than ${MAX_TARGETS} targets; the limit is ${MAX_TARGETS}`));
  });

  it('the CLI refuses a 1,000,000-token target argument with the bound\'s message, exit 2', async () => {
    const result = await cli(['probe', million]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /more than the limit of 65,536: narrow the targets or ports, or raise the limit with .*--max-endpoints/);
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, 'one message, not one per target');
  });

  it('the CLI refuses more separate arguments than its bound before reading them (parseArgs is quadratic)', async () => {
    const many = Array.from({ length: MAX_ARGUMENTS + 1 }, () => 'a');
    const result = await runCliProcess(['probe', ...many]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`${MAX_ARGUMENTS + 2} arguments; the limit is ${MAX_ARGUMENTS}\\. Give many targets as one quoted argument`));
  });

  it('refuses a text over the length bound before splitting it', () => {
    const result = parseTargets('1'.repeat(MAX_TARGET_TEXT + 1), { defaultPorts });
    assert.ok(!result.ok);
    assert.match(result.errors[0]!.message, new RegExp(`the target list is ${MAX_TARGET_TEXT + 1} characters long; the limit is ${MAX_TARGET_TEXT}`));
  });

  it('refuses one overlong target, showing only its start', () => {
    const long = `host:${Array.from({ length: 600 }, (_, i) => 1000 + i).join(',')}`;
    assert.ok(long.length > MAX_TARGET_TOKEN);
    const result = parseTargets(`10.0.0.1 ${long}`, { defaultPorts });
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0]!.message, new RegExp(`^host:1000,1001,.{40,60}…: this target is ${long.length} characters long; the limit is ${MAX_TARGET_TOKEN}`));
    assert.ok(result.errors[0]!.message.length < 300);
  });

  it(`stops reporting after ${MAX_TARGET_ERRORS} mistakes`, () => {
    const result = parseTargets(Array.from({ length: 10_000 }, () => '300.1.1.1').join(' '), { defaultPorts });
    assert.ok(!result.ok);
    assert.equal(result.errors.length, MAX_TARGET_ERRORS + 1);
    assert.match(result.errors[MAX_TARGET_ERRORS]!.message, new RegExp(`stopped after ${MAX_TARGET_ERRORS} mistakes`));
  });

  it('a list within the bounds still parses whole', () => {
    const result = parseTargets('10.0.0.0/24 host.example [::1]:6881', { defaultPorts, maxEndpoints: 65_536 });
    assert.ok(result.ok);
    assert.equal(result.targets.length, 3);
  });
});
