// What remediation needs to know about the program behind a DHT socket: the
// process, the file that really is the program (not the interpreter that
// runs it), how it was installed, and what starts it. Plain JSON: it is kept
// in run records as evidence, next to the raw outputs it was read from.

/** The running process, as /proc (or the platform's equivalent) showed it. */
export interface ProcessFacts {
  readonly pid: number;
  /** Login name, or the uid as text when the name is unknown. */
  readonly user?: string;
  readonly uid?: number;
  /**
   * The kernel's start time of the process (Linux: field 22 of /proc/<pid>/stat,
   * clock ticks since boot, as text). With the pid it names the process
   * uniquely: a reused pid has another start time.
   */
  readonly startTicks?: string;
  /** The same start time as a timestamp, for people. */
  readonly startedAt?: string;
  /** argv as the process holds it (NUL-separated in /proc/<pid>/cmdline). */
  readonly commandLine?: readonly string[];
  /** The executable the kernel runs (/proc/<pid>/exe): the interpreter for a script. */
  readonly executable?: string;
  /** The kernel's short name (`comm`, at most 15 characters). */
  readonly name?: string;
  /** The working directory (/proc/<pid>/cwd), which relative script paths are resolved against. */
  readonly cwd?: string;
}

/** Interpreters and runtimes whose package must never be offered for removal. */
export type RuntimeKind = 'python' | 'perl' | 'ruby' | 'node' | 'java' | 'mono' | 'dotnet' | 'shell' | 'php' | 'lua' | 'electron';

/** The file that is the program: the executable itself, or the script/archive an interpreter runs. */
export interface ProgramFile {
  /** Absolute path of the program file (a script, a .jar, a .js file, an AppImage, or the executable). */
  readonly path: string;
  /** Set when the executable is an interpreter or runtime and `path` came from its command line. */
  readonly runtime?: { readonly kind: RuntimeKind; readonly executable: string };
  /** How `path` was found, for the report: e.g. "argv[1] of python3.11", "-jar argument", "$APPIMAGE". */
  readonly foundBy: string;
  /** Set when `path` is a symbolic link (an npm or pip bin link): the file it leads to, which was classified too. */
  readonly realPath?: string;
  /** `python -m <module>`: the module named on the command line; `path` is the file it resolved to. */
  readonly module?: string;
}

/** The interpreter or runtime that runs the program, and the package that holds it (never offered for removal). */
export interface RuntimeFacts {
  readonly kind: RuntimeKind;
  readonly executable: string;
  /** The package that owns the runtime's executable, when a package manager does. */
  readonly package?: string;
}

/** How the program got onto the machine; each kind has its own removal command. */
export type InstallKind =
  | 'deb' // a Debian package (dpkg; removed with apt)
  | 'rpm' // an RPM package (removed with dnf, yum or zypper: `manager` says which)
  | 'snap'
  | 'flatpak'
  | 'appimage'
  | 'pip' // a Python package installed with pip (system, user or a virtualenv)
  | 'npm' // a Node package installed with npm (global or a project's node_modules)
  | 'homebrew'
  | 'windows-installer'
  | 'user-copy' // a file under a home directory that no package manager owns
  | 'opt' // a file under /opt (or /usr/local) that no package manager owns
  | 'unpackaged' // anything else no package manager owns
  | 'unknown'; // the program file could not be read (no permission, process gone)

/** The command-line tool that removes a package of this kind on this host. */
export type PackageManagerTool = 'apt' | 'dnf' | 'yum' | 'zypper' | 'snap' | 'flatpak' | 'pip' | 'npm' | 'brew' | 'winget';

/** Why removing the package is not offered, with what it rests on. */
export interface RemovalRefusal {
  readonly reason: string;
  /** Installed packages that depend on it (when that is the reason), at most a few dozen named. */
  readonly dependents?: readonly string[];
  readonly dependentCount?: number;
}

export interface InstallFacts {
  readonly kind: InstallKind;
  /** The tool that removes it here; absent when nothing does (user-copy, opt, unpackaged, unknown). */
  readonly manager?: PackageManagerTool;
  /** Package name in that manager's own terms (deb/rpm name, snap name, flatpak app id, pip/npm name, formula). */
  readonly package?: string;
  /** The file or folder that would be removed by hand when no manager owns it (an AppImage, a user's copy). */
  readonly removablePath?: string;
  /** Set when removal of `package` must not be offered. */
  readonly refusal?: RemovalRefusal;
  /**
   * Installed packages that depend on `package` (deb, rpm), as the package
   * database said at detection; absent when it was not asked, could not
   * answer, or removal is refused (the refusal names them then).
   */
  readonly dependents?: readonly string[];
  /** What a person should know (a virtualenv's path, an AppImage's mount point, a replaced file). */
  readonly note?: string;
}

export type ServiceFacts =
  /** A system unit; `snapApp` (`<snap>.<app>`) is set for a snap's service, stopped with `snap stop --disable <snapApp>`. */
  | { readonly manager: 'systemd'; readonly scope: 'system'; readonly unit: string; readonly snapApp?: string }
  /** A per-user unit: stopped with `systemctl --user` as that user (or `--machine=<user>@`). */
  | { readonly manager: 'systemd'; readonly scope: 'user'; readonly unit: string; readonly uid?: number; readonly user?: string }
  | { readonly manager: 'launchd'; readonly label: string; readonly domain?: string }
  | { readonly manager: 'windows-service'; readonly name: string }
  | { readonly manager: 'none'; readonly reason: string };

/** Everything about one process's program, as the owner lookup found it. */
export interface ProgramFacts {
  readonly process: ProcessFacts;
  /** Absent when no file is the program (`python -c`, `node -e`, `bash -c`, an unreadable process): `install.note` says why. */
  readonly program?: ProgramFile;
  /** Set whenever the executable is an interpreter or runtime, with or without a program file. */
  readonly runtime?: RuntimeFacts;
  readonly install: InstallFacts;
  readonly service: ServiceFacts;
}
