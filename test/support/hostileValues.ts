// Values a hostile program could hand to remediation: process names, unit
// names, package names and paths built from every kind of shell syntax
// (quotes of every kind, substitutions, separators, globs, controls, fish's
// specials, unicode look-alikes), some shaped to pass the placeholder's own
// rule so that quoting, not only the rules, is what keeps them inert.
import type { Random } from './seededRandom';

/** Each payload that runs something would create a file in the current directory. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  "'", '"', '`', '$(touch pwned1)', '`touch pwned2`', ';touch pwned3;', '&& touch pwned4', '|| touch pwned5', '| tee pwned6', '>pwned7', '>>pwned8',
  '<x', '&', '&>pwned9', '\n', '\r', '\t', '\u0000', '\u001b[2J', '\u0007', '\u007f', '\u0085', '\u009b', '*', '?', '[a]', '[!a]', '~', '~root', '-', '--',
  '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\\', '(', ')', '{', '}', '{a,b}', '{1..3}', '$', '$HOME', '${IFS}', '$IFS', '$$',
  '$(', '%self', '%1', '#', '!', '!!', '!-1', '=', '=ls', ' ', '  ', 'x', 'pwned', '\\x2d', '\\x', '@', '@(', ':', '.', '/', '..', 'a', 'A', '0', '07',
  '1e3', '0x10', '\u00a0', '\u200b', '\u2028', '\ufeff', 'é', '名', '\ud83d\ude00', '\ud800', "\\'", "'\\''", "'; touch pwned10; '", '"; touch pwned11; "',
  '\\"', '$\'\\x41\'', '$"x"', '^', '^^', '@{x}', '$env:PATH', '`$(touch pwned12)`', '(touch pwned13)', '$(touch pwned14)x', 'and touch pwned15',
  '; or touch pwned16', '\\n', '\\;', '\\\\', '\\ ', '*.service', 'a b', '--purge', '-rf', 'kill', 'sudo', 'rm', '<<EOF', '<(touch pwned17)', '>(touch pwned18)',
];

const UNIT_TYPES = ['service', 'socket', 'scope', 'slice', 'mount', 'timer', 'target', 'path', 'device', 'swap', 'automount', 'exe', 'Service'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function word(random: Random, alphabet: string, min: number, max: number): string {
  let text = '';
  const length = random.int(min, max);
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)] ?? 'a';
  return text;
}

/** Any mix of fragments: mostly refused by some rule, always hostile. */
export function hostileValue(random: Random): string {
  if (random.chance(0.03)) return random.pick(HOSTILE_FRAGMENTS).repeat(random.int(500, 2600)); // very long
  let value = '';
  const parts = random.int(1, 8);
  for (let i = 0; i < parts; i++) value += random.chance(0.25) ? word(random, `${LETTERS}0123456789._-`, 1, 6) : random.pick(HOSTILE_FRAGMENTS);
  return value;
}

/** A fragment that an absolute path or a process name may legally hold (no controls, no "/"). */
function printableFragment(random: Random): string {
  for (;;) {
    const fragment = random.pick(HOSTILE_FRAGMENTS);
    const printable = [...fragment].every((char) => {
      const code = char.codePointAt(0) ?? 0;
      // Controls and lone surrogates are refused by every rule; "/" would split a path segment.
      return code >= 0x20 && !(code >= 0x7f && code <= 0x9f) && !(code >= 0xd800 && code <= 0xdfff);
    });
    if (printable) return fragment.replaceAll('/', '');
  }
}

/** A value shaped like what the placeholder claims to be, often with something hostile mixed in. */
export function plausibleValue(name: string, os: 'linux' | 'macos', random: Random): string {
  const spoil = (value: string): string => (random.chance(0.3) ? insert(random, value, random.pick(HOSTILE_FRAGMENTS)) : value);
  switch (name) {
    case 'process.pid':
      return random.chance(0.8) ? String(random.int(1, 2 ** 22)) : random.pick(['0', '007', '-1', '4194305', '1 2', '$$', '1;touch pwned', String(random.int(1, 99999)) + random.pick(HOSTILE_FRAGMENTS)]);
    case 'service':
      if (os === 'macos') return spoil(`${word(random, LETTERS, 2, 8)}.${word(random, `${LETTERS}@_-`, 1, 12)}.${word(random, `${LETTERS}ABC0123456789-`, 1, 10)}`);
      return spoil(`${word(random, `${LETTERS}0123456789:_.-`, 1, 10)}${random.chance(0.4) ? `\\x${random.int(0, 255).toString(16).padStart(2, '0')}` : ''}${random.chance(0.3) ? `@${word(random, `${LETTERS}0123456789:_.@-`, 0, 8)}` : ''}.${random.pick(UNIT_TYPES)}`);
    case 'package':
      if (os === 'macos') return spoil(`${word(random, `${LETTERS}0123456789`, 1, 3)}${word(random, `${LETTERS}0123456789+._@-`, 0, 12)}`);
      return spoil(`${word(random, `${LETTERS}0123456789`, 1, 3)}${word(random, `${LETTERS}0123456789+.-`, 1, 14)}${random.chance(0.1) ? ':amd64' : ''}`);
    case 'process.name': {
      let value = '';
      while (value.length < 15 && random.chance(0.8)) value += random.chance(0.4) ? word(random, LETTERS, 1, 4) : printableFragment(random);
      return value === '' ? 'x' : value.slice(0, 15);
    }
    case 'service.machine':
      return spoil(`${word(random, LETTERS, 1, 8)}${random.chance(0.2) ? word(random, '._-0123456789', 1, 3) : ''}@${random.chance(0.5) ? '.host' : ''}`);
    case 'service.target':
      return spoil(`${random.pick(['gui/501', 'user/501', 'system', 'gui/0', 'gui/x'])}/${word(random, `${LETTERS}.`, 1, 12)}.${word(random, `${LETTERS}@_-`, 1, 10)}`);
    case 'process.executable':
    default: {
      // Paths may hold nearly anything: the strongest test of quoting.
      let path = '';
      const parts = random.int(1, 5);
      for (let i = 0; i < parts; i++) {
        let part = '';
        const pieces = random.int(1, 4);
        for (let j = 0; j < pieces; j++) part += random.chance(0.5) ? word(random, `${LETTERS}0123456789._-`, 1, 6) : printableFragment(random);
        path += `/${part}`;
      }
      return random.chance(0.1) ? spoil(path) : path;
    }
  }
}

function insert(random: Random, value: string, fragment: string): string {
  const at = random.int(0, value.length);
  return value.slice(0, at) + fragment + value.slice(at);
}

/** A file name (one path segment) built from hostile text: anything but "/", NUL and controls. */
export function hostileFileName(random: Random): string {
  let name = '';
  const pieces = random.int(1, 5);
  for (let i = 0; i < pieces; i++) name += random.chance(0.3) ? word(random, `${LETTERS}0123456789._-`, 1, 6) : printableFragment(random);
  return name === '' || name === '.' || name === '..' || name.startsWith('-') ? `x${name}` : name;
}
