// Which commands a finding is offered, filled how, on the bundled runbook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../../src/core/findings/types';
import { argvOf, planCommand, type CommandContext } from '../../../../src/core/remediation/commandPlan';
import type { CommandAction } from '../../../../src/core/runbook/model';
import { parseRunbook } from '../../../../src/core/runbook/parseRunbook';
import type { ProgramFacts } from '../../../../src/core/programs/types';

const runbook = parseRunbook(readFileSync('runbooks/bittorrent-mainline-dht.md', 'utf8')).runbook!;
const commandsOf = (stepId: string) => runbook.phases.flatMap((p) => p.steps).find((s) => s.id === stepId)!.actions.filter((a): a is CommandAction => a.kind === 'command');
const ROOT: CommandContext = { os: 'linux', shell: 'posix', isRoot: true, hasSudo: false };
const USER: CommandContext = { os: 'linux', shell: 'posix', isRoot: false, hasSudo: true };

function local(pid: number, name: string, program: Partial<ProgramFacts> & Pick<ProgramFacts, 'install'>): Finding {
  return {
    id: `local-${pid}`, where: 'this-machine', host: 'web-07', basis: 'krpc-reply', title: name, pid, processName: name,
    endpoints: [{ label: 'udp/0.0.0.0:6881', protocol: 'udp', confirmed: true }], dhtEndpoints: ['198.18.0.2:6881'],
    program: { process: { pid, startTicks: '100' }, service: { manager: 'none', reason: 'started by hand' }, ...program },
  };
}

const transmission = local(700, 'transmission-da', {
  program: { path: '/usr/bin/transmission-daemon', foundBy: 'the executable' },
  install: { kind: 'deb', manager: 'apt', package: 'transmission-daemon' },
  service: { manager: 'systemd', scope: 'system', unit: 'transmission-daemon.service' },
});
const deluge = local(900, 'deluged', {
  program: { path: '/usr/bin/deluged', foundBy: 'argv[1] of python3.11', runtime: { kind: 'python', executable: '/usr/bin/python3.11' } },
  install: { kind: 'deb', manager: 'apt', package: 'deluged' },
});
const nodeScript = local(950, 'node', {
  program: { path: '/home/alice/dht/node.js', foundBy: 'argv[1] of node', runtime: { kind: 'node', executable: '/usr/bin/node' } },
  install: { kind: 'user-copy', removablePath: '/home/alice/dht/node.js' },
});
const userUnit = local(960, 'qbittorrent-nox', {
  install: { kind: 'deb', manager: 'apt', package: 'libc6', refusal: { reason: 'libc6 is required by 1,204 installed packages', dependentCount: 1204, dependents: ['bash', 'coreutils'] } },
  service: { manager: 'systemd', scope: 'user', unit: 'qbittorrent.service', uid: 1000, user: 'alice' },
});

function offered(stepId: string, finding: Finding, context = ROOT) {
  return commandsOf(stepId).map((a) => planCommand(a, finding, context)).filter((p) => p.offered);
}

test('transmission-daemon: its own package with apt, its system unit, and no other system\'s or manager\'s command', () => {
  const uninstall = offered('uninstall-package', transmission);
  assert.deepEqual(uninstall.map((p) => p.offered && p.ready && p.text), ['apt-get remove transmission-daemon']);
  const service = offered('stop-service', transmission);
  assert.deepEqual(service.map((p) => p.offered && p.ready && p.argv), [['systemctl', 'stop', 'transmission-daemon.service'], ['systemctl', 'disable', 'transmission-daemon.service']]);
});

test('a Python program: the package of its script (deluged), never the runtime\'s; no service, so no service command', () => {
  const uninstall = offered('uninstall-package', deluge, USER);
  assert.deepEqual(uninstall.map((p) => p.offered && p.ready && p.text), ['sudo apt-get remove deluged']);
  assert.equal(offered('stop-service', deluge).length, 0);
});

test('a script run by node that no package owns: stop it and remove its path, never nodejs', () => {
  const uninstall = offered('uninstall-package', nodeScript);
  assert.deepEqual(uninstall.map((p) => p.offered && p.ready && p.argv), [['rm', '--', '/home/alice/dht/node.js']]);
  const stop = offered('stop-process', nodeScript);
  assert.deepEqual(stop.map((p) => p.offered && p.ready && p.text), ['kill 950']);
  const everything = runbook.phases.flatMap((p) => p.steps).flatMap((s) => s.actions).filter((a): a is CommandAction => a.kind === 'command').map((a) => planCommand(a, nodeScript, ROOT));
  assert.equal(everything.some((p) => p.offered && /nodejs|python3/.test(p.text)), false);
});

test('a refused package is offered with its reason and cannot run; a user unit is stopped through that user\'s manager', () => {
  const [apt] = offered('uninstall-package', userUnit);
  assert.ok(apt !== undefined && apt.offered && !apt.ready);
  assert.match(apt.problems.join(), /libc6 is required by 1,204 installed packages/);
  const service = offered('stop-service', userUnit);
  assert.deepEqual(service.map((p) => p.offered && p.ready && p.argv), [
    ['systemctl', '--user', '--machine', 'alice@', 'stop', 'qbittorrent.service'],
    ['systemctl', '--user', '--machine', 'alice@', 'disable', 'qbittorrent.service'],
  ]);
});

test('sudo: dropped for root, kept for a user who has it, and a reason when neither', () => {
  const [asUser] = offered('stop-process', transmission, USER);
  assert.ok(asUser?.offered && asUser.ready);
  assert.deepEqual(asUser.argv, ['sudo', 'kill', '700']);
  const [stuck] = offered('stop-process', transmission, { ...USER, hasSudo: false });
  assert.ok(stuck?.offered && !stuck.ready);
  assert.match(stuck.problems.join(), /sudo is not installed and you are not root/);
});

test('a remote node is never offered a local command, and says where to act', () => {
  const remote: Finding = { id: 'remote-198.18.0.9-abc', where: 'remote', host: '198.18.0.9', basis: 'krpc-reply', title: 'node on 198.18.0.9', endpoints: [], dhtEndpoints: ['198.18.0.9:6881'] };
  const [plan] = commandsOf('stop-process').map((a) => planCommand(a, remote, ROOT));
  assert.ok(plan !== undefined && !plan.offered);
  assert.match(plan.why, /on 198\.18\.0\.9/);
});

test('a package name that breaks its manager\'s rules is refused, with the rule, before any shell sees it', () => {
  const forged = local(971, 'deluged', { ...deluge.program!, install: { kind: 'deb', manager: 'apt', package: '$(touch PWNED)' } });
  const [apt] = offered('uninstall-package', forged);
  assert.ok(apt !== undefined && apt.offered && !apt.ready);
  assert.match(apt.problems.join(), /\{\{package\}\} was not filled in: .*Debian package name/);
  const npm = local(972, 'node', { install: { kind: 'npm', manager: 'npm', package: 'Bad Name' } });
  const [uninstall] = offered('uninstall-package', npm);
  assert.ok(uninstall !== undefined && uninstall.offered && !uninstall.ready, JSON.stringify(uninstall));
});

test('argvOf keeps each value one argument and refuses templates that need a shell', () => {
  assert.deepEqual(argvOf('kill {{process.pid}}', { 'process.pid': '42' }), ['kill', '42']);
  assert.deepEqual(argvOf('rm -- {{removable.path}}', { 'removable.path': "/home/a b/$(x)'.js" }), ['rm', '--', "/home/a b/$(x)'.js"]);
  assert.equal(argvOf('launchctl bootout gui/$(id -u)/{{service}}', { service: 'x' }), undefined);
  assert.equal(argvOf('echo "{{service}}"', { service: 'x' }), undefined);
});

const UNATTENDED: CommandContext = { ...ROOT, unattended: true };
const withDependents = (finding: Finding, dependents: readonly string[] | undefined): Finding => ({
  ...finding,
  program: { ...finding.program!, install: { ...finding.program!.install, ...(dependents === undefined ? {} : { dependents }) } },
});

test('unattended (headless --apply): apt-get gets -y, shown in the plan and in the argument list, when nothing installed depends on the package', () => {
  const [plan] = offered('uninstall-package', withDependents(transmission, []), UNATTENDED);
  assert.ok(plan?.offered && plan.ready, JSON.stringify(plan));
  assert.equal(plan.text, 'apt-get remove transmission-daemon -y');
  assert.deepEqual(plan.argv, ['apt-get', 'remove', 'transmission-daemon', '-y']);
  // The person at a terminal answers apt-get's question themselves: no -y there.
  const [attended] = offered('uninstall-package', withDependents(transmission, []), ROOT);
  assert.equal(attended?.offered && attended.ready && attended.text, 'apt-get remove transmission-daemon');
});

test('unattended: not run when installed packages depend on it (apt-get -y would take them along unseen), naming them', () => {
  const [plan] = offered('uninstall-package', withDependents(transmission, ['transmission-cli-extras', 'seedbox-tools']), UNATTENDED);
  assert.ok(plan?.offered && !plan.ready, JSON.stringify(plan));
  assert.match(plan.problems.join('\n'), /^2 installed packages \(transmission-cli-extras, seedbox-tools\) depend on transmission-daemon; unattended, apt would remove them too, unseen: remove it from the editor/m);
});

test('unattended: not run when detection did not learn what depends on the package', () => {
  const [plan] = offered('uninstall-package', withDependents(transmission, undefined), UNATTENDED);
  assert.ok(plan?.offered && !plan.ready, JSON.stringify(plan));
  assert.match(plan.problems.join('\n'), /unattended, apt would remove transmission-daemon without showing what depends on it, and detection did not learn that/);
});

test('unattended: a command without unattended options, or a manager that removes only its own package, is not held back', () => {
  const [stop] = offered('stop-process', transmission, UNATTENDED);
  assert.deepEqual(stop?.offered && stop.ready && stop.argv, ['kill', '700']);
  const pipProgram = local(990, 'python3', {
    program: { path: '/opt/venv/bin/btdht', foundBy: 'argv[1] of python3', runtime: { kind: 'python', executable: '/opt/venv/bin/python3' } },
    install: { kind: 'pip', manager: 'pip', package: 'btdht' },
  });
  const [pip] = offered('uninstall-package', pipProgram, UNATTENDED);
  assert.deepEqual(pip?.offered && pip.ready && pip.argv, ['/opt/venv/bin/python3', '-m', 'pip', 'uninstall', 'btdht', '-y']);
});
