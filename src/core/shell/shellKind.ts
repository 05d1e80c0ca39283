// The kinds of shell a command can be written for. Quoting differs between
// them (fish reads backslashes inside single quotes, PowerShell has its own
// quotes), so a value is quoted for the exact kind that will run it.

/** posix: bash, dash, zsh, sh (and ksh). fish: fish 3. powershell: pwsh and Windows PowerShell. */
export type ShellKind = 'posix' | 'fish' | 'powershell';

const KIND_BY_PROGRAM: Readonly<Record<string, ShellKind>> = {
  sh: 'posix', bash: 'posix', dash: 'posix', zsh: 'posix', ksh: 'posix', mksh: 'posix', ash: 'posix', busybox: 'posix',
  fish: 'fish',
  pwsh: 'powershell', powershell: 'powershell',
};

/**
 * The kind of a shell from its program path (`/usr/bin/zsh`, `C:\...\pwsh.exe`),
 * or undefined for a shell whose quoting we do not know (csh, tcsh, nu, xonsh,
 * cmd.exe): a command must not be sent to one of those.
 */
export function shellKindOfProgram(path: string): ShellKind | undefined {
  const base = path.split(/[\\/]/).pop()?.toLowerCase().replace(/\.exe$/, '') ?? '';
  return Object.hasOwn(KIND_BY_PROGRAM, base) ? KIND_BY_PROGRAM[base] : undefined;
}
