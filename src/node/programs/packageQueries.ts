// The package database questions program resolution asks, each run with an
// argument list (no shell) and kept as evidence: who owns this file (dpkg -S,
// rpm -qf), and may its package be removed (dpkg-query fields and reverse
// dependencies, rpm --whatrequires).
import { parseDpkgSearch, parseRpmQuery, usrMergeAlternatives } from '../../core/sockets/parsePackageOwner';
import { DEB_DEPENDS_FORMAT, DEB_FIELDS_FORMAT, parseDebFields, parseRpmWhatRequires, reverseDependents, type DebPackageFields } from '../../core/programs/refusal';
import type { ToolEvidence } from '../../core/sockets/types';
import { evidenceOf, runTool } from '../sockets/runTool';

export interface QueryOptions {
  readonly timeoutMs?: number;
}

export type OwnerTool = 'dpkg' | 'rpm';

export interface FileOwners {
  readonly tool: OwnerTool;
  readonly packages: string[];
  /** The spelling of the path the tool knew. */
  readonly path: string;
}

/**
 * The packages that own one of `paths` (and their /usr-merge spellings), by
 * the first tool in `tools` that is installed and names one. Undefined when
 * none does; `ranAny` tells whether any tool could be asked at all.
 */
export async function fileOwners(paths: readonly string[], tools: readonly OwnerTool[], evidence: ToolEvidence[], options: QueryOptions = {}): Promise<{ owners?: FileOwners; ranAny: boolean }> {
  const candidates = [...new Set(paths.flatMap((p) => [p, ...usrMergeAlternatives(p)]))];
  let ranAny = false;
  for (const tool of tools) {
    for (const candidate of candidates) {
      // dpkg -S takes a glob pattern; a path with glob characters would match other files.
      if (tool === 'dpkg' && /[*?[\]\\]/.test(candidate)) continue;
      const args = tool === 'dpkg' ? ['-S', candidate] : ['-qf', '--queryformat', '%{NAME}\\n', candidate];
      const run = await runTool(tool, args, options);
      evidence.push(evidenceOf(run));
      if (run.missing) break;
      ranAny ||= run.error === undefined;
      const packages = run.exitCode === 0 ? (tool === 'dpkg' ? parseDpkgSearch(run.stdout, candidate) : parseRpmQuery(run.stdout)) : [];
      if (packages.length > 0) return { owners: { tool, packages, path: candidate }, ranAny };
    }
  }
  return { ranAny };
}

/** Essential, Priority and Provides of one Debian package. */
export async function debFields(name: string, evidence: ToolEvidence[], options: QueryOptions = {}): Promise<DebPackageFields | undefined> {
  const run = await runTool('dpkg-query', ['-W', '-f', DEB_FIELDS_FORMAT, name], options);
  evidence.push(evidenceOf(run));
  return run.exitCode === 0 ? parseDebFields(run.stdout, name) : undefined;
}

/** Installed Debian packages that depend on `name` (Depends or Pre-Depends, directly or through what it provides). */
export async function debDependents(name: string, provides: readonly string[], evidence: ToolEvidence[], options: QueryOptions = {}): Promise<string[] | undefined> {
  const run = await runTool('dpkg-query', ['-W', '-f', DEB_DEPENDS_FORMAT], options);
  evidence.push(evidenceOf(run));
  return run.exitCode === 0 ? reverseDependents(run.stdout, name, provides) : undefined;
}

/** Installed RPM packages that require `name`. */
export async function rpmDependents(name: string, evidence: ToolEvidence[], options: QueryOptions = {}): Promise<string[] | undefined> {
  const run = await runTool('rpm', ['-q', '--whatrequires', name, '--queryformat', '%{NAME}\\n'], options);
  evidence.push(evidenceOf(run));
  // rpm exits 1 with "no package requires <name>" when nothing does.
  if (run.exitCode !== 0 && !/no package requires/.test(run.stdout)) return undefined;
  return parseRpmWhatRequires(run.stdout).filter((n) => n !== name);
}
