// What each placeholder's value must look like before it may go into a
// command. Every value came from another program (a process name, a cgroup
// directory, a package database), so each is checked against the rules of the
// thing it claims to be: a unit name by systemd's rules, a package name by its
// manager's, a pid as plain digits. Quoting keeps a hostile value one inert
// argument; these rules keep a forged one from naming the wrong thing (a
// "package" `--purge`, a "unit" `a';touch x;'.service`).
//
// Each rule returns undefined when the value is acceptable, or the reason it
// is not, written to finish the sentence "the value was refused: ...".
import type { CommandOs } from './model';

export type ValueRule = (value: string) => string | undefined;

/** What a placeholder's rule may need besides the value: the OS the command is for, and the other values (e.g. `package.manager`). */
export interface RuleContext {
  os?: CommandOs;
  values?: Readonly<Record<string, string | undefined>>;
}

export type PlaceholderRule = (value: string, context: RuleContext) => string | undefined;

// ---------------------------------------------------------------------------
// systemd unit names (systemd src/basic/unit-name.c, unit_name_is_valid)

/** The unit types systemd knows (`systemctl -t help`, unit-def.c). */
export const SYSTEMD_UNIT_TYPES = ['service', 'mount', 'swap', 'socket', 'target', 'device', 'automount', 'timer', 'path', 'slice', 'scope'] as const;
/** UNIT_NAME_MAX is 256 including the terminating NUL. */
const UNIT_NAME_MAX_LENGTH = 255;
/** VALID_CHARS plus `@`: digits, ASCII letters, `:-_.\`. */
const UNIT_CHAR = /^[A-Za-z0-9:_.\\@-]$/;
/** A backslash only as systemd-escape writes it: `\x` and two lowercase hex digits. */
const UNIT_ESCAPE = /^\\x[0-9a-f]{2}/;

/**
 * A systemd unit name: `name.type`, `template@.type` or `template@instance.type`,
 * at most 255 characters. systemd itself accepts any backslash among the
 * allowed characters; we accept it only in a `\xNN` escape, the only form
 * systemd-escape produces, so that no value needs a backslash for any other reason.
 */
export function systemdUnitNameProblem(value: string): string | undefined {
  if (value === '') return 'a unit name cannot be empty';
  if (value.length > UNIT_NAME_MAX_LENGTH) return `a unit name has at most ${UNIT_NAME_MAX_LENGTH} characters`;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return 'a unit name ends with its type, e.g. ".service"';
  const type = value.slice(dot + 1);
  if (!(SYSTEMD_UNIT_TYPES as readonly string[]).includes(type)) return `".${type}" is not a systemd unit type (${SYSTEMD_UNIT_TYPES.map((t) => `.${t}`).join(', ')})`;
  const stem = value.slice(0, dot);
  if (stem.startsWith('@')) return 'a unit name cannot start with "@"';
  for (let i = 0; i < stem.length; i++) {
    const char = stem[i] ?? '';
    if (!UNIT_CHAR.test(char)) return `${describe(char)} is not allowed in a unit name (only letters, digits, ":", "-", "_", ".", "@" and \\xNN escapes)`;
    if (char === '\\') {
      if (!UNIT_ESCAPE.test(stem.slice(i))) return 'a backslash in a unit name must start a \\xNN escape, as systemd-escape writes it';
      i += 3;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Package names, by package manager

/**
 * Debian Policy 5.6.1: lowercase letters, digits, "+", "-" and ".", at least
 * two characters, starting with a letter or digit. dpkg and apt also print and
 * accept an architecture qualifier (`libc6:amd64`), which is allowed after a ":".
 */
export function debianPackageNameProblem(value: string): string | undefined {
  const [name = '', arch, extra] = value.split(':');
  if (extra !== undefined) return 'a Debian package name has at most one ":" (before its architecture)';
  if (arch !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(arch)) return `"${arch}" is not a Debian architecture name`;
  if (name.length < 2) return 'a Debian package name has at least two characters (Debian Policy 5.6.1)';
  if (!/^[a-z0-9]/.test(name)) return 'a Debian package name starts with a lowercase letter or digit (Debian Policy 5.6.1)';
  const bad = /[^a-z0-9+.-]/.exec(name)?.[0];
  if (bad !== undefined) return `${describe(bad)} is not allowed in a Debian package name (lowercase letters, digits, "+", "-", "." only: Debian Policy 5.6.1)`;
  return undefined;
}

/**
 * An RPM package name as dnf, yum and zypper take it: ASCII letters, digits
 * and `._+-` (the Fedora and openSUSE naming guidelines), starting with a
 * letter, digit or "_"; no glob characters, which dnf would expand.
 */
export function rpmPackageNameProblem(value: string): string | undefined {
  if (value === '') return 'a package name cannot be empty';
  if (value.length > 255) return 'an RPM package name has at most 255 characters';
  if (!/^[A-Za-z0-9_]/.test(value)) return 'an RPM package name starts with a letter, digit or "_"';
  const bad = /[^A-Za-z0-9._+-]/.exec(value)?.[0];
  if (bad !== undefined) return `${describe(bad)} is not allowed in an RPM package name (letters, digits, ".", "_", "+", "-")`;
  return undefined;
}

/**
 * A snap name (snapd's naming rules): 2 to 40 lowercase letters, digits and
 * hyphens, at least one letter, no hyphen at either end or twice in a row;
 * optionally `_key` for a parallel install (1 to 10 lowercase letters or digits).
 */
export function snapNameProblem(value: string): string | undefined {
  const [name = '', key, extra] = value.split('_');
  if (extra !== undefined) return 'a snap name has at most one "_" (before its instance key)';
  if (key !== undefined && !/^[a-z0-9]{1,10}$/.test(key)) return 'a snap instance key is 1 to 10 lowercase letters or digits';
  if (name.length < 2 || name.length > 40) return 'a snap name has 2 to 40 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'a snap name has only lowercase letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'a snap name has at least one letter';
  if (name.startsWith('-') || name.endsWith('-') || name.includes('--')) return 'a snap name has no "-" at either end or twice in a row';
  return undefined;
}

/**
 * A flatpak application id (flatpak_is_valid_name): reverse DNS with at least
 * three segments, at most 255 characters; each segment of ASCII letters,
 * digits and "_", not starting with a digit; "-" only in the last segment.
 */
export function flatpakAppIdProblem(value: string): string | undefined {
  if (value.length > 255) return 'a flatpak id has at most 255 characters';
  const segments = value.split('.');
  if (segments.length < 3) return 'a flatpak id has at least three dot-separated parts, like org.qbittorrent.qBittorrent';
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '') return 'a flatpak id has no empty part (no "." at either end or twice in a row)';
    if (!(last ? /^[A-Za-z_-][A-Za-z0-9_-]*$/ : /^[A-Za-z_][A-Za-z0-9_]*$/).test(segment)) {
      return last
        ? `"${segment}" is not a valid last part of a flatpak id (letters, digits, "_", "-"; not starting with a digit)`
        : `"${segment}" is not a valid part of a flatpak id (letters, digits, "_"; not starting with a digit; "-" only in the last part)`;
    }
  }
  return undefined;
}

/**
 * A Homebrew formula or cask token, optionally tap-qualified (`user/repo/name`):
 * lowercase letters, digits and `+._@-`, starting with a letter or digit
 * (`python@3.12`, `gtk+3`, `qbittorrent`).
 */
export function homebrewNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length !== 1 && parts.length !== 3) return 'a Homebrew name is "name" or "user/repo/name"';
  const name = parts[parts.length - 1] ?? '';
  for (const tapPart of parts.slice(0, -1)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(tapPart)) return `"${tapPart}" is not a valid tap user or repository name`;
  }
  if (name.length > 255) return 'a Homebrew name has at most 255 characters';
  if (!/^[a-z0-9][a-z0-9+._@-]*$/.test(name)) return 'a Homebrew formula or cask name has only lowercase letters, digits and "+", ".", "_", "@", "-", starting with a letter or digit';
  return undefined;
}

/** A Python distribution name as PEP 508 defines it (pip uninstall NAME). */
export function pythonPackageNameProblem(value: string): string | undefined {
  if (value.length > 255) return 'a Python package name has at most 255 characters';
  if (!/^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/.test(value)) return 'a Python package name has letters, digits, ".", "_", "-", starting and ending with a letter or digit (PEP 508)';
  return undefined;
}

/** An npm package name (validate-npm-package-name): at most 214 characters, lowercase, URL-safe, optionally `@scope/`. */
export function npmPackageNameProblem(value: string): string | undefined {
  if (value.length > 214) return 'an npm package name has at most 214 characters';
  if (!/^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/.test(value)) return 'an npm package name has lowercase letters, digits and "-", ".", "_", "~", optionally after "@scope/", and does not start with "." or "_"';
  return undefined;
}

/**
 * A Windows package's display name (winget --name, Get-Package -Name): free
 * text, so only what no quoting makes safe is refused (see unsafeValueReason),
 * plus PowerShell's wildcard characters, which Get-Package would expand.
 */
export function windowsPackageNameProblem(value: string): string | undefined {
  if (value.length > 256) return 'a Windows package name has at most 256 characters';
  const bad = /[*?[\]]/.exec(value)?.[0];
  if (bad !== undefined) return `${describe(bad)} is a wildcard character, which would match other packages`;
  return undefined;
}

export type PackageManagerKind = 'apt' | 'dpkg' | 'dnf' | 'yum' | 'zypper' | 'rpm' | 'snap' | 'flatpak' | 'brew' | 'pip' | 'npm' | 'winget' | 'windows';

/** The package-name rule of each package manager. */
export const PACKAGE_NAME_RULES: Readonly<Record<PackageManagerKind, ValueRule>> = {
  apt: debianPackageNameProblem,
  dpkg: debianPackageNameProblem,
  dnf: rpmPackageNameProblem,
  yum: rpmPackageNameProblem,
  zypper: rpmPackageNameProblem,
  rpm: rpmPackageNameProblem,
  snap: snapNameProblem,
  flatpak: flatpakAppIdProblem,
  brew: homebrewNameProblem,
  pip: pythonPackageNameProblem,
  npm: npmPackageNameProblem,
  winget: windowsPackageNameProblem,
  windows: windowsPackageNameProblem,
};

export function isPackageManagerKind(name: string): name is PackageManagerKind {
  return Object.hasOwn(PACKAGE_NAME_RULES, name);
}

/** The rule for a package name of `manager`, or undefined for a manager we do not know. */
export function packageNameRule(manager: string): ValueRule | undefined {
  return isPackageManagerKind(manager) ? PACKAGE_NAME_RULES[manager] : undefined;
}

// ---------------------------------------------------------------------------
// Processes, services, users, paths

/** PID_MAX_LIMIT on 64-bit Linux: /proc/sys/kernel/pid_max can be raised to 2^22 and no further. */
export const PID_MAX = 2 ** 22;

/** A process id: decimal digits without a leading zero, 1 to 2^22. */
export function pidProblem(value: string): string | undefined {
  if (!/^[1-9][0-9]{0,6}$/.test(value)) return 'a process id is a decimal number from 1, without a leading zero or sign';
  if (Number(value) > PID_MAX) return `a process id is at most ${PID_MAX}`;
  return undefined;
}

/**
 * A launchd label, as `launchctl bootout gui/UID/LABEL` takes it: reverse DNS
 * by convention; letters, digits and `._@-` (Homebrew's `homebrew.mxcl.postgresql@16`),
 * no "/" (it would change the service target), at most 255 characters.
 */
export function launchdLabelProblem(value: string): string | undefined {
  if (value.length > 255) return 'a launchd label has at most 255 characters';
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(value)) return 'a launchd label has letters, digits, ".", "_", "@" and "-", starting with a letter or digit';
  return undefined;
}

/**
 * A Windows service name (CreateService): at most 256 characters; "/" and "\"
 * are not valid. PowerShell's wildcards are refused too: Stop-Service -Name
 * would expand them to other services.
 */
export function windowsServiceNameProblem(value: string): string | undefined {
  if (value.length > 256) return 'a Windows service name has at most 256 characters';
  const bad = /[/\\*?[\]]/.exec(value)?.[0];
  if (bad !== undefined) return bad === '/' || bad === '\\' ? `${describe(bad)} is not valid in a Windows service name` : `${describe(bad)} is a wildcard character, which would match other services`;
  return undefined;
}

/**
 * A user name (systemd's relaxed rule for user names, within useradd's limit):
 * ASCII letters, digits, "_", "." and "-", starting with a letter or "_",
 * optionally ending in "$" (Samba machine accounts), at most 32 characters.
 */
export function userNameProblem(value: string): string | undefined {
  if (value.length > 32) return 'a user name has at most 32 characters';
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*\$?$/.test(value)) return 'a user name has letters, digits, "_", "." and "-", starting with a letter or "_"';
  return undefined;
}

/** PATH_MAX is 4096 bytes including the terminating NUL. */
const PATH_MAX_BYTES = 4095;

/**
 * An absolute POSIX path as the kernel reported it: starts with "/", no
 * control characters, normalized (no empty, "." or ".." parts, no trailing
 * "/"), not "/" itself, at most 4095 bytes.
 */
export function absolutePathProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return 'a path must be absolute (start with "/")';
  if (value === '/') return 'the path is the root directory';
  if (new TextEncoder().encode(value).length > PATH_MAX_BYTES) return `a path has at most ${PATH_MAX_BYTES} bytes`;
  if (hasControlCharacter(value)) return 'the path contains a control character';
  const parts = value.slice(1).split('/');
  if (parts.includes('..')) return 'the path contains ".."';
  if (parts.some((p) => p === '' || p === '.')) return 'the path is not normalized (an empty or "." part, or a trailing "/")';
  return undefined;
}

/**
 * An absolute Windows path: drive letter, ":\", then parts without the
 * characters Windows forbids in names (`<>:"/\|?*`) and no "." or ".." parts.
 */
export function windowsAbsolutePathProblem(value: string): string | undefined {
  if (!/^[A-Za-z]:\\/.test(value)) return 'a Windows path must be absolute (start with a drive, like C:\\)';
  if (value.length > 32767) return 'a Windows path has at most 32767 characters';
  if (hasControlCharacter(value)) return 'the path contains a control character';
  const parts = value.slice(3).split('\\');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return 'the path is not normalized (an empty, "." or ".." part, or a trailing "\\")';
  const bad = /[<>:"/|?*]/.exec(value.slice(3))?.[0];
  if (bad !== undefined) return `${describe(bad)} is not allowed in a Windows file name`;
  return undefined;
}

/**
 * A process name as the system reports it: Linux cuts names to 15 bytes, macOS
 * to 16 characters (32 with proc_name), Windows image names to 260; any
 * character may appear, which quoting handles. Only the length is bounded here.
 */
export function processNameProblem(value: string): string | undefined {
  if (value.length > 260) return 'a process name has at most 260 characters';
  return undefined;
}

// ---------------------------------------------------------------------------
// Rules by OS, and by placeholder

/**
 * A rule that depends on the OS the command is for. Without an OS, the value
 * must pass the rule of at least one OS (it may then be any of them).
 */
export function byOs(rules: Readonly<Record<CommandOs, ValueRule>>): PlaceholderRule {
  return (value, context) => {
    if (context.os !== undefined) return rules[context.os](value);
    return anyOf(value, Object.values(rules));
  };
}

/**
 * A package name: by the rules of `package.manager` when that value is known,
 * else by the usual managers of the OS (dpkg or rpm on Linux, Homebrew on
 * macOS, the Windows package list on Windows).
 */
export const packageRule: PlaceholderRule = (value, context) => {
  const manager = context.values?.['package.manager'];
  if (manager !== undefined) {
    const rule = packageNameRule(manager);
    if (rule === undefined) return `"${manager}" is not a package manager this extension knows (${Object.keys(PACKAGE_NAME_RULES).join(', ')})`;
    return rule(value);
  }
  return byOs({
    linux: (v) => anyOf(v, [debianPackageNameProblem, rpmPackageNameProblem]),
    macos: homebrewNameProblem,
    windows: windowsPackageNameProblem,
  })(value, context);
};

export const serviceRule: PlaceholderRule = byOs({ linux: systemdUnitNameProblem, macos: launchdLabelProblem, windows: windowsServiceNameProblem });
export const executableRule: PlaceholderRule = byOs({ linux: absolutePathProblem, macos: absolutePathProblem, windows: windowsAbsolutePathProblem });

/** `systemctl --machine` for a user's own manager: `alice@` or `alice@.host`. */
export function userManagerMachineProblem(value: string): string | undefined {
  const match = /^(.*)@(\.host)?$/s.exec(value);
  if (match === null) return 'a user service manager is written "USER@" (or "USER@.host")';
  const user = userNameProblem(match[1] ?? '');
  return user === undefined ? undefined : `"${match[1] ?? ''}" is not a user name: ${user}`;
}

/** A launchd service target: `gui/UID/LABEL`, `user/UID/LABEL` or `system/LABEL`. */
export function launchdServiceTargetProblem(value: string): string | undefined {
  const match = /^(?:(?:gui|user)\/(?:0|[1-9][0-9]{0,9})|system)\/(.*)$/s.exec(value);
  if (match === null) return 'a launchd service target is gui/UID/LABEL, user/UID/LABEL or system/LABEL';
  return launchdLabelProblem(match[1] ?? '');
}

/**
 * The rule of each placeholder. A placeholder without an entry gets only the
 * checks every value gets (unsafeValueReason in placeholders.ts), so add one
 * with each new placeholder, from the rules above, e.g.
 * `'service.user': (value) => userNameProblem(value)`.
 */
export const PLACEHOLDER_RULES: Readonly<Record<string, PlaceholderRule>> = {
  'process.name': (value) => processNameProblem(value),
  'process.pid': (value) => pidProblem(value),
  'process.executable': executableRule,
  'program.path': executableRule,
  // It is the program that runs (it stands first in `{{runtime.executable}} -m pip ...`), so only an absolute path will do.
  'runtime.executable': executableRule,
  package: packageRule,
  'removable.path': executableRule,
  service: serviceRule,
  'service.machine': (value) => userManagerMachineProblem(value),
  'service.target': (value) => launchdServiceTargetProblem(value),
};

/** Why `value` may not fill `{{name}}`, or undefined when it may. */
export function placeholderValueProblem(name: string, value: string, context: RuleContext = {}): string | undefined {
  const rule = Object.hasOwn(PLACEHOLDER_RULES, name) ? PLACEHOLDER_RULES[name] : undefined;
  return rule?.(value, context);
}

/** Undefined when `value` passes at least one of `rules`, else the first rule's problem. */
function anyOf(value: string, rules: readonly ValueRule[]): string | undefined {
  const problems = rules.map((rule) => rule(value));
  return problems.includes(undefined) ? undefined : problems[0];
}

/** Whether `value` holds a C0 or C1 control character (U+0000-U+001F, U+007F-U+009F). */
export function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** A character named so that a message shows it even when it is a space or a control. */
function describe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0x20 || (code >= 0x7f && code <= 0xa0)) return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${char}"`;
}
