// The raw output of a terminal command (what VS Code's shell integration hands
// over from `execution.read()`) is full of VT sequences: colours, cursor
// moves, window titles, VS Code's own OSC 633 marks. A run record keeps the
// text only. The stripper works on a stream: a sequence may be split across
// two chunks, so its state carries over from one `push` to the next.

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const DEL = 0x7f;
/** 8-bit C1 controls that open a sequence (a UTF-8 terminal may still receive them as code points). */
const C1_CSI = 0x9b;
const C1_OSC = 0x9d;
const C1_ST = 0x9c;
const C1_STRINGS = new Set([0x90 /* DCS */, 0x98 /* SOS */, 0x9e /* PM */, 0x9f /* APC */]);

/**
 * A string sequence (OSC, DCS...) longer than this is treated as broken and
 * abandoned, so that a program cannot hide the rest of its output behind an
 * escape it never closes. VS Code's own marks stay far below it.
 */
export const MAX_STRING_SEQUENCE = 65_536;

type State = 'text' | 'escape' | 'escapeIntermediate' | 'csi' | 'osc' | 'oscEscape' | 'string' | 'stringEscape';

export interface TerminalTextStripper {
  /** Text of this chunk with every escape sequence and control character removed. */
  push(chunk: string): string;
  /** Whatever the last chunk left pending (a lone carriage return). */
  end(): string;
}

/**
 * Keeps printable text, newlines and tabs. "\r\n" becomes "\n"; a lone "\r"
 * (a progress bar redrawing its line) becomes "\n" too, so no text is lost.
 * Other control characters (backspace, bell...) are dropped.
 */
export function createTerminalTextStripper(): TerminalTextStripper {
  let state: State = 'text';
  let pendingCr = false;
  let stringLength = 0;

  const push = (chunk: string): string => {
    let out = '';
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      switch (state) {
        case 'text':
          if (pendingCr) {
            if (code === 0x0d) continue; // "\r\r\n" is one line end
            pendingCr = false;
            out += '\n';
            if (code === 0x0a) continue;
          }
          if (code === ESC) state = 'escape';
          else if (code === C1_CSI) state = 'csi';
          else if (code === C1_OSC) { state = 'osc'; stringLength = 0; }
          else if (C1_STRINGS.has(code)) { state = 'string'; stringLength = 0; }
          else if (code === 0x0d) pendingCr = true;
          else if (code === 0x0a || code === 0x09) out += chunk[i];
          else if (code < 0x20 || code === DEL || (code >= 0x80 && code <= 0x9f)) { /* control character: dropped */ }
          else out += chunk[i];
          break;
        case 'escape':
          if (code === 0x5b /* [ */) state = 'csi';
          else if (code === 0x5d /* ] */) { state = 'osc'; stringLength = 0; }
          else if (code === 0x50 /* P */ || code === 0x58 /* X */ || code === 0x5e /* ^ */ || code === 0x5f /* _ */) { state = 'string'; stringLength = 0; }
          else if (code === ESC) state = 'escape';
          else if (code >= 0x20 && code <= 0x2f) state = 'escapeIntermediate';
          else state = 'text'; // a two-character escape (ESC 7, ESC =, ESC M...) or an aborted one
          break;
        case 'escapeIntermediate':
          // ESC ( B and friends: intermediates, then one final character.
          if (code >= 0x20 && code <= 0x2f) break;
          state = code === ESC ? 'escape' : 'text';
          break;
        case 'csi':
          if (code >= 0x40 && code <= 0x7e) state = 'text';
          else if (code === ESC) state = 'escape';
          else if (code === CAN || code === SUB) state = 'text';
          else if (code >= 0x20 && code <= 0x3f) { /* parameters and intermediates */ }
          else if (code < 0x20) { /* C0 controls inside CSI are executed by a terminal, not printed */ }
          else state = 'text'; // not a valid CSI byte: the sequence is broken, drop it
          break;
        case 'osc':
        case 'string':
          if (code === BEL && state === 'osc') state = 'text';
          else if (code === C1_ST) state = 'text';
          else if (code === ESC) state = state === 'osc' ? 'oscEscape' : 'stringEscape';
          else if (code === CAN || code === SUB) state = 'text';
          else if (++stringLength > MAX_STRING_SEQUENCE) state = 'text';
          break;
        case 'oscEscape':
        case 'stringEscape':
          // ESC \ is the string terminator; any other ESC starts a new sequence.
          if (code === 0x5c /* \ */) state = 'text';
          else { state = 'escape'; i--; }
          break;
      }
    }
    return out;
  };

  return {
    push,
    end(): string {
      const tail = pendingCr ? '\n' : '';
      pendingCr = false;
      state = 'text';
      return tail;
    },
  };
}

/** The text of a whole terminal transcript. */
export function stripTerminalSequences(raw: string): string {
  const stripper = createTerminalTextStripper();
  return stripper.push(raw) + stripper.end();
}
