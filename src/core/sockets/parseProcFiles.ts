// Readers for the small Linux files that describe a process and its user:
// /proc/<pid>/status, /proc/<pid>/cmdline, /proc/<pid>/fd links, /etc/passwd.

/** The real uid from the `Uid:` line of /proc/<pid>/status. */
export function parseStatusUid(status: string): number | undefined {
  const match = /^Uid:\s+(\d+)\s/m.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** /proc/<pid>/cmdline as arguments: each ends in NUL; none for kernel threads. */
export function cmdlineArgs(raw: string): string[] {
  const args = raw.split('\0');
  if (args[args.length - 1] === '') args.pop();
  return args;
}

/** /proc/<pid>/cmdline joined with spaces; undefined for kernel threads. */
export function parseCmdline(raw: string): string | undefined {
  const joined = cmdlineArgs(raw).join(' ').trim();
  return joined === '' ? undefined : joined;
}

/** The inode of a `socket:[12345]` fd link, or undefined for any other file. */
export function socketInodeOfLink(link: string): number | undefined {
  const match = /^socket:\[(\d+)\]$/.exec(link);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** What /etc/passwd says about its users, read in one pass; comments and malformed lines are ignored. */
export interface PasswdFacts {
  /** uid → login name (the first line of a uid counts). */
  readonly users: Map<number, string>;
  /** uid → home directory, when that is an absolute path (the first such line of a uid counts). */
  readonly homeOf: Map<number, string>;
  /** The users' own home directories, once each: not `/`, and no system folder such as /usr, /var or /nonexistent. */
  readonly homes: string[];
}

export function parsePasswdFacts(text: string): PasswdFacts {
  const users = new Map<number, string>();
  const homeOf = new Map<number, string>();
  const homes = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , uidText, , , home] = line.split(':');
    if (uidText === undefined || !/^\d+$/.test(uidText)) continue;
    const uid = Number(uidText);
    if (name && !users.has(uid)) users.set(uid, name);
    if (home?.startsWith('/') !== true) continue;
    if (!homeOf.has(uid)) homeOf.set(uid, home);
    // System accounts' "homes" hold no copy of a user's program.
    if (home !== '/' && !/^\/(bin|sbin|usr|var|dev|proc|run|nonexistent)(\/|$)/.test(home)) homes.add(home);
  }
  return { users, homeOf, homes: [...homes] };
}

/** uid → login name from /etc/passwd text; malformed lines are ignored. */
export function parsePasswd(text: string): Map<number, string> {
  return parsePasswdFacts(text).users;
}
