// Each fixture under test/fixtures/runbooks holds one kind of mistake: the
// parser must name it, on its line, and still return the rest.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Runbook, RunbookDiagnostic } from '../../../../src/core/runbook/model';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';
import { describeDiagnostics, errors, lineOf, readFixture } from './runbookText';

function parseFixture(name: string): { source: string; runbook: Runbook; diagnostics: RunbookDiagnostic[] } {
  const source = readFixture(name);
  const { runbook, diagnostics } = parseRunbook(source);
  assert.ok(runbook, `${name} returned no runbook:\n${describeDiagnostics(diagnostics)}`);
  return { source, runbook, diagnostics };
}

/** The step ids of each phase, with each step's action kinds. */
function outline(runbook: Runbook): string[] {
  return runbook.phases.flatMap((p) => p.steps.map((s) => `${p.id}/${s.id}: ${s.actions.map((a) => a.kind).join(',')}`));
}

describe('broken runbooks (fixtures)', () => {
  it('unknown action kind: an error on its "action:" line; the step and every other action stay', () => {
    const { source, runbook, diagnostics } = parseFixture('unknown-action.md');
    assert.deepEqual(errors(diagnostics).map((d) => [d.code, d.line]), [['unknown-action', lineOf(source, 'action: reboot-everything')]]);
    assert.match(diagnostics[0]?.message ?? '', /reboot-everything.*check-listening-ports/);
    assert.deepEqual(outline(runbook), [
      'detection/list-sockets: check-listening-ports',
      'detection/reboot-everything: ',
      'remediation/policy: decision',
      'verification/compare: compare-baseline',
    ]);
  });

  it('missing phase: an error at the heading of the phase that follows the gap; the other phases stay', () => {
    const { source, runbook, diagnostics } = parseFixture('missing-phase.md');
    assert.deepEqual(errors(diagnostics).map((d) => [d.code, d.line]), [['missing-phase', lineOf(source, '## Phase 3: Verification')]]);
    assert.match(errors(diagnostics)[0]?.message ?? '', /no remediation phase/);
    // The bare "## Remediation" heading is a section, with a hint how to make it a phase.
    const hint = diagnostics.find((d) => d.severity === 'warning');
    assert.deepEqual([hint?.code, hint?.line], ['phase-heading', lineOf(source, '## Remediation')]);
    assert.deepEqual(runbook.phases.map((p) => p.id), ['detection', 'verification']);
    assert.deepEqual(runbook.sections.map((s) => s.title), ['Remediation']);
  });

  it('bad front matter: each mistake on its own line; the phases are read all the same', () => {
    const { source, runbook, diagnostics } = parseFixture('bad-front-matter.md');
    assert.deepEqual(errors(diagnostics).map((d) => [d.code, d.line]), [
      ['front-matter', lineOf(source, 'severity: urgent')],
      ['front-matter', lineOf(source, 'severity: high')],
      ['front-matter', lineOf(source, '- scanner: Tenable Nessus')],
      ['front-matter', lineOf(source, '\tname:')],
    ]);
    assert.match(errors(diagnostics)[3]?.message ?? '', /Tabs/);
    assert.equal(runbook.id, 'bad-front-matter');
    assert.equal(runbook.severity, undefined);
    assert.deepEqual(runbook.finding.scanners, []);
    assert.deepEqual(runbook.phases.map((p) => p.id), ['detection', 'remediation', 'verification']);
  });

  it('duplicate step id: an error on the second "step:" line; that step falls back to its heading\'s slug', () => {
    const { source, runbook, diagnostics } = parseFixture('duplicate-step-id.md');
    assert.deepEqual(errors(diagnostics).map((d) => [d.code, d.line]), [['duplicate-step-id', lineOf(source, 'step: probe', 2)]]);
    assert.match(errors(diagnostics)[0]?.message ?? '', new RegExp(`line ${lineOf(source, 'step: probe') + 1}`));
    assert.deepEqual(outline(runbook), [
      'detection/probe: probe-dht',
      'detection/probe-the-runs-targets: probe-dht',
      'remediation/tell-the-users: confirm',
      'verification/probe-2: probe-dht',
    ]);
  });

  it('unknown placeholder: an error on the command line that uses it; that action is dropped, the next one stays', () => {
    const { source, runbook, diagnostics } = parseFixture('bad-placeholder.md');
    assert.deepEqual(errors(diagnostics).map((d) => [d.code, d.line]), [['unknown-placeholder', lineOf(source, '{{process.user}}')]]);
    assert.match(errors(diagnostics)[0]?.message ?? '', /\{\{process\.user\}\}.*\{\{process\.name\}\}/);
    assert.deepEqual(outline(runbook), [
      'detection/list-sockets: check-listening-ports',
      'remediation/stop-the-client: ',
      'remediation/remove-the-package: command',
      'verification/list-sockets-again: check-listening-ports',
    ]);
  });

  it('unterminated fence: an error on the opening fence; the block is read up to its last field and the next step is not swallowed', () => {
    const { source, runbook, diagnostics } = parseFixture('unterminated-fence.md');
    const opening = lineOf(source, 'The block below was never closed.') + 2;
    assert.deepEqual(errors(diagnostics).map((d) => [d.code, d.line]), [['unterminated-fence', opening]]);
    assert.deepEqual(outline(runbook), [
      'detection/list-sockets: check-listening-ports',
      'detection/probe-this-machine: probe-dht',
      'remediation/tell-the-users: confirm',
      'verification/probe-again: probe-dht',
    ]);
    const listing = runbook.phases[0]?.steps[0]?.actions[0];
    assert.ok(listing?.kind === 'check-listening-ports' && listing.allUdp);
    assert.equal(runbook.phases[0]?.steps[0]?.markdown, 'The block below was never closed.');
  });
});
