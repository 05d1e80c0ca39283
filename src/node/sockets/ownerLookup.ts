// For a suspect process: which package installed its program, and which
// service starts it. The remediation step needs both to remove a client for
// good (stop the service, remove the package), and each answer keeps the
// commands and raw output it rests on. On Linux both come from
// lookupProgramFacts, which finds the program an interpreter runs (Deluge's
// /usr/bin/deluged, not python3.11) and asks dpkg/rpm (fileOwners) and the
// cgroup (serviceFromCgroup); macOS asks Homebrew, Windows names no installer.
import { brewFormulaFromPath } from '../../core/sockets/parsePackageOwner';
import type { InstallKind, ProgramFacts, ServiceFacts } from '../../core/programs/types';
import type { SocketProcess, ToolEvidence } from '../../core/sockets/types';
import { lookupProgramFacts } from '../programs/lookupProgramFacts';
import { evidenceOf, runTool } from './runTool';

export interface PackageOwner {
  manager: 'dpkg' | 'rpm' | 'brew' | 'snap' | 'none';
  /** Packages that own the program file and may be removed; empty when none was found or its removal is refused (see reason). */
  packages: string[];
  /** The file that was looked up. */
  path?: string;
  /** Why no package is named, or what else to know. */
  reason?: string;
  evidence: ToolEvidence[];
}

export interface ServiceOwner {
  manager: 'systemd' | 'none';
  /** e.g. `transmission-daemon.service`. */
  unit?: string;
  /** A user's own unit, managed with `systemctl --user` by that user. */
  userUnit?: boolean;
  userUid?: number;
  /** A login session or container scope, when no service runs the process. */
  scope?: string;
  reason?: string;
  evidence: ToolEvidence[];
}

export interface ProcessOwner {
  pid: number;
  executable?: string;
  package: PackageOwner;
  service: ServiceOwner;
  /**
   * Linux: the program behind the process (the script an interpreter runs,
   * not the interpreter), how it was installed, whether its package may be
   * removed, and its service. `package` and `service` above are read from it.
   */
  program?: ProgramFacts;
}

export interface OwnerLookupOptions {
  timeoutMs?: number;
}

export async function lookupProcessOwner(target: number | SocketProcess, options: OwnerLookupOptions = {}): Promise<ProcessOwner> {
  const holder: SocketProcess = typeof target === 'number' ? { pid: target } : target;
  if (process.platform === 'linux') {
    const { facts, evidence } = await lookupProgramFacts(holder, options);
    return ownerFromProgramFacts(facts, evidence);
  }
  const found = await executableOf(holder, options);
  const owner: ProcessOwner = {
    pid: holder.pid,
    package: await lookupPackageOwner(found.path, options, found.evidence, found.reason),
    service: lookupServiceOwner(holder.pid),
  };
  if (found.path !== undefined) owner.executable = found.path;
  return owner;
}

const MANAGER_OF_KIND: Partial<Record<InstallKind, PackageOwner['manager']>> = { deb: 'dpkg', rpm: 'rpm', snap: 'snap', homebrew: 'brew' };

/** The package and service answers in their older shape, read from the program facts. */
export function ownerFromProgramFacts(facts: ProgramFacts, evidence: ToolEvidence[]): ProcessOwner {
  const { install, program, process: proc } = facts;
  const manager = MANAGER_OF_KIND[install.kind] ?? 'none';
  const pkg: PackageOwner = {
    manager,
    // A package whose removal is refused (a runtime's, an essential one) is never named as "the package".
    packages: manager !== 'none' && install.package !== undefined && install.refusal === undefined ? [install.package] : [],
    evidence,
  };
  if (program !== undefined) pkg.path = program.path;
  const reason = [install.note, install.refusal?.reason].filter((r) => r !== undefined).join(' ');
  if (reason !== '') pkg.reason = reason;
  const cgroupRead = evidence.filter((e) => e.command === 'read-file' && /\/cgroup$/.test(e.args[0] ?? ''));
  const owner: ProcessOwner = { pid: proc.pid, package: pkg, service: serviceOwnerOf(facts.service, cgroupRead), program: facts };
  if (proc.executable !== undefined) owner.executable = proc.executable;
  return owner;
}

function serviceOwnerOf(service: ServiceFacts, evidence: ToolEvidence[]): ServiceOwner {
  if (service.manager === 'systemd' && service.scope === 'user') {
    return {
      manager: 'systemd', unit: service.unit, userUnit: true, ...(service.uid === undefined ? {} : { userUid: service.uid }),
      reason: `A user unit: its user${service.user === undefined ? '' : ` (${service.user})`} stops it with \`systemctl --user stop ${service.unit}\` and \`systemctl --user disable ${service.unit}\`.`,
      evidence,
    };
  }
  if (service.manager === 'systemd') return { manager: 'systemd', unit: service.unit, evidence };
  return { manager: 'none', reason: 'reason' in service ? service.reason : 'No systemd service runs it.', evidence };
}

async function executableOf(holder: SocketProcess, options: OwnerLookupOptions): Promise<{ path?: string; evidence: ToolEvidence[]; reason?: string }> {
  if (holder.executable !== undefined) return { path: holder.executable, evidence: [] };
  if (process.platform === 'darwin') {
    // On macOS `ps -o comm=` prints the full path of the program.
    const run = await runTool('ps', ['-o', 'comm=', '-p', String(holder.pid)], options);
    const path = run.stdout.trim();
    return path.startsWith('/') ? { path, evidence: [evidenceOf(run)] } : { evidence: [evidenceOf(run)], reason: `ps did not name the program of process ${holder.pid}.` };
  }
  return { evidence: [], reason: 'The program file of a Windows process is not looked up here; Task Manager (Details, Open file location) shows it.' };
}

/**
 * The package that installed `path` on macOS (Homebrew) and Windows (none can
 * be named); Linux asks lookupProgramFacts instead.
 */
async function lookupPackageOwner(path: string | undefined, options: OwnerLookupOptions = {}, evidence: ToolEvidence[] = [], reason?: string): Promise<PackageOwner> {
  if (path === undefined) return { manager: 'none', packages: [], reason: reason ?? 'The program file is unknown.', evidence };
  const file = path.replace(/ \(deleted\)$/, '');
  const replaced = file !== path ? ' The running program file has since been replaced or removed (an upgrade or an uninstall); restart or stop the process.' : '';
  if (process.platform === 'win32') {
    return { manager: 'none', packages: [], path: file, reason: 'Windows has no command that names the installer of a program file; look for it under Settings > Apps > Installed apps, or in `winget list`.', evidence };
  }
  const snap = /^\/snap\/([^/]+)\//.exec(file)?.[1];
  if (snap !== undefined) return { manager: 'snap', packages: [snap], path: file, reason: `The path lies inside the snap "${snap}" (remove with: snap remove ${snap}).${replaced}`, evidence };
  if (process.platform === 'darwin') return brewOwner(file, options, evidence);
  return { manager: 'none', packages: [], path: file, reason: `Package owners are not looked up on ${process.platform}.${replaced}`, evidence };
}

async function brewOwner(file: string, options: OwnerLookupOptions, evidence: ToolEvidence[]): Promise<PackageOwner> {
  const formula = brewFormulaFromPath(file);
  const bundle = /\/([^/]+\.app)\//.exec(file)?.[1];
  if (formula === undefined) {
    const where = bundle === undefined ? '' : ` It belongs to the application bundle ${bundle}: remove the bundle, or use \`brew uninstall --cask\` if Homebrew installed it.`;
    return { manager: 'none', packages: [], path: file, reason: `The file is not inside a Homebrew Cellar.${where}`, evidence };
  }
  const run = await runTool('brew', ['list', '--versions', formula], options);
  evidence.push(evidenceOf(run));
  const reason = run.exitCode === 0 ? undefined : `The path names the Homebrew formula "${formula}", but brew did not confirm it (${run.error ?? `exit code ${run.exitCode}`}).`;
  return reason === undefined ? { manager: 'brew', packages: [formula], path: file, evidence } : { manager: 'brew', packages: [formula], path: file, reason, evidence };
}

/** What starts `pid` on macOS and Windows: not looked up, but the command that would tell. Linux asks lookupProgramFacts. */
function lookupServiceOwner(pid: number): ServiceOwner {
  if (process.platform === 'darwin') {
    return { manager: 'none', reason: `launchd jobs are not looked up here; \`sudo launchctl procinfo ${pid}\` names the job that started the process.`, evidence: [] };
  }
  if (process.platform === 'win32') {
    return { manager: 'none', reason: `Windows services are not looked up here; \`tasklist /svc /fi "PID eq ${pid}"\` names the services inside the process.`, evidence: [] };
  }
  return { manager: 'none', reason: `Services are not looked up on ${process.platform}.`, evidence: [] };
}
