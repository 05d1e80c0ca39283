import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Runbook, RunbookDiagnostic } from '../../../../src/core/runbook/model';
import { MAX_RUNBOOK_CHARS, parseRunbook, runbookMarkdownBody } from '../../../../src/core/runbook/parseRunbook';
import { describeDiagnostics, errors, FRONT_MATTER, lineOf, runbookWith, threePhases } from './runbookText';

function parse(source: string): { runbook: Runbook; diagnostics: RunbookDiagnostic[] } {
  const { runbook, diagnostics } = parseRunbook(source);
  assert.ok(runbook, describeDiagnostics(diagnostics));
  return { runbook, diagnostics };
}

function clean(source: string): Runbook {
  const { runbook, diagnostics } = parse(source);
  assert.equal(diagnostics.length, 0, describeDiagnostics(diagnostics));
  return runbook;
}

const codesAndLines = (diagnostics: readonly RunbookDiagnostic[]) => diagnostics.map((d) => [d.code, d.line]);

describe('parseRunbook: structure', () => {
  it('reads the front matter, the H1, its intro, phases, steps and sections', () => {
    const source = runbookWith(`Intro text.

## What it means

Some words.

### A sub-heading of a section

More words.

## Phase 1: Detection — find it

Phase intro.

### List sockets

Step text with \`code\`.

\`\`\`runbook
action: check-listening-ports
\`\`\`

#### A detail

Detail text.

## Phase 2: Remediation

### Tell users

\`\`\`runbook
action: confirm
prompt: Users informed.
\`\`\`

## Phase 3: Verification

### Probe again

\`\`\`runbook
action: probe-dht
targets: this-machine
\`\`\`

## References

- BEP 5
`);
    const runbook = clean(source);
    assert.deepEqual(
      { id: runbook.id, title: runbook.title, version: runbook.version, severity: runbook.severity, intro: runbook.intro },
      { id: 'test-runbook', title: 'Test runbook', version: '0.1.0', severity: 'low', intro: 'Intro text.' },
    );
    assert.deepEqual(runbook.sections.map((s) => [s.title, s.line]), [['What it means', lineOf(source, '## What it means')], ['References', lineOf(source, '## References')]]);
    assert.equal(runbook.sections[0]?.markdown, 'Some words.\n\n### A sub-heading of a section\n\nMore words.');
    const detection = runbook.phases[0];
    assert.deepEqual([detection?.id, detection?.title, detection?.intro, detection?.line], ['detection', 'Phase 1: Detection — find it', 'Phase intro.', lineOf(source, '## Phase 1')]);
    const step = detection?.steps[0];
    assert.deepEqual([step?.id, step?.title, step?.line], ['list-sockets', 'List sockets', lineOf(source, '### List sockets')]);
    // The step's Markdown keeps its own text and deeper headings, without the runbook block.
    assert.equal(step?.markdown, 'Step text with `code`.\n\n\n#### A detail\n\nDetail text.');
    assert.deepEqual(step?.actions, [{ id: 'list-sockets.1', kind: 'check-listening-ports', allUdp: false, line: lineOf(source, '```runbook') }]);
  });

  it('takes heading text without Markdown markup', () => {
    const runbook = clean(threePhases('### Stop *the* `client` [now](https://example.invalid)\n\n```runbook\naction: confirm\nprompt: Done.\n```'));
    const step = runbook.phases[1]?.steps[0];
    assert.deepEqual([step?.title, step?.id], ['Stop the client now', 'stop-the-client-now']);
  });

  it('keeps the phases in run order and reports one that comes too late', () => {
    const source = runbookWith(`## Phase 2: Remediation

### Decide

\`\`\`runbook
action: confirm
prompt: Decided.
\`\`\`

## Phase 1: Detection

### List

\`\`\`runbook
action: check-listening-ports
\`\`\`

## Phase 3: Verification

### List again

\`\`\`runbook
action: check-listening-ports
\`\`\`
`);
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['phase-order', lineOf(source, '## Phase 1: Detection')]]);
    assert.deepEqual(runbook.phases.map((p) => p.id), ['detection', 'remediation', 'verification']);
  });

  it('reports a repeated phase and adds its steps to the first one', () => {
    const source = threePhases('### Decide\n\n```runbook\naction: confirm\nprompt: Decided.\n```\n\n## Phase 2: Remediation\n\n### More\n\n```runbook\naction: confirm\nprompt: More.\n```');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['duplicate-phase', lineOf(source, '## Phase 2: Remediation', 2)]]);
    assert.deepEqual(runbook.phases[1]?.steps.map((s) => s.id), ['decide', 'more']);
  });

  it('rejects an unknown phase name and warns about a wrong phase number', () => {
    const source = threePhases('### Decide\n\n```runbook\naction: confirm\nprompt: Decided.\n```\n\n## Phase 4: Cleanup\n\nText.').replace('Phase 3: Verification', 'Phase 4: Verification');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics).sort(), [
      ['phase-heading', lineOf(source, '## Phase 4: Cleanup')],
      ['phase-heading', lineOf(source, '## Phase 4: Verification')],
    ].sort());
    assert.equal(diagnostics.find((d) => d.line === lineOf(source, '## Phase 4: Cleanup'))?.severity, 'error');
    assert.equal(diagnostics.find((d) => d.line === lineOf(source, '## Phase 4: Verification'))?.severity, 'warning');
    assert.deepEqual(runbook.phases.map((p) => p.id), ['detection', 'remediation', 'verification']);
    assert.deepEqual(runbook.sections.map((s) => s.title), ['Phase 4: Cleanup']);
  });

  it('reports a missing last phase at the end of the runbook', () => {
    const source = runbookWith('## Phase 1: Detection\n\n### List\n\n```runbook\naction: check-listening-ports\n```\n\n## Phase 2: Remediation\n\n### Decide\n\n```runbook\naction: confirm\nprompt: Done.\n```\n');
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['missing-phase', source.split('\n').length - 1]]);
    assert.match(diagnostics[0]?.message ?? '', /Phase 3: Verification/);
  });

  it('warns about a phase with no steps', () => {
    const source = threePhases('Nothing to do here.');
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['empty-phase', lineOf(source, '## Phase 2')]]);
    assert.equal(diagnostics[0]?.severity, 'warning');
  });

  it('reports runbook blocks outside a step: in a phase\'s intro and in a section', () => {
    const source = runbookWith(`## About

\`\`\`runbook
action: confirm
prompt: Read.
\`\`\`

## Phase 1: Detection

\`\`\`runbook
action: check-listening-ports
\`\`\`

### List

\`\`\`runbook
action: check-listening-ports
\`\`\`

## Phase 2: Remediation

### Decide

\`\`\`runbook
action: confirm
prompt: Done.
\`\`\`

## Phase 3: Verification

### List again

\`\`\`runbook
action: check-listening-ports
\`\`\`
`);
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['action-outside-step', lineOf(source, '```runbook', 1)], ['action-outside-step', lineOf(source, '```runbook', 2)]]);
    assert.equal(runbook.sections[0]?.markdown, '');
    assert.equal(runbook.phases[0]?.intro, '');
    assert.equal(runbook.phases[0]?.steps[0]?.actions.length, 1);
  });

  it('leaves other code blocks to the Markdown', () => {
    const runbook = clean(threePhases('### Decide\n\nRun this:\n\n```sh\nsystemctl status\n```\n\n```runbook\naction: confirm\nprompt: Done.\n```'));
    assert.equal(runbook.phases[1]?.steps[0]?.markdown, 'Run this:\n\n```sh\nsystemctl status\n```');
  });
});

describe('parseRunbook: step ids and conditions', () => {
  it('makes heading slugs unique, and lets explicit ids keep their names', () => {
    const runbook = clean(threePhases(`### Stop

\`\`\`runbook
action: confirm
prompt: One.
\`\`\`

### Stop

\`\`\`runbook
action: confirm
prompt: Two.
\`\`\`

### Last one

\`\`\`runbook
action: confirm
step: stop
prompt: Three.
\`\`\``));
    assert.deepEqual(runbook.phases[1]?.steps.map((s) => s.id), ['stop-2', 'stop-3', 'stop']);
  });

  it('numbers the actions of a step', () => {
    const runbook = clean(threePhases('### Two things\n\n```runbook\naction: confirm\nprompt: One.\n```\n\n```runbook\naction: confirm\nprompt: Two.\n```'));
    assert.deepEqual(runbook.phases[1]?.steps[0]?.actions.map((a) => a.id), ['two-things.1', 'two-things.2']);
  });

  it('rejects an explicit id that is not a slug', () => {
    const source = threePhases('### Decide\n\n```runbook\naction: confirm\nstep: Not A Slug\nprompt: Done.\n```');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['bad-step-id', lineOf(source, 'step: Not A Slug')]]);
    assert.equal(runbook.phases[1]?.steps[0]?.id, 'decide');
  });

  it('takes step settings from a block with no action, and reports one with other fields but no action', () => {
    const source = threePhases('### Read this\n\n```runbook\nstep: read-this-first\n```\n\n### Broken\n\n```runbook\nprompt: Where is my action?\n```');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['missing-field', lineOf(source, 'prompt: Where is my action?') - 1]]);
    assert.deepEqual(runbook.phases[1]?.steps.map((s) => [s.id, s.actions.length]), [['read-this-first', 0], ['broken', 0]]);
  });

  const decision = '### Policy\n\n```runbook\naction: decision\nstep: policy\nquestion: Allowed?\nanswer: permitted\nanswer: not permitted\n```\n\n';

  it('reads a condition on an earlier decision', () => {
    const source = threePhases(`${decision}### Remove it\n\n\`\`\`runbook\naction: confirm\nwhen: policy = not permitted\nprompt: Removed.\n\`\`\``);
    const runbook = clean(source);
    assert.deepEqual(runbook.phases[1]?.steps[1]?.condition, { decisionStep: 'policy', answer: 'not permitted', line: lineOf(source, 'when: policy') });
  });

  for (const [name, when, message] of [
    ['malformed', 'policy is not permitted', /when: <decision step id> = <answer>/],
    ['an unknown step', 'nobody = permitted', /No step has the id "nobody"/],
    ['a step without a decision', 'list-sockets = permitted', /exactly one decision/],
    ['an answer the decision does not offer', 'policy = maybe', /answers are: permitted, not permitted/],
  ] as const) {
    it(`reports a condition naming ${name} on its line`, () => {
      const source = threePhases(`${decision}### Remove it\n\n\`\`\`runbook\naction: confirm\nwhen: ${when}\nprompt: Removed.\n\`\`\``);
      const { diagnostics } = parse(source);
      assert.deepEqual(codesAndLines(diagnostics), [['condition', lineOf(source, `when: ${when}`)]]);
      assert.match(diagnostics[0]?.message ?? '', message);
    });
  }

  it('reports a condition on a later decision', () => {
    const source = threePhases(`### Remove it\n\n\`\`\`runbook\naction: confirm\nwhen: policy = permitted\nprompt: Removed.\n\`\`\`\n\n${decision}`);
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['condition', lineOf(source, 'when: policy')]]);
  });

  it('reports two different conditions on one step', () => {
    const source = threePhases(`${decision}### Remove it\n\n\`\`\`runbook\naction: confirm\nwhen: policy = not permitted\nprompt: One.\n\`\`\`\n\n\`\`\`runbook\naction: confirm\nwhen: policy = permitted\nprompt: Two.\n\`\`\``);
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['condition', lineOf(source, 'when: policy = permitted')]]);
  });
});

describe('parseRunbook: placement of compare-baseline', () => {
  it('belongs in verification', () => {
    const source = threePhases('### Compare early\n\n```runbook\naction: compare-baseline\n```');
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['misplaced-action', lineOf(source, 'action: compare-baseline') - 1]]);
  });

  it('needs a check in detection to compare with', () => {
    const source = runbookWith('## Phase 1: Detection\n\n### Decide\n\n```runbook\naction: confirm\nprompt: Ok.\n```\n\n## Phase 2: Remediation\n\n### Tell\n\n```runbook\naction: confirm\nprompt: Told.\n```\n\n## Phase 3: Verification\n\n### Compare\n\n```runbook\naction: compare-baseline\n```\n');
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['misplaced-action', lineOf(source, 'action: compare-baseline') - 1]]);
  });
});

describe('parseRunbook: robustness', () => {
  it('returns no runbook for text that is not one, with a diagnostic, and never throws', () => {
    for (const source of ['', 'just a line of text', '\n\n\n']) {
      const { runbook, diagnostics } = parseRunbook(source);
      assert.equal(runbook, undefined);
      assert.ok(errors(diagnostics).length > 0);
    }
  });

  it('reads a runbook without front matter, with an error, and its id from the title', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Told.\n```').slice(FRONT_MATTER.length);
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(errors(diagnostics)), [['front-matter', 0]]);
    assert.deepEqual([runbook.id, runbook.title, runbook.version, runbook.phases.length], ['test-runbook', 'Test runbook', undefined, 3]);
  });

  it('reports front matter that is never closed, on its first line, and reads the Markdown', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Told.\n```').replace('---\n\n# Test', '\n\n# Test');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(errors(diagnostics)), [['front-matter', 0]]);
    assert.match(errors(diagnostics)[0]?.message ?? '', /never closed/);
    assert.equal(runbook.phases.length, 3);
  });

  it('reports missing front matter keys on the opening line', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Told.\n```').replace('version: 0.1.0\n', '');
    const { diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['front-matter', 0]]);
    assert.match(diagnostics[0]?.message ?? '', /"version"/);
  });

  it('counts lines the same with CRLF, CR and LF line ends', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: bogus\n```');
    const expected = codesAndLines(parse(source).diagnostics);
    assert.deepEqual(expected, [['unknown-action', lineOf(source, 'action: bogus')]]);
    assert.deepEqual(codesAndLines(parse(source.replaceAll('\n', '\r\n')).diagnostics), expected);
    assert.deepEqual(codesAndLines(parse(source.replaceAll('\n', '\r')).diagnostics), expected);
    assert.deepEqual(codesAndLines(parse(`\uFEFF${source}`).diagnostics), expected);
  });

  it('reads a runbook block left open at the end of the file', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Told.\n```', '### Probe again\n\n```runbook\naction: probe-dht\ntargets: this-machine\n');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(diagnostics), [['unterminated-fence', lineOf(source, 'targets: this-machine') - 2]]);
    assert.equal(runbook.phases[2]?.steps[0]?.actions[0]?.kind, 'probe-dht');
  });

  it('reports another code block left open, and keeps what came before it', () => {
    const source = threePhases('### Tell\n\n```runbook\naction: confirm\nprompt: Told.\n```\n\n```sh\nsystemctl status');
    const { runbook, diagnostics } = parse(source);
    assert.deepEqual(codesAndLines(errors(diagnostics)), [['unterminated-fence', lineOf(source, '```sh')], ['missing-phase', source.split('\n').length - 1]]);
    assert.equal(runbook.phases[1]?.steps[0]?.actions.length, 1);
  });

  it('refuses a source above the size limit', () => {
    const { runbook, diagnostics } = parseRunbook(runbookWith('x'.repeat(MAX_RUNBOOK_CHARS)));
    assert.equal(runbook, undefined);
    assert.deepEqual(codesAndLines(diagnostics), [['too-large', 0]]);
  });

  it('keeps raw HTML as text: it is neither a heading nor a block', () => {
    const runbook = clean(threePhases('### Tell\n\n<h3>Not a step</h3>\n\n```runbook\naction: confirm\nprompt: Told.\n```'));
    assert.deepEqual(runbook.phases[1]?.steps.map((s) => s.title), ['Tell']);
    assert.equal(runbook.phases[1]?.steps[0]?.markdown, '<h3>Not a step</h3>');
  });
});

describe('runbookMarkdownBody', () => {
  it('blanks the front matter and keeps every line where it was', () => {
    const source = runbookWith('Text.');
    const body = runbookMarkdownBody(source);
    assert.equal(body.split('\n').length, source.split('\n').length);
    assert.ok(!body.includes('plugin-id'));
    assert.equal(body.split('\n')[lineOf(source, '# Test runbook')], '# Test runbook');
  });
});
