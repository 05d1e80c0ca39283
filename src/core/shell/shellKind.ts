// The kinds of shell a command can be written for. Quoting differs between
// them (fish reads backslashes inside single quotes, PowerShell has its own
// quotes), so a value is quoted for the exact kind that will run it. The
// extension starts that shell itself (src/core/terminal/terminalShell.ts)
// rather than guessing the kind of the person's default one.

/** posix: bash, dash, zsh, sh (and ksh). fish: fish 3. powershell: pwsh and Windows PowerShell. */
export type ShellKind = 'posix' | 'fish' | 'powershell';
