// Test hosts reached over SSH, as Ansible reaches real ones: each network
// namespace (test/support/netns.ts) runs its own sshd on its own address with
// a host key, config and authorized key of the test's own; the controller's
// key is made per test. Shared by the fleet tests that run the real playbook
// (test/unit/fleet/ansiblePlaybook.test.ts, scanReportToFleet.test.ts).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { TestHost } from './netns';

/** The commands the fleet tests need on this machine (the controller and the hosts share it). */
export const SSH_FLEET_COMMANDS = ['ip', 'ansible-playbook', 'ssh', 'ssh-keygen', '/usr/sbin/sshd', 'python3'];

/** Makes the controller's key pair, <scratch>/id and <scratch>/id.pub; returns the private key's path. */
export function makeControllerKey(scratch: string): string {
  const key = join(scratch, 'id');
  execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', key, '-C', 'fleet-test']);
  mkdirSync('/run/sshd', { recursive: true });
  return key;
}

export interface SshdOptions {
  /**
   * The PATH of every command run over SSH on this host (sshd's SetEnv), instead
   * of sshd's default: a host whose command path holds no node.
   */
  readonly path?: string;
}

/** sshd inside the namespace, on its address only, with a config, host key and authorized key of the test's own. */
export async function startSshd(host: TestHost, controllerKey: string, options: SshdOptions = {}): Promise<void> {
  const dir = join(host.scratch, 'sshd');
  mkdirSync(dir);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-t', 'ed25519', '-f', join(dir, 'hostkey')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${controllerKey}.pub`));
  writeFileSync(join(dir, 'sshd_config'), [
    `ListenAddress ${host.address}`, 'Port 22', `HostKey ${join(dir, 'hostkey')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'StrictModes no', 'UsePAM no', 'Subsystem sftp internal-sftp',
    ...(options.path === undefined ? [] : [`SetEnv PATH=${options.path}`]),
    '',
  ].join('\n'));
  host.spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')]);
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    if (await accepts(host.address, 22)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd in ${host.name} never listened on ${host.address}:22`);
}

const NODE_PROGRAMS = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);

/**
 * A folder of links to every program of /usr/bin and /usr/sbin but Node.js and
 * its tools: the hosts still have sh, ss, kill and python3, and no node.
 * (On Debian /bin is /usr/bin, so a PATH without that folder is the only way.)
 */
export function noNodeCommandPath(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const folder of ['/usr/sbin', '/usr/bin']) {
    for (const name of readdirSync(folder)) {
      if (NODE_PROGRAMS.has(name) || existsSync(join(dir, name))) continue;
      symlinkSync(join(folder, name), join(dir, name));
    }
  }
  return dir;
}

/** Runs a shell command on a host over SSH with the controller's key, as Ansible would log in. */
export function sshRun(host: TestHost, controllerKey: string, command: string): { code: number; stdout: string; stderr: string } {
  const ran = spawnSync('ssh', [
    '-i', controllerKey, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
    `root@${host.address}`, command,
  ], { encoding: 'utf8', timeout: 30_000 });
  return { code: ran.status ?? -1, stdout: ran.stdout, stderr: ran.stderr };
}

export interface InventoryHost {
  /** The inventory name (the folder its records come back in). */
  readonly name: string;
  readonly host: TestHost;
}

/**
 * An inventory of the test hosts under [fleet], logged in as root with the
 * controller's key. The namespaces share this machine's disk: each host gets
 * folders of its own for the executable and its records, as separate machines would have.
 */
export function writeInventory(file: string, hosts: readonly InventoryHost[], controllerKey: string, executable: string): void {
  writeFileSync(file, [
    '[fleet]',
    ...hosts.map(({ name, host }) => `${name} ansible_host=${host.address} dht_install_dir=${host.scratch}/opt dht_record_dir=${host.scratch}/runs`),
    '[fleet:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${controllerKey}`,
    'ansible_ssh_common_args="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"',
    'ansible_python_interpreter=/usr/bin/python3',
    // Root already: no sudo on the test hosts.
    'ansible_become=false',
    `dht_executable=${executable}`,
    '',
  ].join('\n'));
}

/** Runs an ansible-playbook command line through bash, with Ansible's scratch under `scratch`. */
export function runPlaybook(command: string, scratch: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile('bash', ['-c', command], {
      cwd: process.cwd(), maxBuffer: 64 << 20, timeout: 600_000,
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(scratch, 'tmp'), ANSIBLE_RETRY_FILES_ENABLED: 'false', ANSIBLE_SSH_CONTROL_PATH_DIR: join(scratch, 'cp') },
    }, (error, stdout, stderr) => done({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, output: `${stdout}${stderr}` }));
  });
}

/**
 * Ansible keeps one SSH connection per host open (ControlPersist); close them while the
 * hosts still exist, or their sshd sessions linger after the link is gone.
 */
export function closeSshMasters(scratch: string): void {
  const dir = join(scratch, 'cp');
  if (!existsSync(dir)) return;
  for (const socket of readdirSync(dir)) {
    spawnSync('ssh', ['-o', `ControlPath=${join(dir, socket)}`, '-O', 'exit', 'test-host'], { stdio: 'ignore', timeout: 5000 });
  }
}

export function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: address, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
    socket.once('timeout', () => { socket.destroy(); done(false); });
  });
}
