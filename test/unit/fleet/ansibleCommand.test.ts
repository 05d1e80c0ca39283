// The Ansible command a host's row copies: refused inputs with their reasons,
// and the line itself run for real: pasted into bash, dash, zsh and fish, read
// by the real ansible-playbook, whose tasks write back the variables they got
// and the hosts they ran on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ansibleCommand, type AnsibleCommandInput } from '../../../src/core/fleet/ansibleCommand';
import { skipUnlessAvailable } from '../../support/prerequisites';

const HOSTILE = "it's \"policy\" $(touch pwned) `id` ${HOME} \\n \\ * ? ~ ! # ; & | < > é \u202e gnp.exe 😀\ttab\nnext line %s";

const base: AnsibleCommandInput = { inventory: 'fleet/hosts.ini', playbook: 'ansible/dht-runbook.yml', hosts: ['web1'], variables: { decision: 'not permitted', justification: 'P2P is banned by policy SEC-7', apply: true, steps: ['stop-process'] } };

describe('ansibleCommand: the line', () => {
  it('names the inventory, the host, the variables as one JSON, then the playbook', () => {
    const built = ansibleCommand(base);
    assert.ok(built.ok);
    assert.equal(built.command, `ansible-playbook -i fleet/hosts.ini --limit web1 --extra-vars '{"dht_decision":"not permitted","dht_justification":"P2P is banned by policy SEC-7","dht_apply":true,"dht_steps":"stop-process"}' ansible/dht-runbook.yml`);
  });

  it('passes only the variables given: no decision means detection and verification only', () => {
    const built = ansibleCommand({ ...base, variables: {} });
    assert.ok(built.ok);
    assert.deepEqual(built.argv, ['ansible-playbook', '-i', 'fleet/hosts.ini', '--limit', 'web1', '--extra-vars', '{}', 'ansible/dht-runbook.yml']);
  });

  it('limits to several hosts with commas, and adds a trailing comma when a name holds a colon (IPv6)', () => {
    const two = ansibleCommand({ ...base, hosts: ['web1', 'db2.example.com'] });
    assert.ok(two.ok);
    assert.equal(two.argv[4], 'web1,db2.example.com');
    const v6 = ansibleCommand({ ...base, hosts: ['2001:db8::5'] });
    assert.ok(v6.ok);
    assert.equal(v6.argv[4], '2001:db8::5,');
    const all = ansibleCommand({ ...base, hosts: [] });
    assert.ok(all.ok);
    assert.ok(!all.argv.includes('--limit'));
  });

  it('is ASCII only: a bidi control or an emoji in the justification is a JSON escape', () => {
    const built = ansibleCommand({ ...base, variables: { ...base.variables, justification: 'ok \u202e 😀 é' } });
    assert.ok(built.ok);
    assert.match(built.command, /^[\x20-\x7e]+$/);
    assert.ok(built.command.includes('ok \\u202e \\ud83d\\ude00 \\u00e9'));
  });

  it('keeps a path that starts with "-" from being read as an option', () => {
    const built = ansibleCommand({ ...base, inventory: '-hosts.ini' });
    assert.ok(built.ok);
    assert.equal(built.argv[2], './-hosts.ini');
  });
});

describe('ansibleCommand: refusals, each with its reason', () => {
  const cases: [string, Partial<AnsibleCommandInput>, RegExp][] = [
    ['a decision without justification', { variables: { decision: 'not permitted', justification: '  ' } }, /needs a justification/],
    ['apply without a decision', { variables: { apply: true } }, /applying remediation needs a decision/],
    ['a step id with a space', { variables: { ...base.variables, steps: ['stop process'] } }, /"stop process" is not a step id/],
    ['a Jinja expression in the justification', { variables: { ...base.variables, justification: "{{ lookup('pipe', 'id') }}" } }, /the justification contains "\{\{", which Ansible would evaluate as a template/],
    ['a Jinja statement in the records folder', { variables: { fetchDir: '/srv/{% raw %}' } }, /the records folder contains "\{%"/],
    ['an exclusion pattern as host', { hosts: ['!web1'] }, /reads as a host pattern \(!\)/],
    ['a glob as host', { hosts: ['web*'] }, /reads as a host pattern \(\*\)/],
    ['a limit file as host', { hosts: ['@retry'] }, /host pattern \(@\)/],
    ['a comma inside a host name', { hosts: ['a,b'] }, /host pattern \(,\)/],
    ['an empty host name', { hosts: [''] }, /a host name is empty/],
    ['a line break in the inventory path', { inventory: 'hosts\n.ini' }, /the inventory path holds a NUL or a line break/],
  ];
  for (const [what, change, reason] of cases) {
    it(`refuses ${what}`, () => {
      const built = ansibleCommand({ ...base, ...change });
      assert.equal(built.ok, false);
      assert.ok(!built.ok && built.problems.some((p) => reason.test(p)), JSON.stringify(built));
    });
  }
});

// The playbook stands in for ansible/dht-runbook.yml: same variables, but it only writes down what it received.
const ECHO_PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: Write down the variables this host got
      ansible.builtin.copy:
        dest: "{{ out_dir }}/{{ inventory_hostname }}.json"
        content: "{{ {'decision': dht_decision | default(none), 'justification': dht_justification | default(none), 'apply_is_boolean_true': dht_apply is defined and dht_apply is sameas true, 'steps': dht_steps | default(none), 'fetch': dht_fetch_dir | default(none)} | to_json }}"
      delegate_to: localhost
`;

const skip = skipUnlessAvailable(['ansible-playbook', 'bash', 'dash', 'zsh', 'fish'], false);

describe('ansibleCommand: the real ansible-playbook, through real shells', { skip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ansible-command-'));
    writeFileSync(join(dir, 'hosts.ini'), ['web1', 'web2', 'db3'].map((h) => `${h} ansible_connection=local ansible_python_interpreter=/usr/bin/python3`).join('\n') + `\n[all:vars]\nout_dir=${dir}/out\n`);
    writeFileSync(join(dir, 'echo.yml'), ECHO_PLAYBOOK);
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  function runIn(shell: string, command: string): Promise<{ code: number; output: string }> {
    return new Promise((done) => {
      execFile(shell, ['-c', command], { cwd: dir, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'), ANSIBLE_RETRY_FILES_ENABLED: 'false' } }, (error, stdout, stderr) => {
        done({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, output: `${stdout}${stderr}` });
      });
    });
  }

  for (const shell of ['bash', 'dash', 'zsh', 'fish']) {
    it(`${shell}: the host limit and every variable arrive exactly, a hostile justification included`, async () => {
      const out = join(dir, 'out');
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      const built = ansibleCommand({
        inventory: 'hosts.ini', playbook: 'echo.yml', hosts: ['web2'], shell: shell === 'fish' ? 'fish' : 'posix',
        variables: { decision: 'not permitted', justification: HOSTILE, apply: true, steps: ['stop-process', 'disable-service'], fetchDir: `${dir}/records of 'fleet'` },
      });
      assert.ok(built.ok, JSON.stringify(built));
      const ran = await runIn(shell, built.command);
      assert.equal(ran.code, 0, ran.output);
      assert.deepEqual(readdirSync(out), ['web2.json'], 'only the limited host ran');
      const got = JSON.parse(readFileSync(join(out, 'web2.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(got, { decision: 'not permitted', justification: HOSTILE.trim(), apply_is_boolean_true: true, steps: 'stop-process,disable-service', fetch: `${dir}/records of 'fleet'` });
      assert.throws(() => readFileSync(join(dir, 'pwned')), /ENOENT/, 'nothing in the justification ran');
    });
  }

  it('without a limit, every host of the inventory runs', async () => {
    const out = join(dir, 'out');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const built = ansibleCommand({ inventory: 'hosts.ini', playbook: 'echo.yml', variables: {} });
    assert.ok(built.ok);
    const ran = await runIn('bash', built.command);
    assert.equal(ran.code, 0, ran.output);
    assert.deepEqual(readdirSync(out).sort(), ['db3.json', 'web1.json', 'web2.json']);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'web1.json'), 'utf8')), { decision: null, justification: null, apply_is_boolean_true: false, steps: null, fetch: null });
  });
});
