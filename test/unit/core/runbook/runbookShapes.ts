// Runbooks of a chosen size, in the shapes a person writes and the shapes an
// attacker would pick to make a parser slow. Shared by the complexity test and
// bench/runbookParse.bench.ts, so that both measure the same documents.

import { FRONT_MATTER as VALID_FRONT_MATTER } from './runbookText';

const FRONT_MATTER = `${VALID_FRONT_MATTER}
# Shape

`;

export interface RunbookShape {
  name: string;
  /** A document of about `chars` characters (never more), made of whole repeated units. */
  make(chars: number): string;
}

/** head + unit(0) + unit(1) + ... + tail, as many units as fit in `chars`. */
function repeat(chars: number, head: string, unit: (index: number) => string, tail = ''): string {
  const parts = [head];
  let length = head.length + tail.length;
  for (let index = 0; ; index++) {
    const next = unit(index);
    if (length + next.length > chars) break;
    parts.push(next);
    length += next.length;
  }
  parts.push(tail);
  return parts.join('');
}

const DECIDE = '## Phase 1: Detection\n\n### Decide\n\n```runbook\naction: decision\nstep: policy\nquestion: Permitted?\nanswer: permitted\nanswer: not permitted\n```\n\n';

/** A large runbook as a person would write it: prose, lists, shell examples and every kind of block. */
function realisticStep(index: number): string {
  const block = [
    'action: check-listening-ports\nall-udp: true',
    'action: probe-dht\ntargets: this-machine\nports: 6881-6889,51413',
    'action: confirm\nprompt: Users were told why the client is going away.',
    'action: command\nwhen: policy = not permitted\nlinux: sudo systemctl stop {{service}}\nwindows: Stop-Service -Name {{service}}',
  ][index % 4];
  return `### Step ${index}: check the **client** on \`host-${index}\`

Explain what this step does and why, in a paragraph that wraps over a
couple of lines, with [a link](https://example.invalid/${index}) and *emphasis*.

- first thing to look at
- second thing, with \`code\`
  - a nested detail

\`\`\`sh
ss -lunp | grep ${6881 + (index % 9)}
\`\`\`

\`\`\`runbook
${block}
\`\`\`

`;
}

export const SHAPES: readonly RunbookShape[] = [
  { name: 'realistic runbook (steps with prose, lists, code and blocks)', make: (n) => repeat(n, FRONT_MATTER + DECIDE, realisticStep) },
  { name: 'empty runbook blocks', make: (n) => repeat(n, FRONT_MATTER, () => '```runbook\n```\n\n') },
  { name: 'one block of key: value lines', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n### Big\n\n\`\`\`runbook\naction: command\n`, (i) => `k${i % 10}: value\n`, '```\n') },
  { name: 'headings, distinct titles', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n`, (i) => `### Step ${i}\n\n`) },
  { name: 'headings, one title repeated', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n`, () => '### Step\n\n') },
  { name: 'H2 sections', make: (n) => repeat(n, FRONT_MATTER, (i) => `## Section ${i}\ntext\n`) },
  { name: 'steps each with a block', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n`, (i) => `### Step ${i}\n\n\`\`\`runbook\naction: confirm\nprompt: ok\n\`\`\`\n\n`) },
  { name: 'when: conditions on one decision', make: (n) => repeat(n, FRONT_MATTER + DECIDE, (i) => `### Stop ${i}\n\n\`\`\`runbook\nwhen: policy = not permitted\naction: confirm\nprompt: ok\n\`\`\`\n\n`) },
  { name: 'unterminated runbook fences', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n### Broken\n\n`, () => '```runbook\naction: confirm\nnot a field\n\n') },
  { name: 'unterminated fences, longest first, in a quote', make: (n) => unterminatedDescending(n) },
  { name: 'unterminated other fences', make: (n) => repeat(n, FRONT_MATTER, (i) => `${'`'.repeat(3 + (i % 3))}sh\necho\n`) },
  { name: 'front matter with many keys', make: (n) => repeat(n, '---\n', (i) => `key${i}: value\n`, '---\n\n# Keys\n') },
  { name: 'a line of backticks', make: (n) => `${FRONT_MATTER}${'`'.repeat(Math.max(0, n - FRONT_MATTER.length - 1))}\n` },
  { name: 'lines of backticks', make: (n) => repeat(n, FRONT_MATTER, (i) => `${'`'.repeat(1 + (i % 7))}\n`) },
  { name: 'a heading of backticks and brackets', make: (n) => repeat(n, `${FRONT_MATTER}## `, (i) => ['`', '[', '*', '_', '!['][i % 5] ?? '', '\n') },
  { name: 'deep list nesting', make: (n) => repeat(n, FRONT_MATTER, (i) => `${'  '.repeat(i % 120)}- item\n`) },
  { name: 'a command of {{', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n### Braces\n\n\`\`\`runbook\naction: command\nlinux: echo `, () => '{{', '\n```\n') },
  // Every placeholder on a command line is placed by a shell lexer; one that revisits all placeholders at each token is quadratic.
  { name: 'a command line of many placeholders', make: (n) => repeat(n, `${FRONT_MATTER}## Phase 1: Detection\n\n### Pids\n\n\`\`\`runbook\naction: command\nlinux: kill`, () => ' {{process.pid}}', '\n```\n') },
];

/**
 * Unclosed ```runbook fences inside a block quote, longest fence first, so
 * that no later fence line could close (or be swallowed by) an earlier one:
 * a parser that searches each fence's end from scratch reads the rest of the
 * quote once per fence.
 */
function unterminatedDescending(chars: number): string {
  const fences = Math.floor(Math.sqrt(chars / 2) / 2);
  const parts = [FRONT_MATTER, '## Phase 1: Detection\n\n### Quoted\n\n'];
  let length = parts.join('').length;
  for (let run = fences + 3; run > 3; run--) {
    const fence = `> ${'`'.repeat(run)}runbook\n> not a field\n`;
    parts.push(fence);
    length += fence.length;
  }
  while (length + 4 <= chars) { parts.push('> x\n'); length += 4; }
  return parts.join('');
}
