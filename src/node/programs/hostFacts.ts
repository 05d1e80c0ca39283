// Facts about this host that every program lookup shares: which package
// manager matches the system (/etc/os-release), the users' names and home
// directories (/etc/passwd). Read once per process.
import { readFile } from 'node:fs/promises';
import { hostPackageManager, parseOsRelease } from '../../core/programs/hostPackageManager';
import type { PackageManagerTool } from '../../core/programs/types';
import { parsePasswdFacts } from '../../core/sockets/parseProcFiles';
import { onPath } from '../remediation/commandEnvironment';

export interface HostFacts {
  readonly manager?: PackageManagerTool;
  readonly users: ReadonlyMap<number, string>;
  readonly homes: readonly string[];
  /** uid → home directory, for a user's own module search path. */
  readonly homeOf: ReadonlyMap<number, string>;
}

let cached: Promise<HostFacts> | undefined;

async function readText(path: string): Promise<string | undefined> {
  try { return await readFile(path, 'utf8'); } catch { return undefined; }
}

export function hostFacts(): Promise<HostFacts> {
  cached ??= (async () => {
    // os-release(5): /etc/os-release, or /usr/lib/os-release when /etc has none.
    const release = parseOsRelease((await readText('/etc/os-release')) ?? (await readText('/usr/lib/os-release')) ?? '');
    // Without PATH, look where the system's own tools are.
    const path = process.env.PATH ?? '/usr/bin:/bin';
    const manager = hostPackageManager(release, (tool) => onPath(tool, path));
    const { users, homes, homeOf } = parsePasswdFacts((await readText('/etc/passwd')) ?? '');
    return { ...(manager === undefined ? {} : { manager }), users, homes, homeOf };
  })();
  return cached;
}
