// When removing a package must not be offered: it holds a runtime, it is
// part of the base system (Essential, or Priority required/important), or
// many installed packages depend on it. Read from dpkg-query (Debian) or
// `rpm -q --whatrequires` (RPM), parsed here so the rules are testable.
import { withoutFullStop } from '../text/sentences';
import { isRuntimePackageName } from './runtimes';
import type { RemovalRefusal } from './types';

/** How many installed dependents make a package too shared to remove. */
export const MAX_DEPENDENTS = 5;
/** How many dependents a refusal names; the count covers the rest. */
const NAMED_DEPENDENTS = 30;

export interface DebPackageFields {
  readonly name: string;
  readonly essential: boolean;
  readonly priority?: string;
  readonly provides: readonly string[];
  readonly installed: boolean;
}

/** The query whose output parseDebFields reads: `dpkg-query -W -f <this> <package>`. */
export const DEB_FIELDS_FORMAT = '${Package}\\t${Essential}\\t${Priority}\\t${Provides}\\t${db:Status-Abbrev}\\n';
/** The query whose output reverseDependents reads: `dpkg-query -W -f <this>` (every package). */
export const DEB_DEPENDS_FORMAT = '${Package}\\t${db:Status-Abbrev}\\t${Depends}\\t${Pre-Depends}\\n';

export function parseDebFields(output: string, name: string): DebPackageFields | undefined {
  for (const line of output.split('\n')) {
    const [pkg, essential, priority, provides, status] = line.split('\t');
    if (pkg?.replace(/:[a-z0-9-]+$/, '') !== name) continue;
    return {
      name,
      essential: essential?.trim() === 'yes',
      ...(priority === undefined || priority.trim() === '' ? {} : { priority: priority.trim() }),
      provides: relationNames(provides ?? ''),
      installed: /^.i/.test(status ?? ''),
    };
  }
  return undefined;
}

/** Package names in a Depends-style field: `a (>= 1), b | c:any, d [amd64]` → a, b, c, d. */
function relationNames(field: string): string[] {
  return field.split(/[,|]/).map((item) => item.trim().split(/[\s(:[]/)[0] ?? '').filter((n) => n !== '');
}

/** Installed packages whose Depends or Pre-Depends name `name` or one of its `provides`. */
export function reverseDependents(output: string, name: string, provides: readonly string[] = []): string[] {
  const wanted = new Set([name, ...provides]);
  const found = new Set<string>();
  for (const line of output.split('\n')) {
    const [pkg, status, depends, preDepends] = line.split('\t');
    if (pkg === undefined || pkg === '' || !/^.i/.test(status ?? '')) continue; // only installed packages count
    const bare = pkg.replace(/:[a-z0-9-]+$/, '');
    if (bare === name) continue;
    if (relationNames(`${depends ?? ''},${preDepends ?? ''}`).some((n) => wanted.has(n))) found.add(bare);
  }
  return [...found].sort();
}

/** `rpm -q --whatrequires <pkg> --queryformat '%{NAME}\n'`: the requiring packages, one a line; "no package requires" for none. */
export function parseRpmWhatRequires(output: string): string[] {
  if (/no package requires/.test(output)) return [];
  return [...new Set(output.split('\n').map((l) => l.trim()).filter((l) => /^[A-Za-z0-9_+.-]+$/.test(l)))].sort();
}

export interface RefusalInput {
  readonly name: string;
  /** The package that owns the runtime executable running the program (python3.11-minimal for Deluge). */
  readonly runtimePackage?: string;
  readonly runtimeKind?: string;
  readonly fields?: DebPackageFields;
  readonly dependents?: readonly string[];
  readonly maxDependents?: number;
}

/** The refusal in one line, with the dependents it names (the reason gives only their count). */
export function describeRefusal(refusal: RemovalRefusal): string {
  const named = refusal.dependents ?? [];
  if (named.length === 0) return refusal.reason;
  const more = (refusal.dependentCount ?? named.length) - named.length;
  return `${withoutFullStop(refusal.reason)}. They include ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`;
}

/** Why removing `name` must not be offered, or undefined when it may be. */
export function removalRefusal(input: RefusalInput): RemovalRefusal | undefined {
  const { name } = input;
  if (input.runtimePackage !== undefined && name === input.runtimePackage) {
    return { reason: `${name} holds the ${input.runtimeKind ?? 'language'} runtime that runs this program, and every other program written for it; removing it is never offered. Remove the program's own package or file instead.` };
  }
  if (input.fields?.essential === true) return { reason: `${name} is marked Essential: yes; the system needs it, and dpkg would refuse to remove it without force.` };
  const priority = input.fields?.priority;
  if (priority === 'required' || priority === 'important') return { reason: `${name} has Priority: ${priority}; it is part of the base system.` };
  const dependents = input.dependents ?? [];
  const max = input.maxDependents ?? MAX_DEPENDENTS;
  if (dependents.length > max) {
    return {
      reason: `${dependents.length} installed packages depend on ${name} (more than ${max}); removing it would remove them too.`,
      dependents: dependents.slice(0, NAMED_DEPENDENTS),
      dependentCount: dependents.length,
    };
  }
  // Last, by name: a runtime's package that the detection did not see running (`python3 -m http.server` resolves into libpython3.11-stdlib).
  if (isRuntimePackageName(name)) {
    return { reason: `${name} is an interpreter, a runtime or part of the base system; removing it is never offered.` };
  }
  return undefined;
}
