// For a suspect process: which package installed its program, and which
// service starts it. The remediation step needs both to remove a client for
// good (stop the service, remove the package), and each answer keeps the
// commands and raw output it rests on. On Linux both come from
// lookupProgramFacts, which finds the program an interpreter runs (Deluge's
// /usr/bin/deluged, not python3.11).
import { parseCgroup } from '../../core/sockets/parseCgroup';
import { brewFormulaFromPath, parseDpkgSearch, parseRpmQuery, usrMergeAlternatives } from '../../core/sockets/parsePackageOwner';
import type { InstallKind, ProgramFacts, ServiceFacts } from '../../core/programs/types';
import type { SocketProcess, ToolEvidence } from '../../core/sockets/types';
import { lookupProgramFacts } from '../programs/lookupProgramFacts';
import { readFileEvidence } from './fileEvidence';
import { evidenceOf, runTool } from './runTool';

export interface PackageOwner {
  manager: 'dpkg' | 'rpm' | 'brew' | 'snap' | 'none';
  /** Packages that own the program file; empty when none was found. */
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
    service: await lookupServiceOwner(holder.pid),
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
    packages: manager !== 'none' && install.package !== undefined ? [install.package] : [],
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

/** The package that installed `path`, by the package manager this host has. */
export async function lookupPackageOwner(path: string | undefined, options: OwnerLookupOptions = {}, evidence: ToolEvidence[] = [], reason?: string): Promise<PackageOwner> {
  if (path === undefined) return { manager: 'none', packages: [], reason: reason ?? 'The program file is unknown.', evidence };
  const file = path.replace(/ \(deleted\)$/, '');
  const replaced = file !== path ? ' The running program file has since been replaced or removed (an upgrade or an uninstall); restart or stop the process.' : '';
  if (process.platform === 'win32') {
    return { manager: 'none', packages: [], path: file, reason: 'Windows has no command that names the installer of a program file; look for it under Settings > Apps > Installed apps, or in `winget list`.', evidence };
  }
  const snap = /^\/snap\/([^/]+)\//.exec(file)?.[1];
  if (snap !== undefined) return { manager: 'snap', packages: [snap], path: file, reason: `The path lies inside the snap "${snap}" (remove with: snap remove ${snap}).${replaced}`, evidence };
  if (process.platform === 'darwin') return brewOwner(file, options, evidence);

  const candidates = [file, ...usrMergeAlternatives(file)];
  const dpkg = await ownerByTool('dpkg', candidates, (p) => ['-S', p], (out, p) => parseDpkgSearch(out, p), options, evidence);
  if (dpkg !== undefined) return withNote(dpkg, replaced);
  const rpm = await ownerByTool('rpm', candidates, (p) => ['-qf', '--queryformat', '%{NAME}\\n', p], parseRpmQuery, options, evidence);
  if (rpm !== undefined) return withNote(rpm, replaced);
  const ran = evidence.some((e) => (e.command === 'dpkg' || e.command === 'rpm') && e.error === undefined);
  const why = ran
    ? `No package owns ${file}: it was installed by hand, from an archive, or by a language package manager (pip, npm), or it is an AppImage.`
    : 'Neither dpkg nor rpm is available on this host.';
  return { manager: 'none', packages: [], path: file, reason: why + replaced, evidence };
}

/** Asks one package tool about each spelling of the path; undefined when the tool is missing or knows none. */
async function ownerByTool(
  tool: 'dpkg' | 'rpm', candidates: string[], argsFor: (path: string) => string[], parse: (output: string, path: string) => string[],
  options: OwnerLookupOptions, evidence: ToolEvidence[],
): Promise<PackageOwner | undefined> {
  for (const candidate of candidates) {
    // dpkg -S takes a glob pattern; a path with glob characters would match other files.
    if (tool === 'dpkg' && /[*?[\]\\]/.test(candidate)) continue;
    const run = await runTool(tool, argsFor(candidate), options);
    evidence.push(evidenceOf(run));
    if (run.missing) return undefined;
    const packages = run.exitCode === 0 ? parse(run.stdout, candidate) : [];
    if (packages.length > 0) return { manager: tool, packages, path: candidate, evidence };
  }
  return undefined;
}

function withNote(owner: PackageOwner, note: string): PackageOwner {
  return note === '' ? owner : { ...owner, reason: note.trim() };
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

/** The systemd unit that runs `pid`, read from /proc/<pid>/cgroup. */
export async function lookupServiceOwner(pid: number): Promise<ServiceOwner> {
  if (process.platform === 'darwin') {
    return { manager: 'none', reason: `launchd jobs are not looked up here; \`sudo launchctl procinfo ${pid}\` names the job that started the process.`, evidence: [] };
  }
  if (process.platform === 'win32') {
    return { manager: 'none', reason: `Windows services are not looked up here; \`tasklist /svc /fi "PID eq ${pid}"\` names the services inside the process.`, evidence: [] };
  }
  const read = await readFileEvidence(`/proc/${pid}/cgroup`);
  const evidence = [read.evidence];
  if (read.text === undefined) return { manager: 'none', reason: `/proc/${pid}/cgroup could not be read: the process may have ended.`, evidence };
  const placement = parseCgroup(read.text);
  if (placement === undefined) return { manager: 'none', reason: 'The cgroup file names no systemd hierarchy, so systemd does not manage this process.', evidence };
  if (placement.serviceUnit !== undefined) {
    const service: ServiceOwner = { manager: 'systemd', unit: placement.serviceUnit, evidence };
    if (placement.userUnit) {
      service.userUnit = true;
      if (placement.userUid !== undefined) service.userUid = placement.userUid;
      service.reason = `A user unit: its user stops it with \`systemctl --user stop ${placement.serviceUnit}\` and \`systemctl --user disable ${placement.serviceUnit}\`.`;
    }
    return service;
  }
  if (placement.refusedUnit !== undefined) return { manager: 'none', reason: placement.refusedUnit.reason, evidence };
  if (placement.scope !== undefined) {
    return { manager: 'none', scope: placement.scope, reason: `No service runs it: the process lives in ${placement.scope}, a login session or a container, so it was started by hand or by that container.`, evidence };
  }
  return { manager: 'none', reason: `No service runs it: its cgroup is "${placement.path}", outside any systemd unit (systemd may not be the init system here).`, evidence };
}
