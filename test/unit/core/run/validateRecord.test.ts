import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateRunRecord, type RecordValidation } from '../../../../src/core/run/validateRecord';
import { walkedRun } from './fixtures';

const DELETE = Symbol('delete');
type Path = readonly (string | number)[];

/** The walked run as plain JSON, with the value at `path` replaced (or deleted). */
function mutated(path: Path, value: unknown): unknown {
  const record = JSON.parse(JSON.stringify(walkedRun())) as unknown;
  let node = record as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return record;
}

function problemOf(result: RecordValidation): { problem: string; message: string } {
  assert.equal(result.ok, false, 'expected the record to be refused');
  return result.ok ? { problem: '', message: '' } : result;
}

describe('validating run records', () => {
  it('accepts a record as text or as parsed JSON', () => {
    const record = walkedRun();
    assert.ok(validateRunRecord(JSON.stringify(record)).ok);
    assert.ok(validateRunRecord(JSON.parse(JSON.stringify(record))).ok);
  });

  it('reports truncated JSON as not-json, naming the file', () => {
    const text = JSON.stringify(walkedRun(), null, 2);
    const { problem, message } = problemOf(validateRunRecord(text.slice(0, text.length / 2), 'run-1.json'));
    assert.equal(problem, 'not-json');
    assert.match(message, /^Record run-1\.json is not valid JSON .*It was left untouched\.$/);
  });

  it('reports things that are not records', () => {
    for (const value of [null, 42, 'null', [], {}, { schema: 'something-else@1' }, { schema: 7 }]) {
      assert.equal(problemOf(validateRunRecord(value)).problem, 'not-a-record', JSON.stringify(value));
    }
  });

  it('tells an older schema from a newer one, and says what to do', () => {
    const older = problemOf(validateRunRecord(mutated(['schema'], 'dht-runbook/run-record@0'), 'old.json'));
    assert.equal(older.problem, 'older-schema');
    assert.match(older.message, /Record old\.json was written by schema @0; this version reads @2\. It was left untouched\./);
    const newerRecord = mutated(['schema'], 'dht-runbook/run-record@3') as Record<string, unknown>;
    newerRecord['newField'] = 1;
    const newer = problemOf(validateRunRecord(newerRecord));
    assert.equal(newer.problem, 'newer-schema', 'a newer record is judged by its schema, not by fields this version does not know');
    assert.match(newer.message, /Record "20250131T090000Z-3f9a2c" was written by schema @3.*Update the extension/);
  });

  it('reads an @1 record as the current schema: @1 is @2 without per-finding steps', () => {
    const old = validateRunRecord(mutated(['schema'], 'dht-runbook/run-record@1'));
    assert.ok(old.ok, old.ok ? '' : old.message);
    assert.equal(old.record.schema, 'dht-runbook/run-record@2');
  });

  const damage: readonly [string, Path, unknown, RegExp][] = [
    ['revision as text', ['revision'], '7', /record\.revision: expected an integer/],
    ['revision zero', ['revision'], 0, /record\.revision/],
    ['a run id with a path', ['runId'], '../../etc/passwd', /record\.runId/],
    ['a start time that is not ISO', ['startedAt'], 'yesterday', /record\.startedAt: expected an ISO 8601 timestamp.*, found "yesterday"/],
    ['an impossible date', ['updatedAt'], '2025-13-45T99:00:00Z', /record\.updatedAt/],
    ['an unknown status', ['steps', 'list-sockets', 'status'], 'done', /record\.steps\["list-sockets"\]\.status: expected one of/],
    ['steps as an array', ['steps'], [], /record\.steps: expected an object/],
    ['a bad step id', ['steps', '../x'], { status: 'pending', results: [] }, /not a valid step id/],
    ['a skipped step without reason', ['steps', 'stop-service', 'status'], 'skipped', /skipReason: missing for a skipped step/],
    ['a finished step without end', ['steps', 'stop-service', 'endedAt'], DELETE, /endedAt: missing for a passed step/],
    ['an unknown result kind', ['steps', 'list-sockets', 'results', 0, 'kind'], 'reboot', /results\[0\]\.kind: expected one of/],
    ['a result time missing', ['steps', 'policy-decision', 'results', 0, 'at'], DELETE, /results\[0\]\.at: missing/],
    ['a field this schema does not have', ['steps', 'policy-decision', 'results', 0, 'approvedBy'], 'x', /approvedBy: not a field of this schema/],
    ['a port out of range', ['steps', 'list-sockets', 'results', 0, 'result', 'listing', 'sockets', 0, 'localPort'], 70000, /localPort: expected an integer from 0 to 65535/],
    ['packet hex that is not hex', ['steps', 'probe-run-targets', 'results', 0, 'summary', 'findings', 0, 'evidence', 'receivedHex'], 'zz', /receivedHex: expected bytes as hex/],
    ['a verdict outcome unknown', ['verdict'], { outcome: 'fixed', because: 'x' }, /record\.verdict\.outcome/],
    ['accepted risk without justification', ['verdict'], { outcome: 'accepted-risk', because: 'x', justification: '' }, /justification/],
    ['a comparison with a string for now', ['steps', 'compare-baseline', 'results', 0, 'comparison', 'dhtEndpoints', 0, 'now'], 'no', /dhtEndpoints\[0\]\.now: expected true or false/],
    ['a content hash that is not SHA-256', ['runbook', 'contentHash'], 'abc', /contentHash: expected a SHA-256/],
    ['targets of an unknown mode', ['targets'], { mode: 'everything' }, /record\.targets\.mode/],
  ];
  for (const [what, path, value, where] of damage) {
    it(`reports ${what} as damaged, saying where`, () => {
      const { problem, message } = problemOf(validateRunRecord(mutated(path, value), 'run.json'));
      assert.equal(problem, 'damaged');
      assert.match(message, where);
      assert.match(message, /^Record run\.json is damaged: .*It was left untouched\./);
    });
  }

  it('accepts fields the check and probe modules may add later (their types are not ours)', () => {
    const result = validateRunRecord(mutated(['steps', 'list-sockets', 'results', 0, 'result', 'platform'], 'linux'));
    assert.ok(result.ok);
  });

  it('never throws, whatever a file holds (seeded random damage)', () => {
    const base = JSON.stringify(walkedRun());
    let seed = 20250131;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const replacements: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, [[]], { kind: 'error' }, '2025-01-31T09:00:00.000Z'];
    const counts = new Map<string, number>();
    for (let round = 0; round < 400; round++) {
      const record = JSON.parse(base) as unknown;
      // Walk to a random node and replace or delete one of its children.
      let node = record as Record<string, unknown>;
      for (let depth = 0; depth < 12; depth++) {
        const keys = Object.keys(node);
        const key = keys[Math.floor(random() * keys.length)];
        if (key === undefined) break;
        const child = node[key];
        if (typeof child !== 'object' || child === null || random() < 0.2) {
          if (random() < 0.3) delete node[key];
          else node[key] = replacements[Math.floor(random() * replacements.length)];
          break;
        }
        node = child as Record<string, unknown>;
      }
      const text = JSON.stringify(record);
      const cut = random() < 0.1 ? text.slice(0, Math.floor(random() * text.length)) : text;
      const result = validateRunRecord(cut);
      const outcome = result.ok ? 'ok' : result.problem;
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    assert.ok((counts.get('damaged') ?? 0) > 100, `mostly damaged: ${JSON.stringify([...counts])}`);
  });
});
