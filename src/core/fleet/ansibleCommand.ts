// The `ansible-playbook` command line that runs the fleet playbook
// (ansible/dht-runbook.yml) for one host, or a few, with the run's choices as
// variables: what the run panel copies from a host's row.
//
// Three things are quoted, each for its own reader:
// - the shell (POSIX or fish), by quotePosix / quoteFish;
// - Ansible's host patterns: a name with a pattern character (`*`, `!`, `~`,
//   `@`, `,` …) would select other hosts, so it is refused, not escaped;
// - Ansible's templating: every variable's value is a Jinja template to
//   Ansible, so `{{`, `{%` and `{#` in a justification would run on the
//   controller; such a value is refused with the reason.
// The variables go as one JSON --extra-vars, so types survive (dht_apply is a
// boolean, not the string "true"), and as ASCII only, so nothing invisible
// (bidi controls, look-alike quotes) hides in a line someone pastes.
import { quoteFish, quotePosix } from '../runbook/placeholders';

/** The choices a fleet run passes to the role (ansible/roles/dht_runbook/defaults/main.yml). */
export interface FleetVariables {
  /** The policy answer for every finding ("not permitted", "permitted"); absent: detection and verification only. */
  readonly decision?: string;
  /** Why; required with a decision. */
  readonly justification?: string;
  /** Run the commands; false or absent: remediation prints its plan only. */
  readonly apply?: boolean;
  /** Only these remediation steps' commands (e.g. ["stop-process"]). */
  readonly steps?: readonly string[];
  /** Where the records come back on the controller (the role's dht_fetch_dir). */
  readonly fetchDir?: string;
}

export interface AnsibleCommandInput {
  /** The inventory file (`-i`). */
  readonly inventory: string;
  /** The playbook, ansible/dht-runbook.yml of this repository. */
  readonly playbook: string;
  /** Inventory host names for --limit: the host of the row. Absent or empty: every host. */
  readonly hosts?: readonly string[];
  readonly variables: FleetVariables;
  /** The shell the line is pasted into (Ansible's controller is POSIX; fish users too). Default posix. */
  readonly shell?: 'posix' | 'fish';
}

export type AnsibleCommand =
  | { readonly ok: true; readonly command: string; readonly argv: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

const STEP_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Characters that give a host pattern a meaning other than "this host". */
const PATTERN_START = /^[!&~@]/;
const PATTERN_INSIDE = /[*?[\],\s]/;
const TEMPLATE = /\{[{%#]/;

export function ansibleCommand(input: AnsibleCommandInput): AnsibleCommand {
  const problems = [
    ...pathProblems(input.inventory, 'the inventory'),
    ...pathProblems(input.playbook, 'the playbook'),
    ...(input.hosts ?? []).flatMap(hostProblems),
    ...variableProblems(input.variables),
  ];
  if (problems.length > 0) return { ok: false, problems };

  const quote = input.shell === 'fish' ? quoteFish : quotePosix;
  // Fixed words stay as they are; every value is quoted for the shell.
  const words: { text: string; value: boolean }[] = [{ text: 'ansible-playbook', value: false }, { text: '-i', value: false }, { text: asPath(input.inventory), value: true }];
  const hosts = input.hosts ?? [];
  // Commas separate patterns; with a colon in a name (IPv6), a trailing comma stops Ansible splitting on ':'.
  if (hosts.length > 0) words.push({ text: '--limit', value: false }, { text: hosts.join(',') + (hosts.some((h) => h.includes(':')) ? ',' : ''), value: true });
  words.push({ text: '--extra-vars', value: false }, { text: asciiJson(roleVariables(input.variables)), value: true }, { text: asPath(input.playbook), value: true });
  return { ok: true, argv: words.map((w) => w.text), command: words.map((w) => (w.value ? quote(w.text) : w.text)).join(' ') };
}

/** The role's variable names, only those given. */
function roleVariables(v: FleetVariables): Record<string, string | boolean> {
  return {
    ...(v.decision === undefined ? {} : { dht_decision: v.decision, dht_justification: v.justification?.trim() ?? '' }),
    ...(v.apply === undefined ? {} : { dht_apply: v.apply }),
    ...(v.steps === undefined || v.steps.length === 0 ? {} : { dht_steps: v.steps.join(',') }),
    ...(v.fetchDir === undefined ? {} : { dht_fetch_dir: v.fetchDir }),
  };
}

function variableProblems(v: FleetVariables): string[] {
  const problems: string[] = [];
  if (v.decision !== undefined && v.decision.trim() === '') problems.push('the decision is empty: give "not permitted" or "permitted", or no decision for detection and verification only');
  if (v.decision !== undefined && (v.justification ?? '').trim() === '') problems.push(`the decision "${v.decision}" needs a justification: it is recorded with the decision on every host`);
  if (v.decision === undefined && v.apply === true) problems.push('applying remediation needs a decision and its justification');
  for (const step of v.steps ?? []) {
    if (!STEP_ID.test(step)) problems.push(`"${step}" is not a step id (lower-case letters, digits and hyphens, e.g. stop-process)`);
  }
  const texts: [string, string | undefined][] = [['the decision', v.decision], ['the justification', v.justification], ['the records folder', v.fetchDir]];
  for (const [what, text] of texts) {
    if (text !== undefined && TEMPLATE.test(text)) problems.push(`${what} contains "${TEMPLATE.exec(text)![0]}", which Ansible would evaluate as a template on the controller; write it without that pair of characters`);
  }
  if (v.fetchDir !== undefined && v.fetchDir.trim() === '') problems.push('the records folder is empty');
  return problems;
}

function hostProblems(host: string): string[] {
  if (host.trim() === '') return ['a host name is empty'];
  if (PATTERN_START.test(host) || PATTERN_INSIDE.test(host)) {
    return [`the host name "${host}" holds a character Ansible reads as a host pattern (${host.match(PATTERN_START)?.[0] ?? host.match(PATTERN_INSIDE)?.[0]}), so --limit would select other hosts; name the host as the inventory does`];
  }
  return [];
}

function pathProblems(path: string, what: string): string[] {
  if (path === '') return [`${what} path is empty`];
  // A NUL cannot be in a path, and a line break would not survive a paste.
  if (/[\0\r\n]/.test(path)) return [`${what} path holds a NUL or a line break`];
  return [];
}

/** A relative path starting with "-" would be read as an option. */
function asPath(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
