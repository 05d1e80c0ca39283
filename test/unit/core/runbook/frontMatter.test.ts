import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter, parseScalar, type FrontMatterValue } from '../../../../src/core/runbook/frontMatter';

function read(text: string) {
  return parseFrontMatter(text.split('\n'));
}

/** The entries as plain values, to compare with deepEqual. */
function plain(text: string): Record<string, unknown> {
  const result = read(text);
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.entries);
  const out: Record<string, unknown> = {};
  for (const [key, entry] of result.entries) out[key] = entry.value === undefined ? undefined : toPlain(entry.value);
  return out;
}

function toPlain(value: FrontMatterValue): unknown {
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'map') return Object.fromEntries([...value.entries].map(([k, v]) => [k, v.value]));
  return value.items.map(toPlain);
}

function errorLines(text: string): [number, string][] {
  return read(text).diagnostics.map((d) => [d.line, d.message]);
}

describe('front matter: what it reads', () => {
  it('reads scalars, a list, a map and a list of maps, and says where the body starts', () => {
    const text = [
      '---',
      'id: demo',
      '# a comment line',
      'title: "Quoted: with a colon"',
      "note: 'it''s single-quoted'",
      'plain: C# and F# # a comment',
      'tags:',
      '  - one',
      '  - two',
      'owner:',
      '  team: security',
      '  contact: sec@example.invalid',
      'scanners:',
      '  - scanner: Tenable Nessus',
      '    plugin-id: 50677',
      '',
      '  - scanner: Other',
      '    plugin-id: "0042"',
      '---',
      '# Body',
    ].join('\n');
    assert.deepEqual(plain(text), {
      id: 'demo',
      title: 'Quoted: with a colon',
      note: "it's single-quoted",
      plain: 'C# and F#',
      tags: ['one', 'two'],
      owner: { team: 'security', contact: 'sec@example.invalid' },
      scanners: [{ scanner: 'Tenable Nessus', 'plugin-id': '50677' }, { scanner: 'Other', 'plugin-id': '0042' }],
    });
    assert.equal(read(text).bodyStart, 19);
  });

  it('keeps every value as text (no YAML numbers, booleans or nulls)', () => {
    assert.deepEqual(plain('---\nversion: 1.0\nenabled: yes\nnothing: null\n---'), { version: '1.0', enabled: 'yes', nothing: 'null' });
  });

  it('reads double-quoted escapes', () => {
    assert.deepEqual(parseScalar('"a \\"b\\" \\\\ \\/ \\t"'), { value: 'a "b" \\ / \t' });
  });

  it('finds no front matter unless the first line is ---', () => {
    const result = read('# Title\n---\nid: x\n---');
    assert.deepEqual([result.entries, result.bodyStart, result.diagnostics], [undefined, 0, []]);
  });
});

describe('front matter: what it rejects, on the line of the mistake', () => {
  for (const [name, lines, line, message] of [
    ['an unclosed block', ['---', 'id: x'], 0, /never closed/],
    ['a repeated key', ['---', 'id: x', 'id: y', '---'], 2, /given twice/],
    ['a tab in the indentation', ['---', 'tags:', '\t- one', '---'], 2, /Tabs/],
    ['a line that is not key: value', ['---', 'just words', '---'], 1, /Expected "key: value"/],
    ['a key without a space after the colon', ['---', 'id:x', '---'], 1, /Expected "key: value"/],
    ['a key with no value and nothing under it', ['---', 'tags:', 'id: x', '---'], 1, /has no value/],
    ['indentation under a scalar', ['---', 'id: x', '  more: y', '---'], 2, /Unexpected indentation/],
    ['a flow list', ['---', 'tags: [a, b]', '---'], 1, /quotes/],
    ['an anchor', ['---', 'id: &anchor x', '---'], 1, /quotes/],
    ['a block scalar', ['---', 'text: |', '---'], 1, /quotes/],
    ['a plain value holding ": "', ['---', 'title: a: b', '---'], 1, /quotes/],
    ['a second level of nesting', ['---', 'map:', '  inner:', '    deep: x', '---'], 2, /one level of nesting/],
    ['list items that do not line up', ['---', 'tags:', '  - one', '    - two', '---'], 3, /line up/],
    ['map keys that do not line up', ['---', 'map:', '  a: x', '   b: y', '---'], 3, /line up/],
    ['a list item in a map', ['---', 'map:', '  a: x', '  - y', '---'], 3, /is a map/],
    ['a repeated key in a list item', ['---', 'list:', '  - a: x', '    a: y', '---'], 3, /twice/],
    ['a map key misaligned in a list item', ['---', 'list:', '  - a: x', '      b: y', '---'], 3, /line up/],
    ['an unclosed quote', ['---', 'title: "open', '---'], 1, /never closed/],
    ['text after a closing quote', ['---', "title: 'a' b", '---'], 1, /after the closing quote/],
    ['an unknown escape', ['---', 'title: "\\q"', '---'], 1, /Unsupported escape/],
    ['an empty list item', ['---', 'tags:', '  -', '---'], 2, /Empty list item/],
  ] as const) {
    it(`rejects ${name}`, () => {
      const found = errorLines(lines.join('\n'));
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0]?.[0], line);
      assert.match(String(found[0]?.[1]), message);
    });
  }

  it('goes on reading after a mistake', () => {
    const result = read('---\nid x\ntitle: ok\n---');
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.entries?.get('title')?.value?.kind, 'scalar');
  });
});
