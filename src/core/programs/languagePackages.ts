// Where pip and npm put what they install, and how to tell which package a
// file belongs to: pip lists every installed file in <name>-<version>.dist-info/RECORD
// (relative to the site-packages folder), npm leaves a package.json with the
// package's "name" at the top of node_modules/<name>/.
import { basename, dirname, resolvePath } from './posixPath';

/** The site-packages or dist-packages folder a path lies in. */
export function sitePackagesOf(path: string): string | undefined {
  return /^(.*\/(?:site|dist)-packages)\//.exec(path)?.[1];
}

/** For a file in `<prefix>/bin/`: the prefix whose lib/pythonX.Y/site-packages may hold its RECORD (pip console scripts). */
export function binPrefixOf(path: string): string | undefined {
  const dir = dirname(path);
  return basename(dir) === 'bin' ? dirname(dir) : undefined;
}

export interface DistInfoRecord {
  /** The .dist-info folder. */
  readonly distInfo: string;
  /** The folder RECORD's paths are relative to. */
  readonly sitePackages: string;
  readonly record: string;
  /** `Name:` from the METADATA file, when it was read. */
  readonly metadataName?: string;
}

/** The paths in a RECORD file: CSV rows `path,hash,size`; a path with a comma is quoted. */
export function recordPaths(record: string): string[] {
  const paths: string[] = [];
  for (const line of record.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('"')) {
      const end = line.indexOf('",', 1);
      paths.push((end < 0 ? line.slice(1) : line.slice(1, end)).replace(/""/g, '"'));
    } else {
      paths.push(line.slice(0, line.indexOf(',') < 0 ? line.length : line.indexOf(',')));
    }
  }
  return paths;
}

/** `Name:` of a METADATA (or PKG-INFO) file. */
export function metadataName(metadata: string): string | undefined {
  return /^Name:\s*(\S+)\s*$/m.exec(metadata)?.[1];
}

/** The pip package whose RECORD lists one of `paths`, with its name. */
export function pipPackageOwning(paths: readonly string[], records: readonly DistInfoRecord[]): { name: string; distInfo: string } | undefined {
  for (const record of records) {
    const listed = new Set(recordPaths(record.record).map((p) => resolvePath(record.sitePackages, p)));
    if (paths.some((p) => listed.has(p))) {
      // `deluge-2.0.3.dist-info` → `deluge` when METADATA was not read.
      const name = record.metadataName ?? basename(record.distInfo).replace(/-[^-]*\.dist-info$/, '');
      return { name, distInfo: record.distInfo };
    }
  }
  return undefined;
}

/** The innermost node_modules/<pkg> (or node_modules/@scope/<pkg>) folder of a path. */
export function npmPackageDirOf(path: string): string | undefined {
  const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*)\/.+$/.exec(path);
  return match?.[1];
}

/** npm's global folders: <prefix>/lib/node_modules (system, /usr/local, nvm, ~/.npm-global). */
export function isGlobalNodeModules(packageDir: string): boolean {
  return /\/lib\/node_modules\/(?:@[^/]+\/)?[^/]+$/.test(packageDir) && !/\/node_modules\/.*\/node_modules\//.test(packageDir);
}

/** The "name" of the nearest package.json that has one (nearest first), or undefined. */
export function npmPackageName(packageJsons: readonly { readonly dir: string; readonly text: string }[]): { name: string; dir: string } | undefined {
  for (const { dir, text } of packageJsons) {
    try {
      const name = (JSON.parse(text) as { name?: unknown }).name;
      if (typeof name === 'string' && name !== '') return { name, dir };
    } catch { /* a broken package.json names nothing; look further up */ }
  }
  return undefined;
}
