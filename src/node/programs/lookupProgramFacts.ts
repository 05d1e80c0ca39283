// For one process: the process itself, the file that really is its program
// (the script, not the interpreter), how that file was installed and whether
// its package may be removed, and what starts the process. Every file read and
// command run is kept as evidence, in the order it happened.
import { programFromCommandLine } from '../../core/programs/commandLine';
import { installKindFromPath } from '../../core/programs/installKind';
import { parseProcStat, startTimestamp } from '../../core/programs/procStat';
import { pythonModuleCandidates } from '../../core/programs/pythonModule';
import { removalRefusal } from '../../core/programs/refusal';
import { cgroupScope, serviceFromCgroup } from '../../core/programs/service';
import type { InstallFacts, ProcessFacts, ProgramFacts, ProgramFile, RemovalRefusal, RuntimeFacts, ServiceFacts } from '../../core/programs/types';
import { cmdlineArgs, parseStatusUid } from '../../core/sockets/parseProcFiles';
import type { SocketProcess, ToolEvidence } from '../../core/sockets/types';
import { clockTicksPerSecond } from './clockTicks';
import { hostFacts, type HostFacts } from './hostFacts';
import { firstExisting, packageJsonsFor, pipRecordsFor, realPathOf } from './languageFiles';
import { debDependents, debFields, fileOwners, rpmDependents, type OwnerTool, type QueryOptions } from './packageQueries';
import { bootTimeSeconds, readProcFiles, type ProcFiles } from './procFacts';

export interface ProgramLookupOptions extends QueryOptions {
  /** More installed dependents than this refuse removal (default 5). */
  readonly maxDependents?: number;
  /** Another /proc (tests). */
  readonly procRoot?: string;
}

export interface ProgramLookup {
  readonly facts: ProgramFacts;
  readonly evidence: ToolEvidence[];
}

export async function lookupProgramFacts(target: number | SocketProcess, options: ProgramLookupOptions = {}): Promise<ProgramLookup> {
  const pid = typeof target === 'number' ? target : target.pid;
  const procRoot = options.procRoot ?? '/proc';
  const [files, host, ticks, boot] = await Promise.all([readProcFiles(pid, procRoot), hostFacts(), clockTicksPerSecond(), bootTimeSeconds(procRoot)]);
  const evidence = files.evidence;
  const argv = files.cmdline === undefined ? undefined : cmdlineArgs(files.cmdline);
  const processFacts = processFactsOf(pid, files, argv, host, ticks, boot);
  const service: ServiceFacts = files.cgroup === undefined
    ? { manager: 'none', reason: `/proc/${pid}/cgroup could not be read: the process may have ended.` }
    : serviceFromCgroup(files.cgroup, host.users);

  // /proc/<pid>/exe of another user's process needs root; the socket lister may still have named the program.
  const exe = files.exe ?? (typeof target !== 'number' && files.exeError !== 'ENOENT' ? target.executable : undefined);
  if (exe === undefined) {
    const why = files.exeError === 'ENOENT' ? 'the process has ended' : 'it may not be read without root (run with sudo)';
    return { facts: { process: processFacts, install: { kind: 'unknown', note: `The program file of process ${pid} is unknown: ${why}.` }, service }, evidence };
  }
  const fromLine = programFromCommandLine(exe, argv ?? [], { ...(files.cwd === undefined ? {} : { cwd: files.cwd }), env: files.env });
  let program = fromLine.program;
  if (fromLine.module !== undefined && fromLine.runtime !== undefined) {
    const home = processFacts.uid === undefined ? undefined : host.homeOf.get(processFacts.uid);
    const file = await firstExisting(pythonModuleCandidates(fromLine.module, fromLine.runtime.executable, files.cwd, home));
    evidence.push({ command: 'find-python-module', args: [fromLine.module], rawOutput: file ?? '' });
    if (file !== undefined) {
      const whole = file.endsWith(`/${fromLine.module.replace(/\./g, '/')}.py`) || file.endsWith(`/${fromLine.module.replace(/\./g, '/')}/__main__.py`);
      program = { path: file, runtime: fromLine.runtime, module: fromLine.module, foundBy: `-m ${fromLine.module} of ${fromLine.runtime.executable}, found ${whole ? 'as' : 'through its top-level package at'} ${file}` };
    }
  }
  if (program !== undefined && !program.path.startsWith('/tmp/.mount_')) {
    const bare = program.path.replace(/ \(deleted\)$/, '');
    const real = await realPathOf(bare);
    program = { ...program, path: bare, ...(real === undefined ? {} : { realPath: real }) };
  }

  const tools: OwnerTool[] = host.manager === 'apt' ? ['dpkg'] : host.manager === undefined ? ['dpkg', 'rpm'] : ['rpm'];
  let runtime: RuntimeFacts | undefined;
  if (fromLine.runtime !== undefined) {
    // The runtime's own package, asked for only so that it is never offered for removal.
    const executable = fromLine.runtime.executable.replace(/ \(deleted\)$/, '');
    const owned = files.otherRoot ? undefined : (await fileOwners([executable], tools, evidence, options)).owners;
    runtime = { ...fromLine.runtime, ...(owned === undefined ? {} : { package: owned.packages[0]! }) };
  }
  const install = await installOf(pid, files, program, runtime, fromLine.reason ?? (fromLine.module === undefined ? undefined : `python runs the module ${fromLine.module}, whose file was not found on the usual module search path.`), host, tools, evidence, options);
  const facts: ProgramFacts = {
    process: processFacts,
    ...(program === undefined ? {} : { program }),
    ...(runtime === undefined ? {} : { runtime }),
    install,
    service,
  };
  return { facts, evidence };
}

function processFactsOf(pid: number, files: ProcFiles, argv: readonly string[] | undefined, host: HostFacts, ticks: number, boot: number | undefined): ProcessFacts {
  const stat = files.stat === undefined ? undefined : parseProcStat(files.stat);
  const uid = files.status === undefined ? undefined : parseStatusUid(files.status);
  const startedAt = stat === undefined || boot === undefined ? undefined : startTimestamp(boot, stat.startTicks, ticks);
  return {
    pid,
    ...(uid === undefined ? {} : { uid, user: host.users.get(uid) ?? String(uid) }),
    ...(stat === undefined ? {} : { startTicks: stat.startTicks, name: stat.comm }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(argv === undefined || argv.length === 0 ? {} : { commandLine: argv }),
    ...(files.exe === undefined ? {} : { executable: files.exe }),
    ...(files.cwd === undefined ? {} : { cwd: files.cwd }),
  };
}

async function installOf(
  pid: number, files: ProcFiles, program: ProgramFile | undefined, runtime: RuntimeFacts | undefined, noFileReason: string | undefined,
  host: HostFacts, tools: OwnerTool[], evidence: ToolEvidence[], options: ProgramLookupOptions,
): Promise<InstallFacts> {
  const scope = files.cgroup === undefined ? undefined : cgroupScope(files.cgroup);
  if (program === undefined) {
    const runtimeNote = runtime === undefined ? '' : ` The ${runtime.kind} runtime${runtime.package === undefined ? '' : ` (package ${runtime.package})`} is shared by other programs and is not offered for removal; stop the process instead.`;
    return { kind: 'unknown', note: `${noFileReason ?? 'No program file is known.'}${runtimeNote}` };
  }
  const sandboxed = files.flatpakInfo !== undefined || /^app-flatpak-/.test(scope ?? '');
  if (files.otherRoot && !sandboxed) {
    return { kind: 'unknown', note: `Process ${pid} runs under another root directory (a container or a chroot); ${program.path} is a file of that root, so the host's package database cannot tell its package. Remove the client from the container image, or stop the container.` };
  }
  const paths = [program.path, ...(program.realPath === undefined ? [] : [program.realPath])];
  const appImage = files.env.APPIMAGE !== undefined && program.path === files.env.APPIMAGE ? files.env.APPIMAGE : undefined;
  const askPackages = !sandboxed && appImage === undefined && !/^\/snap\//.test(program.realPath ?? program.path);
  const owners = askPackages ? await fileOwners(paths, tools, evidence, options) : { ranAny: false };
  const unowned = owners.owners === undefined;
  const pipRecords = unowned && askPackages ? await pipRecordsFor(paths, evidence) : [];
  const packageJsons = unowned && askPackages ? await packageJsonsFor(paths, evidence) : [];
  const rpmManager = host.manager === 'dnf' || host.manager === 'yum' || host.manager === 'zypper' ? host.manager : undefined;
  let install = installKindFromPath(program.path, {
    ...(owners.owners?.tool === 'dpkg' ? { dpkgOwners: owners.owners.packages } : {}),
    ...(owners.owners?.tool === 'rpm' ? { rpmOwners: owners.owners.packages } : {}),
    ...(rpmManager === undefined ? {} : { rpmManager }),
    ...(files.flatpakInfo === undefined ? {} : { flatpakInfo: files.flatpakInfo }),
    ...(scope === undefined ? {} : { cgroupScope: scope }),
    ...(appImage === undefined ? {} : { appImage }),
    ...(program.realPath === undefined ? {} : { realPath: program.realPath }),
    pipRecords, packageJsons, homes: host.homes,
  });
  if (askPackages && !owners.ranAny && unowned && install.kind !== 'pip' && install.kind !== 'npm') {
    install = { ...install, note: `${install.note ?? ''} Neither dpkg nor rpm could be asked on this host.`.trim() };
  }
  if (files.exe?.endsWith(' (deleted)') === true && runtime === undefined) {
    install = { ...install, note: `${install.note ?? ''} The running program file has since been replaced or removed (an upgrade or an uninstall); restart or stop the process.`.trim() };
  }
  return withRefusal(install, runtime, evidence, options);
}

/** Adds why removing the package must not be offered, and which installed packages depend on it, from the package database. */
async function withRefusal(install: InstallFacts, runtime: RuntimeFacts | undefined, evidence: ToolEvidence[], options: ProgramLookupOptions): Promise<InstallFacts> {
  if (install.package === undefined || (install.kind !== 'deb' && install.kind !== 'rpm')) return install;
  const { refusal, dependents } = await packageRemovalFacts(install.kind, install.package, runtime, evidence, options);
  return { ...install, ...(refusal === undefined ? {} : { refusal }), ...(dependents === undefined ? {} : { dependents }) };
}

export interface PackageRemovalFacts {
  readonly refusal?: RemovalRefusal;
  /** Installed packages that depend on it, when it may be removed; undefined when refused, or when the database could not answer. */
  readonly dependents?: readonly string[];
}

/**
 * Why removing the deb or rpm package `name` must not be offered, asked of the
 * package database: the running runtime's package, Essential, Priority
 * required/important, more than `maxDependents` installed dependents, and
 * last the names of runtimes and the base system. With no refusal, the
 * dependents it found (an unattended removal must have none: it would take
 * them along unseen).
 */
export async function packageRemovalFacts(
  kind: 'deb' | 'rpm', name: string, runtime: RuntimeFacts | undefined, evidence: ToolEvidence[], options: ProgramLookupOptions = {},
): Promise<PackageRemovalFacts> {
  const base = { name, ...(runtime?.package === undefined ? {} : { runtimePackage: runtime.package, runtimeKind: runtime.kind }), ...(options.maxDependents === undefined ? {} : { maxDependents: options.maxDependents }) };
  // A refused package carries its dependents in the refusal; the list is kept only for one that may be removed (a few names at most).
  const withDependents = (refusal: RemovalRefusal | undefined, dependents: string[] | undefined): PackageRemovalFacts =>
    refusal !== undefined ? { refusal } : dependents === undefined ? {} : { dependents };
  // The runtime's own package is refused without asking more (no need to list every package's dependencies).
  if (runtime?.package === name) return withDependents(removalRefusal(base), undefined);
  if (kind === 'deb') {
    const fields = await debFields(name, evidence, options);
    const withFields = { ...base, ...(fields === undefined ? {} : { fields }) };
    if (fields?.essential === true || fields?.priority === 'required' || fields?.priority === 'important') return withDependents(removalRefusal(withFields), undefined);
    const dependents = await debDependents(name, fields?.provides ?? [], evidence, options);
    return withDependents(removalRefusal({ ...withFields, ...(dependents === undefined ? {} : { dependents }) }), dependents);
  }
  const dependents = await rpmDependents(name, evidence, options);
  return withDependents(removalRefusal({ ...base, ...(dependents === undefined ? {} : { dependents }) }), dependents);
}
