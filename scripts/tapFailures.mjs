// The failed tests of a TAP file (node --test's tap reporter), each with its
// location and the first lines of its error. `npm test` prints them again at
// its very end: CI keeps only the tail of a long output, and the unit tests'
// own report of a failure scrolls far above the integration tests'.

/** @returns {import("./tapFailures.d.mts").TapFailure[]} */
export function tapFailures(tap, maxErrorLines = 12) {
  const lines = tap.split('\n');
  const failures = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!head) continue;
    const indent = head[1].length + 2;
    const block = [];
    if (lines[i + 1]?.trim() === '---') {
      for (let j = i + 2; j < lines.length && lines[j].trim() !== '...'; j++) block.push(lines[j].slice(indent));
    }
    // A suite whose tests failed adds nothing that its failed tests do not say.
    if (block.includes("failureType: 'subtestsFailed'")) continue;
    const location = block.find((l) => l.startsWith('location: '))?.slice('location: '.length).replace(/^'|'$/g, '') ?? '';
    failures.push({ name: head[2], location, error: errorOf(block).slice(0, maxErrorLines) });
  }
  return failures;
}

function errorOf(block) {
  const at = block.findIndex((l) => l.startsWith('error: '));
  if (at < 0) return [];
  const first = block[at].slice('error: '.length);
  if (first !== '|-' && first !== '|' && first !== '>-') return [first.replace(/^'|'$/g, '')];
  const text = [];
  for (let j = at + 1; j < block.length && (block[j].startsWith('  ') || block[j] === ''); j++) text.push(block[j].slice(2));
  while (text.length > 0 && text.at(-1).trim() === '') text.pop();
  return text;
}
