// The package manager that matches the running system, from /etc/os-release
// (os-release(5)): ID names the distribution, ID_LIKE the ones it derives from.
import type { PackageManagerTool } from './types';

export interface OsRelease {
  readonly id?: string;
  readonly idLike: readonly string[];
  readonly prettyName?: string;
}

/** KEY=value lines; values may be quoted with " or ' (shell-like, without expansion). */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    let value = match[2];
    if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    else if (/^'.*'$/.test(value)) value = value.slice(1, -1);
    values.set(match[1], value);
  }
  const id = values.get('ID')?.toLowerCase();
  const prettyName = values.get('PRETTY_NAME');
  return {
    ...(id === undefined ? {} : { id }),
    idLike: (values.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter((x) => x !== ''),
    ...(prettyName === undefined ? {} : { prettyName }),
  };
}

const FAMILIES: ReadonlyArray<readonly [RegExp, 'apt' | 'dnf' | 'zypper']> = [
  [/^(debian|ubuntu|raspbian|linuxmint|pop|elementary|kali|devuan)$/, 'apt'],
  [/^(fedora|rhel|centos|rocky|almalinux|ol|amzn|mageia)$/, 'dnf'],
  [/^(opensuse.*|sles|sled|suse)$/, 'zypper'],
];

/**
 * apt, dnf (yum where dnf is absent: RHEL/CentOS 7) or zypper for this host;
 * undefined for a distribution none of them belongs to. `hasCommand` says
 * whether a tool is on the PATH.
 */
export function hostPackageManager(release: OsRelease, hasCommand: (tool: string) => boolean): PackageManagerTool | undefined {
  for (const id of [release.id, ...release.idLike]) {
    if (id === undefined) continue;
    const family = FAMILIES.find(([pattern]) => pattern.test(id))?.[1];
    if (family === 'dnf') return hasCommand('dnf') || !hasCommand('yum') ? 'dnf' : 'yum';
    if (family !== undefined) return family;
  }
  return undefined;
}
