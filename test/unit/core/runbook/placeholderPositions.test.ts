import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillCommand, placeholderPositionProblems, quoteFish, quotePosix, type CommandShell } from '../../../../src/core/runbook/placeholders';
import { skipUnlessAvailable } from '../../../support/prerequisites';

function problemsOf(template: string, shell: CommandShell): string[] {
  return placeholderPositionProblems(template, shell).map((p) => p.message);
}

/** Runs `script` with `shell` in a fresh scratch directory; returns what it printed and the files it created. */
function runInScratch(shell: string, script: string): { out: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'h3-positions-'));
  try {
    let out = '';
    try {
      out = execFileSync(shell, ['-c', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '');
    }
    return { out, files: readdirSync(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('placeholderPositionProblems', () => {
  const whole: [string, CommandShell][] = [
    ['sudo kill {{process.pid}}', 'posix'], ['sudo kill {{process.pid}}', 'fish'], ['Stop-Process -Id {{process.pid}}', 'powershell'],
    ['{{process.executable}} --stop', 'posix'], ['kill {{process.pid}}; echo done', 'posix'], ['kill {{process.pid}}|cat', 'fish'],
    ['kill {{process.pid}} && systemctl stop {{service}} || true', 'posix'], ['( kill {{process.pid}} )', 'posix'], ['(kill {{process.pid}})', 'posix'],
    ["sh -c 'echo stopping \"$1\" now' sh {{service}}", 'posix'], ['echo "a" {{service}} \'b\'', 'fish'], ['echo $(id -u) {{service}}', 'posix'],
    ['Get-Package -Name {{package}} | Uninstall-Package', 'powershell'], ['if ($true) { Stop-Service -Name {{service}} }', 'powershell'],
    ['cat <<EOF\nplain\nEOF\nkill {{process.pid}}', 'posix'],
  ];
  for (const [template, shell] of whole) {
    it(`accepts a whole word: ${shell} ${JSON.stringify(template)}`, () => assert.deepEqual(problemsOf(template, shell), []));
  }

  const unsound: [string, CommandShell, RegExp][] = [
    ['sh -c "echo stopping {{service}} now"', 'posix', /inside double quotes.*write `sh -c 'echo stopping "\$1" now' sh \{\{service\}\}`/],
    ["echo '{{process.name}}'", 'posix', /inside single quotes/],
    ['launchctl bootout gui/$(id -u)/{{service}}', 'posix', /joined to "gui\/\$\(id -u\)\/" before it.*sh -c 'launchctl bootout gui\/\$\(id -u\)\/"\$1"' sh \{\{service\}\}/],
    ['launchctl bootout gui/$(id -u)/{{service}}', 'fish', /joined.*fish -c 'launchctl bootout gui\/\$\(id -u\)\/\$argv\[1\]' \{\{service\}\}/],
    ['echo $(cat {{package}})', 'posix', /inside \$\(\.\.\.\)/], ['echo `cat {{package}}`', 'posix', /inside `\.\.\.`/],
    ['echo ${x:-{{package}}}', 'posix', /inside \$\{\.\.\.\}/], ['echo ${{package}}', 'posix', /follows "\$"/], ['echo ${{package}}', 'fish', /follows "\$"/],
    ['echo \\{{package}}', 'posix', /joined to "\\"/], ['echo \\{{package}}', 'fish', /joined/], ['echo x # {{package}}', 'posix', /comment/],
    ['echo x # {{package}}', 'fish', /comment/], ['kill {{process.pid}}>/dev/null', 'posix', /joined to ">\/dev\/null" after it/],
    ['cat <<EOF\n{{package}}\nEOF', 'posix', /here-document/], ['cat <<{{package}}', 'posix', /delimiter/],
    ["echo $'a\\'b' {{package}}", 'posix', /dash does not/], ['echo (cat {{package}})', 'fish', /command substitution/],
    ['echo {a,{{package}}}', 'fish', /brace expansion/], ['echo "x $(cat {{package}})"', 'fish', /inside \$\(\.\.\.\)/],
    ['Stop-Service -Name "{{service}}"', 'powershell', /double quotes.*& \{ param\(\$arg\) Stop-Service -Name "\$arg" \} \{\{service\}\}/],
    ["Stop-Service -Name \u2018{{service}}\u2019", 'powershell', /single quotes/], ['cmd --% /c {{service}}', 'powershell', /--%/],
    ['Write-Output $({{service}})', 'powershell', /\$\(\.\.\.\)/], ["@'\n{{service}}\n'@", 'powershell', /here-string/],
    ['Stop-Service -Name `{{service}}', 'powershell', /joined/], ['FOO={{service}} cmd', 'posix', /joined to "FOO="/],
  ];
  for (const [template, shell, message] of unsound) {
    it(`refuses ${shell} ${JSON.stringify(template)}`, () => {
      const problems = problemsOf(template, shell);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', message);
    });
  }

  it('gives each problem the offset of its placeholder', () => {
    assert.deepEqual(placeholderPositionProblems('echo "{{service}}" {{package}} \'{{process.name}}\'', 'posix').map((p) => [p.offset, p.name]), [[6, 'service'], [32, 'process.name']]);
  });
});

describe('fillCommand refuses unsound positions', () => {
  const HOSTILE_UNIT = "a';touch x;'$(touch y).service";

  it('fills nothing when a placeholder is not a whole word, and says why', () => {
    const filled = fillCommand('sh -c "echo stopping {{service}} now"', { service: 'transmission-daemon.service' }, 'posix', { os: 'linux' });
    assert.equal(filled.text, 'sh -c "echo stopping {{service}} now"');
    assert.deepEqual(filled.rejected.map((r) => r.name), ['service']);
    assert.match(filled.rejected[0]?.reason ?? '', /inside double quotes/);
    assert.equal(filled.positionProblems.length, 1);
  });

  it('refuses a forged unit name even in a sound position', () => {
    const filled = fillCommand('sudo systemctl stop {{service}}', { service: HOSTILE_UNIT }, 'posix', { os: 'linux' });
    assert.equal(filled.text, 'sudo systemctl stop {{service}}');
    assert.match(filled.rejected[0]?.reason ?? '', /not allowed in a unit name/);
  });

  for (const shell of ['bash', 'dash', 'zsh']) {
    it(`shows why: the old quoting of a placeholder inside double quotes runs code in ${shell}`, { skip: skipUnlessAvailable([shell], false) }, () => {
      // What fillCommand produced before positions were checked: the value's own quotes inside the author's.
      const old = `sh -c "echo stopping ${quotePosix("$(touch y)")} now"`;
      assert.deepEqual(runInScratch(shell, old).files, ['y']);
      assert.deepEqual(fillCommand('sh -c "echo stopping {{process.name}} now"', { 'process.name': '$(touch y)' }, 'posix').text, 'sh -c "echo stopping {{process.name}} now"');
    });
  }
});

describe('quoting for fish', () => {
  const VALUES = ["x\\';touch pwn;#", "a'b", 'a\\b', '\\', "\\'", '$(touch pwn)', '(touch pwn)', '{a,b}', '~root', '*', '%self', '#x', 'a"b', "it\u2019s", 'naïve 名前'];

  it('escapes only backslashes and single quotes, inside single quotes', () => {
    assert.equal(quoteFish("x\\';touch pwn;#"), "'x\\\\\\';touch pwn;#'");
    assert.equal(quoteFish('transmission-daemon.service'), 'transmission-daemon.service');
    assert.equal(quoteFish('a\\x2db.service'), "'a\\\\x2db.service'");
  });

  it('gives fish back every hostile value unchanged, and runs nothing', { skip: skipUnlessAvailable(['fish'], false) }, () => {
    for (const value of VALUES) {
      const { out, files } = runInScratch('fish', `printf '%s' ${quoteFish(value)}`);
      assert.deepEqual([out, files], [value, []], value);
    }
  });

  it("shows why: POSIX quoting of the 14-byte name x\\';touch pwn;# runs code in fish", { skip: skipUnlessAvailable(['fish'], false) }, () => {
    assert.deepEqual(runInScratch('fish', `printf '%s' ${quotePosix("x\\';touch pwn;#")}`).files, ['pwn']);
    const filled = fillCommand('printf %s {{process.name}}', { 'process.name': "x\\';touch pwn;#" }, 'fish');
    assert.deepEqual(runInScratch('fish', filled.text), { out: "x\\';touch pwn;#", files: [] });
  });
});
