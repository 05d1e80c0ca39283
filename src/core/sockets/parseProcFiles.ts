// Readers for the small Linux files that describe a process and its user:
// /proc/<pid>/status, /proc/<pid>/cmdline, /proc/<pid>/fd links, /etc/passwd.

/** The real uid from the `Uid:` line of /proc/<pid>/status. */
export function parseStatusUid(status: string): number | undefined {
  const match = /^Uid:\s+(\d+)\s/m.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** /proc/<pid>/cmdline: arguments end in NUL. Joined with spaces; empty for kernel threads. */
export function parseCmdline(raw: string): string | undefined {
  const args = raw.split('\0');
  if (args[args.length - 1] === '') args.pop();
  const joined = args.join(' ').trim();
  return joined === '' ? undefined : joined;
}

/** The inode of a `socket:[12345]` fd link, or undefined for any other file. */
export function socketInodeOfLink(link: string): number | undefined {
  const match = /^socket:\[(\d+)\]$/.exec(link);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** uid → login name from /etc/passwd text; malformed lines are ignored. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}
