// Which file is the program, read from a process's command line. When the
// executable is an interpreter or runtime (python, node, java...) the program
// is the script or archive it was given, found by skipping the runtime's own
// options the way that runtime parses them. An AppImage runs from a temporary
// mount; the file to remove is the one $APPIMAGE names.
import { basename, isInside, resolvePath } from './posixPath';
import { runtimeKindOf } from './runtimes';
import type { ProgramFile, RuntimeKind } from './types';

export interface CommandLineContext {
  /** The process's working directory: relative script paths are resolved against it. */
  readonly cwd?: string;
  /** The few environment variables that matter here (APPIMAGE, APPDIR); never the whole environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface CommandLineProgram {
  /** The file that is the program; absent when the command line names none. */
  readonly program?: ProgramFile;
  /** Set when the executable is an interpreter or runtime. */
  readonly runtime?: { readonly kind: RuntimeKind; readonly executable: string };
  /** `python -m <module>`: the module to resolve on Python's search path (I/O, done by the caller). */
  readonly module?: string;
  /** Why no program file is named (code given inline, standard input, a relative path without a cwd...). */
  readonly reason?: string;
}

/** What the runtime's argument parser found after its own options. */
type Found =
  | { readonly file: string; readonly foundBy: string }
  | { readonly module: string }
  | { readonly none: string };

export function programFromCommandLine(executable: string | undefined, argv: readonly string[], context: CommandLineContext = {}): CommandLineProgram {
  const exe = executable ?? argv[0];
  if (exe === undefined || exe === '') return { reason: 'Neither the executable nor the command line of the process is known.' };
  const appImage = appImageOf(exe, context.env ?? {});
  if (appImage !== undefined) return { program: appImage };

  const kind = runtimeKindOf(exe) ?? (executable === undefined ? undefined : runtimeKindOf(argv[0] ?? ''));
  if (kind === undefined) {
    const path = exe.replace(/ \(deleted\)$/, '');
    return { program: { path, foundBy: executable === undefined ? 'argv[0] (the executable was not readable)' : 'the executable (/proc/<pid>/exe)' } };
  }
  const runtime = { kind, executable: exe };
  const name = basename(exe);
  const found = PARSERS[kind](argv.slice(1));
  if ('none' in found) return { runtime, reason: `${name} ${found.none}` };
  if ('module' in found) return { runtime, module: found.module };
  if (!found.file.startsWith('/') && context.cwd === undefined) {
    return { runtime, reason: `${name} runs "${found.file}", a path relative to its working directory, which could not be read.` };
  }
  const path = resolvePath(context.cwd ?? '/', found.file);
  return { runtime, program: { path, runtime, foundBy: `${found.foundBy} of ${name}` } };
}

/** An AppImage's executables live under its mount (/tmp/.mount_<name><random>/, also $APPDIR); $APPIMAGE is the image file. */
function appImageOf(exe: string, env: Readonly<Record<string, string | undefined>>): ProgramFile | undefined {
  const image = env.APPIMAGE;
  if (image === undefined || !image.startsWith('/')) return undefined;
  const mount = /^(\/tmp\/\.mount_[^/]+)\//.exec(exe)?.[1] ?? (env.APPDIR !== undefined && isInside(exe, env.APPDIR) ? env.APPDIR : undefined);
  if (mount === undefined) return undefined;
  return { path: image, foundBy: `$APPIMAGE (the executable ${exe} lies in the image's mount ${mount})` };
}

/**
 * A runtime's option grammar: flags that take the next argument, flags that end
 * option parsing with inline code or a module, and single-letter clusters.
 */
interface Grammar {
  /** Options whose value is the next argument (or attached: `-Wd`, `--require=x`). */
  readonly withValue: ReadonlySet<string>;
  /** Options whose value is code to run: no file is the program. */
  readonly code: ReadonlySet<string>;
  /** Options whose value is a module to run. */
  readonly module?: ReadonlySet<string>;
  /** Options whose value is the program file itself (`php -f file`, `java -jar file`). */
  readonly file?: ReadonlySet<string>;
  /** Single-letter options may be clustered (`python -uO`, `perl -wle`). */
  readonly clusters: boolean;
  /** Options that read the program from standard input. */
  readonly stdin?: ReadonlySet<string>;
  /** Letters whose value can only be attached (`-i.bak`): the rest of the cluster, never the next argument. */
  readonly attachedOnly?: ReadonlySet<string>;
  /** Letters followed by an optional attached value of this shape (`-l015`, `-0777`), after which the cluster goes on. */
  readonly attachedDigits?: ReadonlyMap<string, RegExp>;
  /** `+x` style options (shells). */
  readonly plusOptions?: boolean;
}

function parseWith(grammar: Grammar, args: readonly string[], what: string): Found {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      const next = args[i + 1];
      return next === undefined ? { none: 'reads its program from standard input; no file is the program.' } : { file: next, foundBy: `the ${what} after "--"` };
    }
    if (arg === '-') return { none: 'reads its program from standard input; no file is the program.' };
    if (!arg.startsWith('-')) {
      if (grammar.plusOptions === true && /^\+[a-zA-Z]+$/.test(arg)) { // a shell's `+x`, `+o name`
        if (arg === '+o' || arg === '+O') i += 1;
        continue;
      }
      return { file: arg, foundBy: `the ${what} argument` };
    }
    // `--opt=value` carries its value.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const option = eq > 0 ? arg.slice(0, eq) : arg;
    const attached = eq > 0 ? arg.slice(eq + 1) : undefined;
    const long = arg.startsWith('--') || !grammar.clusters;
    if (long || arg.length === 2) {
      const value = attached ?? args[i + 1];
      const verdict = classify(grammar, option, value, what);
      if (verdict !== undefined) return verdict;
      if (grammar.withValue.has(option) && attached === undefined) i += 1;
      if (grammar.stdin?.has(option)) return { none: 'reads its program from standard input; no file is the program.' };
      continue;
    }
    // A cluster: letters until one takes a value, which is the rest or the next argument.
    for (let c = 1; c < arg.length; c += 1) {
      const letter = `-${arg[c]}`;
      const rest = arg.slice(c + 1);
      if (grammar.attachedOnly?.has(letter)) break; // `perl -i.bak`, `ruby -x/dir`: the rest is its value
      const digits = grammar.attachedDigits?.get(letter);
      if (digits !== undefined) { // `perl -l015e ...`: its own digits, then more letters
        c += digits.exec(rest)?.[0].length ?? 0;
        continue;
      }
      const takes = grammar.withValue.has(letter) || grammar.code.has(letter) || grammar.module?.has(letter) === true || grammar.file?.has(letter) === true;
      if (!takes) {
        if (grammar.stdin?.has(letter)) return { none: 'reads its program from standard input; no file is the program.' };
        continue;
      }
      const value = rest !== '' ? rest : args[i + 1];
      const verdict = classify(grammar, letter, value, what);
      if (verdict !== undefined) return verdict;
      if (rest === '') i += 1;
      break;
    }
  }
  return { none: 'was started without a program file on its command line (an interactive session, or one the process rewrote).' };
}

function classify(grammar: Grammar, option: string, value: string | undefined, what: string): Found | undefined {
  if (grammar.code.has(option)) return { none: `runs code given on its command line (${option}); no file is the program.` };
  if (grammar.module?.has(option)) return value === undefined ? { none: `was given ${option} without a module.` } : { module: value };
  if (grammar.file?.has(option)) return value === undefined ? { none: `was given ${option} without a file.` } : { file: value, foundBy: `the ${option} ${what}` };
  return undefined;
}

const set = (...items: string[]): ReadonlySet<string> => new Set(items);

const PYTHON: Grammar = { withValue: set('-W', '-X', '--check-hash-based-pycs'), code: set('-c'), module: set('-m'), clusters: true };
const PERL: Grammar = {
  withValue: set('-I', '-M', '-m'), code: set('-e', '-E'), clusters: true,
  attachedOnly: set('-x', '-d', '-D', '-F', '-i'),
  attachedDigits: new Map([['-l', /^[0-7]*/], ['-0', /^(x[0-9a-fA-F]+|[0-7]*)/], ['-C', /^(\d+|[IOEioSDALa]*)/]]),
};
const RUBY: Grammar = {
  withValue: set('-I', '-r', '-C', '-E', '--encoding', '--enable', '--disable', '--dump'), code: set('-e'), clusters: true,
  attachedOnly: set('-x', '-i', '-K', '-F'), attachedDigits: new Map([['-W', /^(:[\w-]+|[0-2]?)/], ['-0', /^[0-7]*/]]),
};
const NODE: Grammar = {
  withValue: set('-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--inspect-port', '--debug-port',
    '--title', '--env-file', '--openssl-config', '--icu-data-dir', '--redirect-warnings', '--input-type', '--secure-heap', '--disable-warning',
    '--watch-path', '--experimental-policy', '--policy-integrity', '--diagnostic-dir', '--report-directory', '--report-filename', '--cpu-prof-dir', '--heap-prof-dir'),
  code: set('-e', '--eval', '-p', '--print'),
  clusters: false,
  stdin: set('-i', '--interactive'),
};
const SHELL: Grammar = { withValue: set('-o', '-O', '--rcfile', '--init-file'), code: set('-c'), clusters: true, stdin: set('-s'), plusOptions: true };
const PHP: Grammar = { withValue: set('-c', '-d', '-z', '-t', '-S', '-B', '-R', '-F', '-E', '--rf', '--rc', '--re', '--rz', '--ri'), code: set('-r'), file: set('-f'), clusters: false };
const LUA: Grammar = { withValue: set('-l'), code: set('-e'), clusters: false };
const MONO: Grammar = { withValue: set(), code: set(), clusters: false };
const ELECTRON: Grammar = { withValue: set(), code: set(), clusters: false };
const DOTNET: Grammar = {
  withValue: set('--roll-forward', '--fx-version', '--additionalprobingpath', '--additional-deps', '--depsfile', '--runtimeconfig', '--roll-forward-on-no-candidate-fx'),
  code: set(), clusters: false,
};

function java(args: readonly string[]): Found {
  const withValue = set('-cp', '-classpath', '--class-path', '-p', '--module-path', '--upgrade-module-path', '--add-modules', '--limit-modules',
    '--add-reads', '--add-exports', '--add-opens', '--patch-module', '--enable-native-access', '--source');
  let classPath: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '-jar') {
      const jar = args[i + 1];
      return jar === undefined ? { none: 'was given -jar without a file.' } : { file: jar, foundBy: 'the -jar archive' };
    }
    if (arg === '-m' || arg === '--module' || arg.startsWith('--module=')) {
      const module = arg.startsWith('--module=') ? arg.slice('--module='.length) : args[i + 1];
      return { none: `runs the module ${module ?? '(none named)'} from its module path; no single file is the program.` };
    }
    if (arg.startsWith('@')) return { none: `reads its options from the file ${arg.slice(1)}, which is not read here.` };
    const eq = arg.indexOf('=');
    const option = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (withValue.has(option)) {
      const value = option === arg ? args[i + 1] : arg.slice(eq + 1);
      if (['-cp', '-classpath', '--class-path'].includes(option)) classPath = value;
      if (option === arg) i += 1;
      continue;
    }
    if (arg.startsWith('-')) continue; // -Xmx512m, -Dkey=value, -verbose:gc, -server: all one argument
    // The main class: the program is where the class path starts.
    const first = classPath?.split(':').find((entry) => entry !== '');
    if (first === undefined) return { none: `runs the class ${arg} from the default class path (the working directory); no single file is the program.` };
    if (first.endsWith('*')) return { file: first.slice(0, -1).replace(/\/$/, '') || '.', foundBy: `the first class-path folder (main class ${arg})` };
    return { file: first, foundBy: `the first class-path entry (main class ${arg})` };
  }
  return { none: 'was started without a class or archive on its command line.' };
}

function dotnet(args: readonly string[]): Found {
  const rest = args[0] === 'exec' ? args.slice(1) : args;
  if (rest[0] !== undefined && !rest[0].startsWith('-') && !/\.(dll|exe)$/i.test(rest[0])) {
    return { none: `runs the SDK command "${rest[0]}"; no single file is the program.` };
  }
  return parseWith(DOTNET, rest, 'assembly');
}

const PARSERS: Readonly<Record<RuntimeKind, (args: readonly string[]) => Found>> = {
  python: (args) => parseWith(PYTHON, args, 'script'),
  perl: (args) => parseWith(PERL, args, 'script'),
  ruby: (args) => parseWith(RUBY, args, 'script'),
  node: (args) => parseWith(NODE, args, 'script'),
  java,
  mono: (args) => parseWith(MONO, args, 'assembly'),
  dotnet,
  shell: (args) => parseWith(SHELL, args, 'script'),
  php: (args) => parseWith(PHP, args, 'script'),
  lua: (args) => parseWith(LUA, args, 'script'),
  electron: (args) => parseWith(ELECTRON, args, 'app'),
};
