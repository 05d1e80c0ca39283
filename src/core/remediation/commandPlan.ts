// What a command action becomes for one finding on this machine: offered or
// kept out of the way (another OS, an `if:` the finding does not meet), and
// when offered, the exact text (for a terminal) and argument list (for a
// headless run), or every reason it cannot run yet. Nothing here runs.
import type { Finding } from '../findings/types';
import type { CommandAction, CommandOs } from '../runbook/model';
import { fillCommand, scanPlaceholders, type CommandShell } from '../runbook/placeholders';
import { findingFacts, findingValues, whyMissing } from './findingFacts';
import { plural } from '../text/sentences';

export interface CommandContext {
  /** The OS of the machine that would run it. */
  readonly os: CommandOs;
  /** The shell the terminal runs (the extension chooses it). */
  readonly shell: CommandShell;
  /** Running as root (uid 0): `sudo` is dropped. */
  readonly isRoot: boolean;
  /** `sudo` is installed. */
  readonly hasSudo: boolean;
  /** Nobody is there to answer the command's questions (headless --apply): its `unattended` options are added. */
  readonly unattended?: boolean;
}

export type CommandPlan =
  /** Not for this finding on this machine; `why` says so, for the "other commands" list. */
  | { readonly offered: false; readonly why: string; readonly template?: string }
  | { readonly offered: true; readonly ready: true; readonly text: string; readonly argv: readonly string[] | undefined; readonly template: string }
  | { readonly offered: true; readonly ready: false; readonly text: string; readonly problems: readonly string[]; readonly template: string };

const SUDO = 'sudo ';

/** The plan of one command action, for one finding (or none, in a step that does not repeat). */
export function planCommand(action: CommandAction, finding: Finding | undefined, context: CommandContext): CommandPlan {
  const template = action.commands[context.os];
  if (template === undefined) return { offered: false, why: `no command for ${context.os}` };
  if (finding?.where === 'remote') return { offered: false, why: `this node runs on ${finding.host}: remediate it on that host`, template };
  if (action.applies !== undefined) {
    if (finding === undefined) return { offered: false, why: 'applies to a finding, and none is given', template };
    const value = findingFacts(finding)[action.applies.fact];
    if (!action.applies.values.includes(value)) {
      return { offered: false, why: `for ${action.applies.fact} ${action.applies.values.join(' or ')}; this finding's ${action.applies.fact} is ${value}`, template };
    }
  }
  const problems: string[] = [];
  let body = template;
  if (template.startsWith(SUDO) && context.os !== 'windows') {
    if (context.isRoot) body = template.slice(SUDO.length);
    else if (!context.hasSudo) problems.push('sudo is not installed and you are not root: run it as root (for example with su -c), or ask an administrator');
  }
  if (context.unattended === true && action.unattended !== undefined) {
    body = `${body} ${action.unattended.join(' ')}`;
    const cascade = finding === undefined ? undefined : unattendedRemovalProblem(action, finding);
    if (cascade !== undefined) problems.push(cascade);
  }
  const values = finding === undefined ? {} : findingValues(finding);
  // The OS and the finding's package manager pick the rule each value must pass (a Debian package name, a unit name...).
  const filled = fillCommand(body, values, context.shell, { os: context.os });
  for (const name of filled.missing) {
    const why = finding === undefined ? undefined : whyMissing(finding, name);
    problems.push(`{{${name}}} has no value${why === undefined ? ': detection found none (run detection again, or run the command by hand)' : `: ${why}`}`);
  }
  for (const rejected of filled.rejected) problems.push(`{{${rejected.name}}} was not filled in: ${rejected.reason}`);
  if (problems.length > 0) return { offered: true, ready: false, text: filled.text, problems, template };
  return { offered: true, ready: true, text: filled.text, argv: argvOf(body, values), template };
}

/** Package managers whose removal takes the packages that depend on the removed one along. */
const CASCADING_MANAGERS: readonly string[] = ['apt', 'dnf', 'yum', 'zypper'];

/**
 * Unattended (`-y`), apt-get and dnf remove whatever depends on the package
 * without anyone seeing the list they would have shown. So a removal that runs
 * unattended must rest on the package database's word that nothing installed
 * depends on the package; otherwise it is for the editor, where the person reads the list.
 */
function unattendedRemovalProblem(action: CommandAction, finding: Finding): string | undefined {
  const install = finding.program?.install;
  if (!action.placeholders.includes('package') || install?.package === undefined || install.manager === undefined || !CASCADING_MANAGERS.includes(install.manager)) return undefined;
  const inEditor = `remove it from the editor, where ${install.manager} lists what it would remove and asks`;
  if (install.dependents === undefined) return `unattended, ${install.manager} would remove ${install.package} without showing what depends on it, and detection did not learn that: ${inEditor}`;
  if (install.dependents.length === 0) return undefined;
  const one = install.dependents.length === 1;
  return `${plural(install.dependents.length, 'installed package')} (${install.dependents.join(', ')}) depend${one ? 's' : ''} on ${install.package}; unattended, ${install.manager} would remove ${one ? 'it' : 'them'} too, unseen: ${inEditor}, or remove ${one ? 'it' : 'them'} first`;
}

/** A literal word an argument list can carry as it is: nothing a shell would have expanded. */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * The command as an argument list, for a run without any shell: each word of
 * the template is either plain text or exactly one placeholder, whose value
 * becomes one argument as it is. Undefined when the template needs a shell
 * (quotes, `$(...)`, pipes): such a command runs only in a terminal.
 */
export function argvOf(template: string, values: Record<string, string | undefined>): string[] | undefined {
  const argv: string[] = [];
  for (const word of template.trim().split(/\s+/)) {
    const { uses, errors } = scanPlaceholders(word);
    if (errors.length > 0) return undefined;
    const only = uses[0];
    if (uses.length === 1 && only !== undefined && only.start === 0 && only.end === word.length) {
      const value = Object.hasOwn(values, only.name) ? values[only.name] : undefined;
      if (value === undefined) return undefined;
      argv.push(value);
    } else if (uses.length === 0 && PLAIN_WORD.test(word)) {
      argv.push(word);
    } else {
      return undefined;
    }
  }
  return argv.length > 0 ? argv : undefined;
}
