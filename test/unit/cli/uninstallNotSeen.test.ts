// An uninstall that exits 0 and removes nothing fails its step. `pip
// uninstall` run as root does this for a package in a user's home: it prints
// "Skipping … as it is not installed" and exits 0. Here a real bittorrent-dht
// script runs in a test host; the runbook's uninstall command is an `echo` of
// that very message, marked `ends: program`, so the script is still there
// afterwards, and the record and the exit code must say so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestHost, type TestHost } from '../../support/netns';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { POLICY_DECISION_STEP, runbookWith } from '../core/runbook/runbookText';
import { cliInHost, recordPrinted } from './cliProcess';
import { runFindings } from '../../../src/core/run/stepRunner';
import type { RunRecord } from '../../../src/core/run/types';

const SCRIPT = resolve('test/fixtures/programs/bittorrent-dht/dht-node.mjs');

const RUNBOOK = runbookWith(`## Phase 1: Detection

### List sockets

\`\`\`runbook
action: check-listening-ports
step: list-sockets
all-udp: true
\`\`\`

## Phase 2: Remediation

${POLICY_DECISION_STEP}

### Uninstall

\`\`\`runbook
action: command
step: uninstall
for-each: finding
when: policy-decision = not permitted
linux: echo WARNING: Skipping {{removable.path}} as it is not installed.
ends: program
\`\`\`

## Phase 3: Verification

### List sockets again

\`\`\`runbook
action: check-listening-ports
all-udp: true
\`\`\`
`);

describe('an uninstall that exits 0 and removes nothing fails its step', { skip: skipUnlessAvailable(['ip'], true) }, () => {
  let scratch: string;
  let host: TestHost;
  let client: ChildProcess;
  let detection: RunRecord;
  let apply: Awaited<ReturnType<typeof cliInHost>>;
  let remediated: RunRecord;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'uninstall-not-seen-'));
    const runbook = join(scratch, 'runbook.md');
    writeFileSync(runbook, RUNBOOK);
    const records = join(scratch, 'runs');
    host = createTestHost();
    client = host.spawn(process.execPath, [SCRIPT, '6894']);
    await new Promise<void>((ready, fail) => {
      client.stdout!.once('data', () => ready());
      client.once('exit', (code) => fail(new Error(`the client exited (${code})`)));
    });
    detection = recordPrinted(await cliInHost(host, ['run', runbook, '--record-dir', records, '--json']));
    apply = await cliInHost(host, ['run', runbook, '--phase', 'remediation', '--run', detection.runId, '--record-dir', records,
      '--decision', 'not permitted', '--justification', 'Not on servers.', '--apply']);
    const saved = await cliInHost(host, ['run', runbook, '--phase', 'verification', '--run', detection.runId, '--record-dir', records, '--json']);
    remediated = recordPrinted(saved);
  });

  after(async () => {
    client?.kill();
    await host?.destroy();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('detection finds the script as the program, removable by path', () => {
    const [finding] = runFindings(detection);
    assert.equal(finding?.program?.install.removablePath, SCRIPT, JSON.stringify(finding?.program?.install));
  });

  it('the command exits 0, yet the step fails and the CLI exits 1, saying the program is still there', () => {
    assert.equal(apply.code, 1, `${apply.stdout}\n${apply.stderr}`);
    assert.match(apply.stdout, /1 command ran, 1 failed, 0 could not run\./);
    assert.ok(apply.stderr.includes(`exit 0 [${SCRIPT} is still there after the command: the program was not removed]`), apply.stderr);
    const part = Object.values(remediated.steps['uninstall']?.findings ?? {})[0];
    const command = part?.results.find((r) => r.kind === 'command');
    assert.ok(command?.kind === 'command', JSON.stringify(part));
    assert.equal(command.exitCode, 0);
    assert.deepEqual(command.effect, { ends: 'program', seen: 'no' });
    assert.match(command.output ?? '', /^WARNING: Skipping .* as it is not installed\.\n\[.* is still there after the command: the program was not removed\]$/);
    assert.equal(part?.status, 'failed');
    assert.ok(existsSync(SCRIPT));
  });
});
