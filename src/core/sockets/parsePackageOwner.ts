// Readers for package manager answers to "which package installed this file?".

/**
 * `dpkg -S <path>` prints `pkg1, pkg2:arch: /path` for owners and
 * `diversion by pkg from: /path` for diversions. Returns the owners of
 * exactly `path`, without architecture suffixes.
 */
export function parseDpkgSearch(output: string, path: string): string[] {
  const owners: string[] = [];
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (line.startsWith('diversion by ') || !line.endsWith(`: ${path}`)) continue;
    const list = line.slice(0, line.length - path.length - 2);
    for (const entry of list.split(', ')) {
      const name = entry.replace(/:[a-z0-9-]+$/, '');
      if (/^[a-z0-9][a-z0-9+.-]*$/.test(name) && !owners.includes(name)) owners.push(name);
    }
  }
  return owners;
}

/** `rpm -qf --queryformat '%{NAME}\n' <path>`: one name a line; messages otherwise. */
export function parseRpmQuery(output: string): string[] {
  return output.split('\n').map((l) => l.trim()).filter((l) => /^[A-Za-z0-9_+.-]+$/.test(l));
}

/** The Homebrew formula a file belongs to, read from its Cellar path. */
export function brewFormulaFromPath(path: string): string | undefined {
  return /\/Cellar\/([^/]+)\/[^/]+\//.exec(path)?.[1];
}

/** Other spellings of a path under a merged /usr, where /bin is a link to /usr/bin. */
export function usrMergeAlternatives(path: string): string[] {
  const merged = /^\/usr\/(s?bin|lib\w*)\//.exec(path);
  if (merged !== null) return [path.slice('/usr'.length)];
  if (/^\/(s?bin|lib\w*)\//.test(path)) return [`/usr${path}`];
  return [];
}
