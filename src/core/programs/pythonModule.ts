// `python -m <module>` names a module, not a file. Which file that is depends
// on Python's search path; rather than run the suspect's interpreter to ask
// it (that would execute a program we are investigating), we list the
// folders a standard install searches and let the caller look for the file.
import { basename, dirname } from './posixPath';

/**
 * Files that may be the module, most specific first: the module itself
 * (`a/b/c.py`, or `a/b/c/__main__.py` for a package run with -m), then the
 * top-level package it belongs to (`a/__init__.py`, `a.py`), in each folder
 * of the search path: the working directory first, as `-m` does.
 */
export function pythonModuleCandidates(module: string, executable: string, cwd?: string, home?: string): string[] {
  const version = /^python(\d+\.\d+)/.exec(basename(executable))?.[1];
  const prefix = dirname(dirname(executable)); // a virtualenv's or /usr/local's prefix
  const dirs = [
    ...(cwd === undefined ? [] : [cwd]),
    ...(version === undefined ? [] : [
      `${prefix}/lib/python${version}/site-packages`,
      ...(home === undefined ? [] : [`${home}/.local/lib/python${version}/site-packages`]),
      `/usr/local/lib/python${version}/dist-packages`, `/usr/local/lib/python${version}/site-packages`,
    ]),
    '/usr/lib/python3/dist-packages',
    ...(version === undefined ? [] : [`/usr/lib/python${version}`, `/usr/lib/python${version}/site-packages`, `/usr/lib64/python${version}/site-packages`]),
  ];
  const unique = [...new Set(dirs)];
  const parts = module.split('.').filter((p) => p !== '');
  const rel = parts.join('/');
  const top = parts[0] ?? module;
  return [
    ...unique.flatMap((d) => [`${d}/${rel}.py`, `${d}/${rel}/__main__.py`]),
    ...(parts.length > 1 ? unique.flatMap((d) => [`${d}/${top}/__init__.py`, `${d}/${top}.py`]) : []),
  ];
}
