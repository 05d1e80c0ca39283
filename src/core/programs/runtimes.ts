// Which executables are interpreters or runtimes: for those the program is a
// file on the command line, and the executable's own package (python3.11-minimal,
// nodejs, openjdk-17-jre-headless...) is shared by every program written in
// that language, so it is never offered for removal.
import type { RuntimeKind } from './types';
import { basename } from './posixPath';

const RUNTIME_NAMES: ReadonlyArray<readonly [RegExp, RuntimeKind]> = [
  // python, python3, python3.11, python3.11d, pypy3, pythonw
  [/^(python|pypy)(\d+(\.\d+)?)?[dmuw]*$/, 'python'],
  [/^perl(\d+(\.\d+)*)?$/, 'perl'],
  [/^ruby(\d+(\.\d+)*)?$/, 'ruby'],
  [/^(node|nodejs)$/, 'node'],
  [/^java$/, 'java'],
  [/^mono(-sgen)?$/, 'mono'],
  [/^dotnet$/, 'dotnet'],
  [/^(sh|bash|dash|zsh|ksh|ksh93|mksh|yash|fish|busybox)$/, 'shell'],
  [/^php(\d+(\.\d+)*)?(-cli)?$/, 'php'],
  [/^(lua(\d+(\.\d+)*)?|luajit)$/, 'lua'],
  [/^electron\d*$/, 'electron'],
];

/** The runtime an executable is, from its file name; undefined for an ordinary program. */
export function runtimeKindOf(executable: string): RuntimeKind | undefined {
  // A replaced binary reads `/usr/bin/python3.11 (deleted)` in /proc.
  const name = basename(executable.replace(/ \(deleted\)$/, ''));
  return RUNTIME_NAMES.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * Package names that hold a runtime, a shell or the base system, on Debian and
 * RPM distributions. A second guard behind the runtime detection: the package
 * that owns the running runtime's executable is refused by lookup, and these
 * are refused by name even when the detection did not see a runtime (a
 * `python3 -m http.server` resolves to a file of libpython3.11-stdlib).
 */
const RUNTIME_PACKAGES: readonly RegExp[] = [
  /^(lib)?python\d*(\.\d+)?(-minimal|-stdlib|-dev|-venv|-libs)?$/, /^python3?-(minimal|stdlib|libs|base)$/, /^pypy3?$/,
  /^(lib)?perl(\d+(\.\d+)*)?(-base|-modules(-[\d.]+)?|-libs|-interpreter)?$/,
  /^(lib)?ruby(\d+(\.\d+)*)?(-dev|-libs)?$/, /^rubygems(-integration)?$/,
  /^(nodejs|libnode\d*|node)$/, /^nodejs\d+(-\w+)?$/,
  /^(openjdk|java)-.*$/, /^(default-(jre|jdk)(-headless)?|java-common|ca-certificates-java)$/, /^openjdk\d*(-\w+)*$/,
  /^(mono-(runtime|complete|devel|core)|mono-\w+|libmono.*)$/, /^mono$/,
  /^dotnet.*$/, /^aspnetcore-runtime.*$/,
  /^(bash|dash|zsh|ksh|ksh93|mksh|yash|fish|busybox|tcsh|csh)$/,
  /^php\d*(\.\d+)?(-cli|-common)?$/, /^(lua\d*(\.\d+)?|luajit)$/, /^liblua.*$/, /^electron$/,
  /^(libc6|libc-bin|glibc(-common)?|coreutils|util-linux|systemd|init|base-files|base-passwd|dpkg|apt|rpm|dnf|yum|zypper|sudo|login|passwd|libstdc\+\+6|libgcc-s1|libgcc)$/,
];

/** Whether `name` is a runtime's or the base system's package, by name alone. */
export function isRuntimePackageName(name: string): boolean {
  return RUNTIME_PACKAGES.some((pattern) => pattern.test(name));
}
