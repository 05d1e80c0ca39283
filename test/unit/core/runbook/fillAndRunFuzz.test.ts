// Fill-and-run fuzz (issue 12): random hostile values in every placeholder
// position of every command of the bundled runbook, filled by fillCommand for
// the shell that runs them and run by real bash, dash, zsh and fish in a
// scratch directory. Every program the commands call is a logging fake, so
// the test reads back exactly what ran. It must find: no file created, and
// for each case exactly the intended calls, each value one intact argument.
// Values a rule refuses do not run and are counted as refused.
//
// Replay a failure with FUZZ_SEED=<seed printed>; FUZZ_CASES_PER_SHELL sets the size.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';
import { fillCommand, PLACEHOLDERS, placeholderPositionProblems, scanPlaceholders } from '../../../../src/core/runbook/placeholders';
import { fakePrelude, programsCalled, readCalls, runScript, TEST_SHELLS, type Call, type TestShell } from '../../../support/fakeProgramShell';
import { hostileFileName, hostileValue, plausibleValue } from '../../../support/hostileValues';
import { skipUnlessAvailable } from '../../../support/prerequisites';
import { hashString, seededRandom, seedFromEnv } from '../../../support/seededRandom';

const SEED = seedFromEnv('FUZZ_SEED');
// About half the hostile values are refused before anything runs; the required total counts only the cases a shell ran.
const CASES_PER_SHELL = Number(process.env.FUZZ_CASES_PER_SHELL ?? 56_000);
const BATCH = 5_000;
const REQUIRED_TOTAL = 100_000;

interface Template {
  text: string;
  os: 'linux' | 'macos';
  /** Where it came from: a step of the bundled runbook, or the extra whole-word probe of one placeholder. */
  source: string;
}

/** Every command action in the parsed runbook, wherever the parser puts it. */
function commandTemplates(): Template[] {
  const { runbook } = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8'));
  assert.ok(runbook, 'the bundled runbook parses');
  const found: Template[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, where: string): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (record.kind === 'command' && typeof record.commands === 'object' && record.commands !== null) {
      const commands = record.commands as Record<string, string | undefined>;
      // windows commands are PowerShell, which Debian does not package; their quoting is unit-tested.
      for (const os of ['linux', 'macos'] as const) {
        const text = commands[os];
        if (text !== undefined) found.push({ text, os, source: `${where} (${os})` });
        // As headless --apply runs it: with its unattended options (-y) at the end.
        const unattended = record.unattended;
        if (text !== undefined && Array.isArray(unattended)) found.push({ text: `${text} ${unattended.join(' ')}`, os, source: `${where} (${os}, unattended)` });
      }
    }
    for (const [key, value] of Object.entries(record)) walk(value, typeof record.id === 'string' ? String(record.id) : key === 'steps' ? where : where);
  };
  walk(runbook, 'runbook');
  return found;
}

const RUNBOOK_TEMPLATES = commandTemplates();
// Each placeholder also as a plain argument, so that every one of them is
// filled with hostile values even when no bundled command uses it today.
const PROBES: Template[] = Object.keys(PLACEHOLDERS).map((name) => ({ text: `rm -f -- {{${name}}}`, os: 'linux', source: `probe {{${name}}}` }));
const TEMPLATES = [...RUNBOOK_TEMPLATES, ...PROBES];

const marker = (name: string): string => `h3mark${name.replace(/[^a-z0-9]/g, '')}x`;

/**
 * Placeholders that stand where a program name goes (`{{runtime.executable}} -m pip ...`).
 * Their values are made safe to run for real: a program of a hostile name in a
 * directory of our own, which logs its argv like the fakes do.
 */
function commandPositionNames(text: string): Set<string> {
  return new Set([...text.matchAll(/(?:^|[;&|(]|\$\()\s*\{\{([a-z0-9.]+)\}\}/g)].map((m) => m[1] ?? ''));
}

interface Case {
  id: number;
  template: Template;
  values: Record<string, string>;
  text: string;
  expected: Call[];
}

interface ShellFigures {
  cases: number;
  refusedPosition: number;
  refusedValue: number;
  run: number;
  ms: number;
}

const figures = new Map<string, ShellFigures>();

after(() => {
  const total = [...figures.values()].reduce((sum, f) => sum + f.cases, 0);
  const ran = [...figures.values()].reduce((sum, f) => sum + f.run, 0);
  console.log(`# fill-and-run fuzz: seed=${SEED} (replay: FUZZ_SEED=${SEED}), ${TEMPLATES.length} templates (${RUNBOOK_TEMPLATES.length} from the runbook), ${total} cases in all, ${ran} run by a shell`);
});

describe('fill-and-run fuzz', () => {
  it('finds the command templates in the bundled runbook', () => {
    assert.ok(RUNBOOK_TEMPLATES.length >= 3, `only ${RUNBOOK_TEMPLATES.length} command templates found`);
    assert.ok(RUNBOOK_TEMPLATES.some((t) => scanPlaceholders(t.text).uses.length > 0), 'no runbook command uses a placeholder');
    assert.ok(RUNBOOK_TEMPLATES.some((t) => t.source.endsWith('unattended)') && t.text.endsWith(' -y')), 'no unattended form of a command');
  });

  // The four shells run at once (each in its own process); each test waits for its own.
  const runs = new Map(TEST_SHELLS.map((shell) => [shell.name, skipUnlessAvailable([shell.name], false)]));
  let results: Map<string, ReturnType<typeof fuzzShell>> | undefined;
  const resultOf = (shell: TestShell): ReturnType<typeof fuzzShell> => {
    // Started by the first shell's test, all at once, so that they overlap.
    results ??= new Map(TEST_SHELLS.filter((s) => runs.get(s.name) === false).map((s) => [s.name, fuzzShell(s).catch(crashed)]));
    return results.get(shell.name) ?? fuzzShell(shell);
  };
  for (const shell of TEST_SHELLS) {
    it(`${shell.name}: hostile values run as one intact argument of the intended command, and create nothing`, { skip: runs.get(shell.name) ?? false }, async () => {
      const result = await resultOf(shell);
      figures.set(shell.name, result.figures);
      const f = result.figures;
      console.log(`# ${shell.name}: ${f.cases} cases, refused ${f.refusedPosition + f.refusedValue} (placeholder position ${f.refusedPosition}, value ${f.refusedValue}), run ${f.run}, ${f.ms} ms, seed ${SEED}`);
      assert.deepEqual(result.failures, [], `seed ${SEED}: ${result.failures.length} failing cases in ${shell.name}`);
      assert.ok(f.run > f.cases / 10, `too few cases ran (${f.run} of ${f.cases}): the values or templates no longer exercise quoting`);
    });
  }

  it(`runs at least ${REQUIRED_TOTAL} cases in all, refused values not counted`, { skip: skipUnlessAvailable(TEST_SHELLS.map((s) => s.name), false) }, () => {
    const ran = [...figures.values()].reduce((sum, f) => sum + f.run, 0);
    if (process.env.FUZZ_CASES_PER_SHELL === undefined) assert.ok(ran >= REQUIRED_TOTAL, `${ran} cases ran`);
  });
});

/** A harness error becomes this shell's failure instead of an unhandled rejection in another test. */
function crashed(error: unknown): { figures: ShellFigures; failures: string[] } {
  return { figures: { cases: 0, refusedPosition: 0, refusedValue: 0, run: 0, ms: 0 }, failures: [`the harness failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`] };
}

async function fuzzShell(shell: TestShell): Promise<{ figures: ShellFigures; failures: string[] }> {
  const started = Date.now();
  const random = seededRandom(SEED ^ hashString(shell.name));
  const scratch = mkdtempSync(join(tmpdir(), `h3-fuzz-${shell.name}-`));
  const work = mkdtempSync(join(tmpdir(), `h3-fuzz-scripts-${shell.name}-`));
  const log = join(scratch, 'log');
  const script = join(work, 'batch');
  const fakeBin = join(work, 'bin');
  mkdirSync(fakeBin);
  const fakeProgram = (name: string): string => {
    const path = join(fakeBin, name);
    writeFileSync(path, `#!/bin/sh\nprintf '%s\\0' "$0" "$@" '' >> '${log}'\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const programs = [...new Set(['__case', ...TEMPLATES.flatMap((t) => programsCalled(t.text))])];
  const prelude = fakePrelude(shell, programs, log);
  const failures: string[] = [];
  const figures: ShellFigures = { cases: 0, refusedPosition: 0, refusedValue: 0, run: 0, ms: 0 };
  try {
    const references = await referenceCalls(shell, prelude, scratch, log, script, failures, (name) => fakeProgram(marker(name)));
    let batch: Case[] = [];
    for (let id = 0; id < CASES_PER_SHELL; id++) {
      figures.cases += 1;
      const template = random.pick(TEMPLATES);
      const values: Record<string, string> = {};
      const programs = commandPositionNames(template.text);
      for (const { name } of scanPlaceholders(template.text).uses) {
        if (programs.has(name)) values[name] ??= `${fakeBin}/${hostileFileName(random)}`;
        else values[name] ??= random.chance(0.35) ? hostileValue(random) : plausibleValue(name, template.os, random);
      }
      const filled = fillCommand(template.text, values, shell.kind, { os: template.os });
      if (filled.positionProblems.length > 0) { figures.refusedPosition += 1; continue; }
      if (filled.missing.length > 0 || filled.rejected.length > 0) { figures.refusedValue += 1; continue; }
      const reference = references.get(template.text);
      if (reference === undefined) { failures.push(`no reference run for ${template.text}`); continue; }
      const byMarker = new Map(Object.entries(values).map(([name, value]) => [marker(name), value]));
      for (const name of programs) {
        const value = values[name] ?? '';
        fakeProgram(value.slice(fakeBin.length + 1));
        byMarker.set(join(fakeBin, marker(name)), value);
      }
      batch.push({ id, template, values, text: filled.text, expected: reference.map((call) => call.map((arg) => byMarker.get(arg) ?? arg)) });
      figures.run += 1;
      if (batch.length === BATCH) {
        await runBatch(shell, prelude, batch, scratch, log, script, failures);
        batch = [];
      }
    }
    if (batch.length > 0) await runBatch(shell, prelude, batch, scratch, log, script, failures);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
  figures.ms = Date.now() - started;
  return { figures, failures };
}

/** The template with each placeholder replaced as it is (marker words need no quoting): the reference, apart from fillCommand. */
function substituteVerbatim(text: string, values: Record<string, string>): string {
  let out = '';
  let from = 0;
  for (const use of scanPlaceholders(text).uses) {
    out += text.slice(from, use.start) + values[use.name]!;
    from = use.end;
  }
  return out + text.slice(from);
}

/** What each sound template runs when its placeholders hold plain marker words. */
async function referenceCalls(shell: TestShell, prelude: string, scratch: string, log: string, script: string, failures: string[], programPath: (name: string) => string): Promise<Map<string, Call[]>> {
  const sound = [...new Set(TEMPLATES.filter((t) => placeholderPositionProblems(t.text, shell.kind).length === 0).map((t) => t.text))];
  const lines = sound.flatMap((text, index) => {
    const programs = commandPositionNames(text);
    const markers = Object.fromEntries(scanPlaceholders(text).uses.map((u) => [u.name, programs.has(u.name) ? programPath(u.name) : marker(u.name)]));
    return [`__case r${index}`, substituteVerbatim(text, markers)];
  });
  writeFileSync(log, '');
  const { code, stderr } = await runScript(shell, script, prelude, lines, scratch, dirname(script), 60_000);
  if (code !== 0) failures.push(`reference run exited with ${code}: ${stderr.slice(0, 500)}`);
  const byCase = splitByCase(readCalls(log));
  return new Map(sound.map((text, index) => [text, byCase.get(`r${index}`) ?? []]));
}

async function runBatch(shell: TestShell, prelude: string, batch: readonly Case[], scratch: string, log: string, script: string, failures: string[]): Promise<void> {
  writeFileSync(log, '');
  const { code, stderr } = await runScript(shell, script, prelude, batch.flatMap((c) => [`__case ${c.id}`, c.text]), scratch, dirname(script), 300_000);
  if (code !== 0) failures.push(`${shell.name} exited with ${code} on a batch: ${stderr.slice(0, 800)}`);
  const created = readdirSync(scratch).filter((f) => f !== 'log');
  if (created.length > 0) failures.push(`files created in the scratch directory: ${created.join(', ')} (batch of cases ${batch[0]?.id}..${batch[batch.length - 1]?.id})`);
  const byCase = splitByCase(readCalls(log));
  for (const c of batch) {
    const got = byCase.get(String(c.id)) ?? [];
    if (JSON.stringify(got) === JSON.stringify(c.expected)) continue;
    if (failures.length < 10) {
      failures.push(`case ${c.id} (${c.template.source}): ${JSON.stringify(c.template.text)} with ${JSON.stringify(c.values)}\n  ran ${JSON.stringify(c.text)}\n  calls ${JSON.stringify(got)}\n  expected ${JSON.stringify(c.expected)}`);
    } else if (failures.length === 10) failures.push('(more cases failed)');
  }
}

/** Groups calls by the `__case ID` call that precedes them. */
function splitByCase(calls: readonly Call[]): Map<string, Call[]> {
  const byCase = new Map<string, Call[]>();
  let current: Call[] | undefined;
  for (const call of calls) {
    if (call[0] === '__case' && call.length === 2) {
      current = [];
      byCase.set(call[1] ?? '', current);
    } else current?.push(call);
  }
  return byCase;
}
