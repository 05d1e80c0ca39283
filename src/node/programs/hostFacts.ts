// Facts about this host that every program lookup shares: which package
// manager matches the system (/etc/os-release), the users' names and home
// directories (/etc/passwd). Read once per process.
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { hostPackageManager, parseOsRelease } from '../../core/programs/hostPackageManager';
import type { PackageManagerTool } from '../../core/programs/types';
import { parsePasswdFacts } from '../../core/sockets/parseProcFiles';

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

/** Whether `tool` is an executable file in a folder of PATH. */
export async function onPath(tool: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d !== '')) {
    try {
      await access(`${dir}/${tool}`, constants.X_OK);
      return true;
    } catch { /* not here */ }
  }
  return false;
}

export function hostFacts(): Promise<HostFacts> {
  cached ??= (async () => {
    // os-release(5): /etc/os-release, or /usr/lib/os-release when /etc has none.
    const release = parseOsRelease((await readText('/etc/os-release')) ?? (await readText('/usr/lib/os-release')) ?? '');
    const [dnf, yum] = await Promise.all([onPath('dnf'), onPath('yum')]);
    const manager = hostPackageManager(release, (tool) => (tool === 'dnf' ? dnf : tool === 'yum' ? yum : false));
    const { users, homes, homeOf } = parsePasswdFacts((await readText('/etc/passwd')) ?? '');
    return { ...(manager === undefined ? {} : { manager }), users, homes, homeOf };
  })();
  return cached;
}
