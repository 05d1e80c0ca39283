import { skipUnlessAvailable } from '../../../support/prerequisites';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  fillCommand, isPlaceholderName, quotePosix, quotePowerShell, scanPlaceholders, unsafeValueReason,
} from '../../../../src/core/runbook/placeholders';

/** Names a hostile program could give itself. */
const HOSTILE = [
  "a'b; rm -rf /",
  '$(reboot)',
  '`reboot`',
  'a"b',
  'x && y || z; w',
  'tab\there'.replace('\t', ' '),
  '*',
  '~root',
  '!!',
  '%1',
  '=ls',
  'a\\b',
  "it\u2019s \u2018quoted\u2019",
  '$env:PATH',
  '@(1,2)',
  '{ malicious }',
  'naïve 名前',
];

describe('scanPlaceholders', () => {
  it('finds each {{name}} with its offsets', () => {
    assert.deepEqual(scanPlaceholders('kill {{process.pid}}; systemctl stop {{service}}'), {
      uses: [{ name: 'process.pid', start: 5, end: 20 }, { name: 'service', start: 37, end: 48 }],
      errors: [],
    });
  });

  it('reports a malformed or unclosed placeholder instead of passing it through', () => {
    assert.equal(scanPlaceholders('{{ service }}').errors.length, 1);
    assert.equal(scanPlaceholders('{{Service}}').errors.length, 1);
    assert.equal(scanPlaceholders('echo {{service').errors.length, 1);
    assert.deepEqual(scanPlaceholders('echo }} {'), { uses: [], errors: [] });
  });

  it('knows the declared placeholders and nothing else', () => {
    for (const name of ['process.name', 'process.pid', 'process.executable', 'package', 'service']) assert.ok(isPlaceholderName(name), name);
    for (const name of ['process', 'constructor', 'toString', '__proto__', 'pid']) assert.ok(!isPlaceholderName(name), name);
  });
});

describe('fillCommand: what it has and what it lacks', () => {
  it('fills what it has and lists what it lacks, once each, leaving those as written', () => {
    assert.deepEqual(fillCommand('systemctl stop {{service}}; kill {{process.pid}}; apt-get remove {{package}} {{package}}', { service: 'transmission-daemon.service', 'process.pid': undefined }, 'posix', { os: 'linux' }), {
      text: 'systemctl stop transmission-daemon.service; kill {{process.pid}}; apt-get remove {{package}} {{package}}',
      missing: ['process.pid', 'package'], rejected: [], positionProblems: [],
    });
  });

  it('does not read values off the object prototype', () => {
    assert.deepEqual(fillCommand('echo {{constructor}}', {}, 'posix').missing, ['constructor']);
  });
});

describe('shell quoting', () => {
  it('leaves plain names and numbers bare, so commands read naturally', () => {
    for (const value of ['transmission-daemon', 'qbittorrent', '1234', 'org.qbittorrent.qBittorrent', 'libtorrent-rasterbar2.0']) {
      assert.equal(quotePosix(value), value);
      assert.equal(quotePowerShell(value), value);
    }
    assert.equal(quotePosix('/usr/bin/transmission-daemon'), '/usr/bin/transmission-daemon');
  });

  it('single-quotes anything else for POSIX shells, closing and reopening around a quote', () => {
    assert.equal(quotePosix("a'b; rm -rf /"), "'a'\\''b; rm -rf /'");
    assert.equal(quotePosix('$(reboot)'), "'$(reboot)'");
    assert.equal(quotePosix(''), "''");
  });

  it('single-quotes for PowerShell, doubling every kind of single quote it knows', () => {
    assert.equal(quotePowerShell("a'b; rm -rf /"), "'a''b; rm -rf /'");
    assert.equal(quotePowerShell('it\u2019s'), "'it\u2019\u2019s'");
    assert.equal(quotePowerShell('$env:PATH'), "'$env:PATH'");
    // Words PowerShell would read as numbers are quoted so they stay text.
    for (const value of ['1e5', '0x10', '007', '1kb']) assert.equal(quotePowerShell(value), `'${value}'`);
  });

  for (const shell of ['/bin/sh', '/bin/dash', '/bin/bash', '/bin/zsh']) {
    it(`gives ${shell} back every hostile value unchanged`, { skip: skipUnlessAvailable([shell], false) }, () => {
      for (const value of HOSTILE) {
        const printed = execFileSync(shell, ['-c', `printf '%s' ${quotePosix(value)}`], { encoding: 'utf8' });
        assert.equal(printed, value);
      }
    });
  }

  const pwsh = ['/usr/bin/pwsh', '/usr/local/bin/pwsh', '/opt/microsoft/powershell/7/pwsh'].find((p) => existsSync(p));
  it('gives PowerShell back every hostile value unchanged', { skip: pwsh === undefined ? 'pwsh is not installed (PowerShell is not a Debian package, so CI cannot install it; the PowerShell quoting is checked by the unit tests above)' : false }, () => {
    for (const value of HOSTILE) {
      const printed = execFileSync(pwsh ?? 'pwsh', ['-NoProfile', '-NonInteractive', '-Command', `[Console]::Out.Write(${quotePowerShell(value)})`], { encoding: 'utf8' });
      assert.equal(printed, value);
    }
  });
});

describe('fillCommand', () => {
  it('quotes each value for the shell of the OS', () => {
    const values = { 'process.name': "a'b; rm -rf /", 'process.pid': '4242' };
    assert.deepEqual(fillCommand('pkill -x {{process.name}} || kill {{process.pid}}', values, 'posix'), {
      text: "pkill -x 'a'\\''b; rm -rf /' || kill 4242", missing: [], rejected: [],  positionProblems: [],
    });
    assert.deepEqual(fillCommand('Get-Process -Name {{process.name}}', values, 'powershell'), {
      text: "Get-Process -Name 'a''b; rm -rf /'", missing: [], rejected: [], positionProblems: [],
    });
  });

  it('runs a filled command with a hostile name as one harmless argument', { skip: existsSync('/bin/sh') ? false : 'no /bin/sh' }, () => {
    const { text } = fillCommand("printf '[%s]' {{process.name}}", { 'process.name': "a'b; echo pwned" }, 'posix');
    assert.equal(execFileSync('/bin/sh', ['-c', text], { encoding: 'utf8' }), "[a'b; echo pwned]");
  });

  it('rejects values no quoting makes safe, and leaves their placeholders in place', () => {
    const values = { 'process.name': 'evil\nreboot', package: '--purge', service: '', 'process.executable': 'x\u001b[2J' };
    const filled = fillCommand('{{process.name}} {{package}} {{service}} {{process.executable}} {{process.pid}}', values, 'posix');
    assert.equal(filled.text, '{{process.name}} {{package}} {{service}} {{process.executable}} {{process.pid}}');
    assert.deepEqual(filled.missing, ['process.pid']);
    assert.deepEqual(filled.rejected.map((r) => r.name), ['process.name', 'package', 'service', 'process.executable']);
    assert.match(filled.rejected[1]?.reason ?? '', /option/);
  });

  it('rejects C1 controls and oversized values', () => {
    assert.match(unsafeValueReason('a\u009bb') ?? '', /control/);
    assert.match(unsafeValueReason('a'.repeat(5000)) ?? '', /longer/);
    assert.equal(unsafeValueReason('a b'), undefined);
  });
});
