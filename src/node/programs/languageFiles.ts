// The files pip and npm leave next to what they install (dist-info RECORDs,
// package.json), and the file a `python -m` module is, read for the pure
// classification in core/programs.
import { access, readdir, readFile, realpath } from 'node:fs/promises';
import { binPrefixOf, metadataName, npmPackageDirOf, sitePackagesOf, type DistInfoRecord } from '../../core/programs/languagePackages';
import { dirname, isInside } from '../../core/programs/posixPath';
import type { ToolEvidence } from '../../core/sockets/types';

/** A site-packages folder may hold hundreds of packages; RECORDs beyond this many are not read. */
const MAX_RECORDS = 2000;
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

async function readSmall(path: string, limit = MAX_RECORD_BYTES): Promise<string | undefined> {
  try {
    const text = await readFile(path);
    return text.subarray(0, limit).toString('utf8');
  } catch {
    return undefined;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The file a path leads to through symbolic links, when that differs from it. */
export async function realPathOf(path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    return real === path ? undefined : real;
  } catch {
    return undefined;
  }
}

/** Folders whose .dist-info RECORDs could list `paths`: their own site-packages, or for a bin/ script its prefix's. */
async function siteFolders(paths: readonly string[]): Promise<string[]> {
  const folders = new Set<string>();
  for (const path of paths) {
    const site = sitePackagesOf(path);
    if (site !== undefined) folders.add(site);
    const prefix = binPrefixOf(path);
    if (prefix === undefined) continue;
    for (const lib of ['lib', 'lib64']) {
      let entries: string[] = [];
      try { entries = await readdir(`${prefix}/${lib}`); } catch { continue; }
      for (const entry of entries.filter((e) => /^python\d/.test(e))) {
        for (const kind of ['site-packages', 'dist-packages']) folders.add(`${prefix}/${lib}/${entry}/${kind}`);
      }
    }
  }
  return [...folders];
}

/** RECORD (and METADATA Name) of every .dist-info folder that could list one of `paths`. */
export async function pipRecordsFor(paths: readonly string[], evidence: ToolEvidence[]): Promise<DistInfoRecord[]> {
  const records: DistInfoRecord[] = [];
  for (const site of await siteFolders(paths)) {
    let entries: string[] = [];
    try { entries = await readdir(site); } catch { continue; }
    const distInfos = entries.filter((e) => e.endsWith('.dist-info')).slice(0, MAX_RECORDS);
    for (const entry of distInfos) {
      const distInfo = `${site}/${entry}`;
      const record = await readSmall(`${distInfo}/RECORD`);
      if (record === undefined) continue;
      const metadata = await readSmall(`${distInfo}/METADATA`, 64 * 1024);
      const name = metadata === undefined ? undefined : metadataName(metadata);
      records.push({ distInfo, sitePackages: site, record, ...(name === undefined ? {} : { metadataName: name }) });
    }
    evidence.push({ command: 'list-dist-info', args: [site], rawOutput: distInfos.join('\n') });
  }
  return records;
}

/** package.json files from the path's folder up to its node_modules/<pkg> folder, nearest first. */
export async function packageJsonsFor(paths: readonly string[], evidence: ToolEvidence[]): Promise<{ dir: string; text: string }[]> {
  const found: { dir: string; text: string }[] = [];
  for (const path of paths) {
    const top = npmPackageDirOf(path);
    if (top === undefined) continue;
    for (let dir = dirname(path); isInside(dir, top); dir = dirname(dir)) {
      const text = await readSmall(`${dir}/package.json`, 1024 * 1024);
      if (text !== undefined) {
        found.push({ dir, text });
        evidence.push({ command: 'read-file', args: [`${dir}/package.json`], rawOutput: text });
      }
      if (dir === top) break;
    }
    if (found.length > 0) break;
  }
  return found;
}

/** The first candidate file that exists. */
export async function firstExisting(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await exists(candidate)) return candidate;
  return undefined;
}
