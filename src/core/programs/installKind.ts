// How a program file got onto the machine, from its path and what the
// package databases and the process itself said about it. Each kind has its
// own removal: a package manager's command, or removing the path by hand.
import { brewFormulaFromPath } from '../sockets/parsePackageOwner';
import { flatpakAppOfPath, flatpakAppOfScope, parseFlatpakInfo } from './flatpakInfo';
import { isGlobalNodeModules, npmPackageDirOf, npmPackageName, pipPackageOwning, type DistInfoRecord } from './languagePackages';
import { dirname, isInside } from './posixPath';
import type { InstallFacts, PackageManagerTool } from './types';

export interface InstallFactsInput {
  /** Packages `dpkg -S` named for the path (or another spelling of it). */
  readonly dpkgOwners?: readonly string[];
  /** Packages `rpm -qf` named for the path. */
  readonly rpmOwners?: readonly string[];
  /** The tool that removes RPM packages here (dnf, yum, zypper), from the host's os-release. */
  readonly rpmManager?: PackageManagerTool;
  /** /proc/<pid>/root/.flatpak-info, when the process runs in a flatpak sandbox. */
  readonly flatpakInfo?: string;
  /** The innermost cgroup scope of the process (`app-flatpak-<appid>-<n>.scope`). */
  readonly cgroupScope?: string;
  /** $APPIMAGE of the process, when the program is an AppImage. */
  readonly appImage?: string;
  /** RECORD files of the .dist-info folders that could list the path. */
  readonly pipRecords?: readonly DistInfoRecord[];
  /** package.json files from the path's folder up to its node_modules/<pkg> folder, nearest first. */
  readonly packageJsons?: readonly { readonly dir: string; readonly text: string }[];
  /** Home directories of this host's users (/etc/passwd); /home/* and /root count anyway. */
  readonly homes?: readonly string[];
  /** The file a symbolic link at `path` leads to. */
  readonly realPath?: string;
}

export function installKindFromPath(path: string, facts: InstallFactsInput = {}): InstallFacts {
  const paths = facts.realPath !== undefined && facts.realPath !== path ? [path, facts.realPath] : [path];
  const real = facts.realPath ?? path;

  const flatpak = flatpakOf(path, facts);
  if (flatpak !== undefined) return flatpak;
  const snap = /^\/snap\/([^/]+)\//.exec(real)?.[1] ?? /^\/snap\/([^/]+)\//.exec(path)?.[1];
  if (snap !== undefined) return { kind: 'snap', manager: 'snap', package: snap.replace(/_.*$/, ''), note: `The file lies inside the snap "${snap}".` };
  if (facts.appImage !== undefined) {
    return { kind: 'appimage', removablePath: facts.appImage, note: `An AppImage: one file, not installed by any package manager. Stop the process and delete ${facts.appImage}; its desktop entry, if one was made, is in ~/.local/share/applications.` };
  }
  const deb = facts.dpkgOwners ?? [];
  if (deb.length > 0) {
    const [first] = deb;
    return { kind: 'deb', manager: 'apt', package: first!, ...(deb.length > 1 ? { note: `dpkg names several packages for ${path}: ${deb.join(', ')}.` } : {}) };
  }
  const rpm = facts.rpmOwners ?? [];
  if (rpm.length > 0) {
    return { kind: 'rpm', manager: facts.rpmManager ?? 'dnf', package: rpm[0]!, ...(rpm.length > 1 ? { note: `rpm names several packages for ${path}: ${rpm.join(', ')}.` } : {}) };
  }
  const brew = paths.map(brewFormulaFromPath).find((f) => f !== undefined);
  if (brew !== undefined || /^(\/home\/linuxbrew\/\.linuxbrew|\/opt\/homebrew)\//.test(real)) {
    return brew === undefined
      ? { kind: 'homebrew', manager: 'brew', note: `The file lies in a Homebrew prefix but outside its Cellar, so no formula is named; \`brew which-formula\` or \`brew list\` may tell.`, removablePath: path }
      : { kind: 'homebrew', manager: 'brew', package: brew };
  }
  const pip = pipPackageOwning(paths, facts.pipRecords ?? []);
  if (pip !== undefined) return { kind: 'pip', manager: 'pip', package: pip.name, note: `Installed by pip: ${pip.distInfo}/RECORD lists the file.` };
  const npm = npmOf(paths, facts);
  if (npm !== undefined) return npm;
  return unowned(path, real, facts);
}

function flatpakOf(path: string, facts: InstallFactsInput): InstallFacts | undefined {
  const info = facts.flatpakInfo === undefined ? undefined : parseFlatpakInfo(facts.flatpakInfo);
  const byPath = flatpakAppOfPath(path) ?? (info?.appPath === undefined ? undefined : flatpakAppOfPath(`${info.appPath}/`));
  const appId = info?.appId ?? flatpakAppOfScope(facts.cgroupScope) ?? byPath?.appId;
  if (appId === undefined) return undefined;
  const user = byPath?.user === true;
  const where = user ? 'for one user (flatpak uninstall --user)' : 'system-wide';
  const inside = path.startsWith('/app/') ? ` ${path} is the path inside the sandbox.` : '';
  return { kind: 'flatpak', manager: 'flatpak', package: appId, note: `A flatpak app installed ${where}.${inside}` };
}

function npmOf(paths: readonly string[], facts: InstallFactsInput): InstallFacts | undefined {
  const packageDir = paths.map(npmPackageDirOf).find((d) => d !== undefined);
  if (packageDir === undefined) return undefined;
  const named = npmPackageName(facts.packageJsons ?? []);
  if (named === undefined) {
    return { kind: 'unpackaged', removablePath: packageDir, note: `The file lies in ${packageDir}, but no package.json there names an npm package.` };
  }
  if (isGlobalNodeModules(packageDir)) {
    return { kind: 'npm', manager: 'npm', package: named.name, note: `A global npm install (${packageDir}): npm uninstall -g ${named.name}, with the prefix it was installed under.` };
  }
  const project = dirname(dirname(packageDir.replace(/\/@[^/]+\/[^/]+$/, '/x')));
  return { kind: 'npm', manager: 'npm', package: named.name, note: `A dependency of the project in ${project}: npm uninstall ${named.name} there, or remove the project.` };
}

function unowned(path: string, real: string, facts: InstallFactsInput): InstallFacts {
  const homes = [...(facts.homes ?? []), '/home', '/root'].filter((h) => h !== '/' && h !== '');
  const home = homes.find((h) => isInside(real, h) || isInside(path, h));
  const none = `No package owns ${path}`;
  if (home !== undefined) return { kind: 'user-copy', removablePath: path, note: `${none}: it is a copy under the home directory ${home}. Stop the process and remove the file.` };
  const opt = /^\/opt\/[^/]+/.exec(real)?.[0];
  if (opt !== undefined) return { kind: 'opt', removablePath: opt, note: `${none}: it was unpacked into ${opt}. Stop the process and remove that folder.` };
  if (isInside(real, '/usr/local')) return { kind: 'opt', removablePath: path, note: `${none}: it was installed by hand under /usr/local. Stop the process and remove the file.` };
  return { kind: 'unpackaged', removablePath: path, note: `${none}: it was installed by hand, from an archive, or it is a script of its own. Stop the process and remove the file.` };
}
