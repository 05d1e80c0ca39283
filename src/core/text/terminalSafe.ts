// Strings that came from outside (a DHT node's KRPC error message, a process
// or unit name, a path, a tool's error output) made visible and inert before a
// terminal prints them. A terminal obeys control characters in what it
// prints: ESC starts sequences that clear the screen, set the window title or
// move the cursor, and a bare CR lets a later text overwrite the line, so a
// hostile node could print a forged "No DHT node found". Bidi overrides and
// isolates reorder what the eye reads. Each such character is shown as an
// escape instead (\x1b, \r, \u202e), so the reader sees that it was there.
// Pure: no I/O.

/**
 * Every character a terminal may act on rather than show: C0 controls
 * (including TAB, LF and CR), DEL, C1 controls (U+0080-U+009F: U+009B is a
 * one-character CSI on terminals that honour 8-bit controls), the Arabic
 * letter mark, LRM/RLM, the line and paragraph separators, and the bidi
 * embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control and bidi character shown as an escape; anything else unchanged. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** What JSON.stringify leaves raw of UNSAFE (it escapes C0 itself, and its own line breaks must stay). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text for a terminal, still exact JSON: JSON.stringify escapes C0
 * controls but writes DEL, C1 controls and bidi characters raw. Those can only
 * stand inside JSON strings, where `\uXXXX` means the same character, so
 * JSON.parse of the result gives back exactly the same values.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
