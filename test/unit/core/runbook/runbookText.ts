// Builds small runbooks for tests, and finds lines in them, so that a test
// states the line it expects by its text rather than by a number.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunbookDiagnostic } from '../../../../src/core/runbook/model';

export const FRONT_MATTER = `---
id: test-runbook
title: Test runbook
version: 0.1.0
severity: low
finding: BitTorrent Mainline DHT Detection
scanners:
  - scanner: Tenable Nessus
    plugin-id: 50677
    name: BitTorrent Mainline DHT Detection
---
`;

/** A per-finding policy decision, as the bundled runbook asks it, with the answers the CLI's --decision takes. */
export const POLICY_DECISION_STEP = `### Decide

\`\`\`runbook
action: decision
step: policy-decision
for-each: finding
question: Is this client permitted?
answer: permitted
answer: not permitted
justification: required
\`\`\``;

/** A runbook with valid front matter, an H1 and the given body. */
export function runbookWith(body: string): string {
  return `${FRONT_MATTER}\n# Test runbook\n\n${body}`;
}

/** Three phases with one step each; `remediation` replaces the middle step's body. */
export function threePhases(remediation: string, verification = '### Probe again\n\n```runbook\naction: probe-dht\ntargets: this-machine\n```\n'): string {
  return runbookWith(`## Phase 1: Detection

### List sockets

\`\`\`runbook
action: check-listening-ports
\`\`\`

## Phase 2: Remediation

${remediation}

## Phase 3: Verification

${verification}`);
}

export function readFixture(name: string): string {
  return readFileSync(resolve('test/fixtures/runbooks', name), 'utf8');
}

/** 0-based line of the only line in `source` that contains `text`. */
export function lineOf(source: string, text: string, occurrence = 1): number {
  const found: number[] = [];
  source.split('\n').forEach((line, index) => { if (line.includes(text)) found.push(index); });
  const line = found[occurrence - 1];
  assert.ok(line !== undefined, `no occurrence ${occurrence} of "${text}"`);
  return line;
}

export function errors(diagnostics: readonly RunbookDiagnostic[]): RunbookDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

export function describeDiagnostics(diagnostics: readonly RunbookDiagnostic[]): string {
  return diagnostics.map((d) => `${d.severity} ${d.code} @${d.line}: ${d.message}`).join('\n');
}
