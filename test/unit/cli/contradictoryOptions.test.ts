// Options a person typed are never dropped in silence: an option that means
// nothing in the command or phase asked for, or contradicts another, is
// refused (exit 2, one line naming it and saying what to do) before anything
// is probed or written. Without this, `run --apply` started a new detection,
// `--phase verification --run ID --targets X` checked the record's targets and
// not X, `--run ID` alone re-ran detection into the run, and
// `probe --this-machine HOST` never probed HOST.
//
// Every run here targets a silent UDP socket on loopback, so that even a CLI
// that wrongly went ahead would send nothing beyond this machine's loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as dgram from 'node:dgram';
import { EXIT_SIGINT, EXIT_SIGTERM } from '../../../src/cli/interrupts';
import { bindUdp, closeUdp } from '../../support/udp';
import { POLICY_DECISION_STEP, runbookWith } from '../core/runbook/runbookText';
import { recordPrinted, runCliProcess } from './cliProcess';

const root = mkdtempSync(join(tmpdir(), 'cli-contradictory-'));
let silent: dgram.Socket;
let target: string;
before(async () => {
  silent = await bindUdp('udp4', '127.0.0.1');
  target = `127.0.0.1:${silent.address().port}`;
});
after(async () => {
  await closeUdp(silent);
  rmSync(root, { recursive: true, force: true });
});

/** Detection probes the run's targets only; remediation asks the policy decision the CLI's --decision answers. */
function writeDecisionRunbook(dir: string): string {
  const path = join(dir, 'decision.md');
  writeFileSync(path, runbookWith(`## Phase 1: Detection

### Probe the targets

\`\`\`runbook
action: probe-dht
step: probe-targets
targets: run-targets
\`\`\`

## Phase 2: Remediation

${POLICY_DECISION_STEP}

## Phase 3: Verification

### Probe again

\`\`\`runbook
action: probe-dht
targets: run-targets
\`\`\`
`));
  return path;
}

/** A refusal: exit 2, one error line, nothing on stdout, and no phase started (the CLI names a phase it starts). */
function assertRefused(result: { code: number | null; stdout: string; stderr: string }, command: 'probe' | 'run', message: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, '');
  // cliProcess keeps the bytes as latin1; the messages are UTF-8 ("…").
  const lines = Buffer.from(result.stderr, 'latin1').toString('utf8').trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${result.stderr}`);
  assert.ok(lines[0]!.startsWith(`dht-runbook ${command}: `), result.stderr);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(result.stderr, /: (detection|remediation|verification) of /, 'no phase started');
}

describe('probe --this-machine with targets is refused, naming the targets', () => {
  // --max-endpoints 1: were the refusal lost, this machine's addresses would
  // still be over the bound (loopback alone is 127.0.0.1 and ::1), so nothing is sent.
  it('one target', async () => {
    const result = await runCliProcess(['probe', '--this-machine', target, '--max-endpoints', '1']);
    assertRefused(result, 'probe', new RegExp(`^dht-runbook probe: --this-machine takes no targets, but "${target.replaceAll('.', '\\.')}" was given too\\. Give either --this-machine or the targets; to probe both, run probe once with each\\.$`));
  });

  it('several targets, the first shown and the others counted; a long one cut short', async () => {
    const long = `${'a'.repeat(70)}.example`;
    const result = await runCliProcess(['probe', long, target, '[::1]:1', '--this-machine', '--max-endpoints', '1']);
    assertRefused(result, 'probe', new RegExp(`but "${'a'.repeat(60)}…" and 2 more were given too`));
  });

  it('the help says --this-machine is instead of targets', async () => {
    const result = await runCliProcess(['probe', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--this-machine +loopback and every address of every local interface, instead of targets/);
  });
});

describe('run: remediation-only options outside --phase remediation are refused, and no run starts', () => {
  let runbook: string;
  before(() => { runbook = writeDecisionRunbook(mkdtempSync(join(root, 'remediation-only-'))); });

  const cases: [string, string[], string][] = [
    ['--apply', ['--apply'], '--apply is'],
    ['--decision and --justification', ['--decision', 'not permitted', '--justification', 'Policy IT-7'], '--decision and --justification are'],
    ['--steps', ['--steps', 'stop-process'], '--steps is'],
    ['all four', ['--decision', 'not permitted', '--justification', 'x', '--apply', '--steps', 'stop-process'], '--decision, --justification, --apply and --steps are'],
  ];
  for (const [name, options, named] of cases) {
    it(`${name} with the default phase (detection)`, async () => {
      const records = join(root, `records-${name.replaceAll(/\W+/g, '-')}`);
      const result = await runCliProcess(['run', runbook, '--targets', target, '--record-dir', records, ...options]);
      assertRefused(result, 'run', new RegExp(`: ${named} for the remediation phase only, and this is detection \\(the default phase\\)\\. To remediate, add --phase remediation --run <run id> \\(the run whose detection found the nodes\\); otherwise leave out `));
      assert.equal(existsSync(records), false, 'no run record was created');
    });
  }

  it('--apply with --phase verification says to use --phase remediation instead', async () => {
    const records = join(root, 'records-verification-apply');
    const result = await runCliProcess(['run', runbook, '--phase', 'verification', '--run', '20260101T000000Z-00000000', '--record-dir', records, '--apply']);
    assertRefused(result, 'run', /: --apply is for the remediation phase only, and this is verification\. To remediate, use --phase remediation instead of --phase verification, with --run <run id>/);
  });
});

describe('run: continuing a recorded run', () => {
  let runbook: string;
  let records: string;
  let runId: string;
  let recordPath: string;
  let recordBefore: Buffer;
  let namesBefore: string[];
  before(async () => {
    const dir = mkdtempSync(join(root, 'continue-'));
    runbook = writeDecisionRunbook(dir);
    records = join(dir, 'records');
    const detection = await runCliProcess(['run', runbook, '--targets', target, '--record-dir', records, '--json']);
    assert.equal(detection.code, 0, detection.stderr);
    runId = recordPrinted(detection).runId;
    recordPath = join(records, `${runId}.json`);
    recordBefore = readFileSync(recordPath);
    namesBefore = readdirSync(records).sort();
  });

  /** The refusal left the record exactly as detection wrote it, and wrote nothing beside it. */
  function assertRecordUntouched(): void {
    assert.deepEqual(readFileSync(recordPath), recordBefore);
    assert.deepEqual(readdirSync(records).sort(), namesBefore);
  }

  it('--run with the default phase does not re-run detection into the run', async () => {
    const result = await runCliProcess(['run', runbook, '--run', runId, '--record-dir', records]);
    assertRefused(result, 'run', new RegExp(`: --run goes with --phase remediation or --phase verification: detection always starts a new run\\. To continue run ${runId}, add --phase remediation or --phase verification; to detect again, leave out --run\\.$`));
    assertRecordUntouched();
  });

  it('--run with --phase detection, likewise', async () => {
    const result = await runCliProcess(['run', runbook, '--phase', 'detection', '--run', runId, '--record-dir', records]);
    assertRefused(result, 'run', /: --run goes with --phase remediation or --phase verification: detection always starts a new run\./);
    assertRecordUntouched();
  });

  // 192.0.2.1 (TEST-NET-1) is never probed: the CLI refuses before any check, and
  // before this change it probed the record's targets (loopback) in its place.
  for (const phase of ['verification', 'remediation'] as const) {
    it(`--targets with --phase ${phase}: the run's targets are fixed at detection`, async () => {
      const remediation = phase === 'remediation' ? ['--decision', 'not permitted', '--justification', 'Policy IT-7'] : [];
      const result = await runCliProcess(['run', runbook, '--phase', phase, '--run', runId, '--record-dir', records, '--targets', '192.0.2.1', ...remediation]);
      assertRefused(result, 'run', new RegExp(`: --targets cannot change the targets of run ${runId}: a run's targets are fixed at detection, and its later phases keep them\\. Leave out --targets to continue the run, or start a new run with --targets \\(without --phase and --run\\)\\.$`));
      assertRecordUntouched();
    });
  }

  it('--from-report with --phase verification, likewise (the report is not read)', async () => {
    const result = await runCliProcess(['run', runbook, '--phase', 'verification', '--run', runId, '--record-dir', records, '--from-report', join(root, 'no-such-report.nessus')]);
    assertRefused(result, 'run', new RegExp(`: --from-report cannot change the targets of run ${runId}: a run's targets are fixed at detection`));
    assertRecordUntouched();
  });

  it('--sarif with a remediation plan (no --apply), which writes nothing, is refused and no file appears', async () => {
    const sarif = join(root, 'plan.sarif');
    const result = await runCliProcess(['run', runbook, '--phase', 'remediation', '--run', runId, '--record-dir', records, '--decision', 'not permitted', '--justification', 'Policy IT-7', '--sarif', sarif]);
    assertRefused(result, 'run', /: --sarif with --phase remediation reports what --apply ran; without --apply only the plan is printed and nothing is written\. Add --apply, or leave out --sarif\.$/);
    assert.equal(existsSync(sarif), false);
    assertRecordUntouched();
  });

  it('the same remediation plan without the contradicting options still runs (the refusals are specific)', async () => {
    const result = await runCliProcess(['run', runbook, '--phase', 'remediation', '--run', runId, '--record-dir', records, '--decision', 'not permitted', '--justification', 'Policy IT-7']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`run ${runId}: remediation of `));
    assert.match(result.stdout, /No finding in this run's detection: nothing to remediate\./);
    assertRecordUntouched();
  });
});

describe('help text', () => {
  it('the top-level help lists every exit code, 130 and 143 included', async () => {
    const result = await runCliProcess(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`Exit codes: 0 clean, 1 DHT node or suspect found, 2 bad input or failure,\\s+${EXIT_SIGINT} or ${EXIT_SIGTERM} stopped by SIGINT or SIGTERM \\(every command\\)\\.`));
  });

  it('run --help says detection starts a new run and a continued run keeps its targets', async () => {
    const result = await runCliProcess(['run', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Detection always starts a new run\. Remediation and verification continue one\s+\(--run\) and keep the targets it was started with: --targets and --from-report\s+go with detection only\./);
  });
});
