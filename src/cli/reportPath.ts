// A report path (--sarif) is checked before the run starts: finding out after
// minutes of checks that the folder is missing or read-only loses the report.
// The check writes nothing the user would see: a hidden temporary in the
// folder, removed at once, proves that a file can be created there (the report
// itself is written atomically, through a temporary in the same folder).
import { constants as fsConstants, promises as fsp } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { kindOf } from '../node/files/readBoundedFile';
import { tempPathFor } from '../node/run/atomicWrite';

/** Why a report cannot be written to `path`, or undefined when it can. */
export async function reportPathProblem(path: string, flag: string): Promise<string | undefined> {
  const target = resolve(path);
  const existing = await fsp.stat(target).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error));
  if (existing instanceof Error) return `${flag} ${path}: ${existing.message}. Choose another path.`;
  if (existing && !existing.isFile()) return `${flag} ${path} is ${kindOf(existing)}, not a file: name a file to write the report to.`;
  const folder = dirname(target);
  const folderStats = await fsp.stat(folder).catch(() => undefined);
  if (!folderStats) return `${flag} ${path}: the folder ${folder} does not exist. Create it first, or choose another path.`;
  if (!folderStats.isDirectory()) return `${flag} ${path}: ${folder} is ${kindOf(folderStats)}, not a folder. Choose another path.`;
  const probe = tempPathFor(target);
  try {
    await (await fsp.open(probe, 'wx', 0o600)).close();
  } catch (error) {
    return `${flag} ${path}: cannot create a file in ${folder} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose a folder you can write to.`;
  } finally {
    await fsp.unlink(probe).catch(() => undefined);
  }
  if (existing) {
    // The report replaces the file; a file we may not replace is refused now, not after the run.
    const writable = await fsp.access(target, fsConstants.W_OK).then(() => true, () => false);
    if (!writable) return `${flag} ${path} exists and is not writable. Choose another path, or change its permissions.`;
  }
  return undefined;
}
