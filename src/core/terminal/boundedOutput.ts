// A command's output goes into the run record as evidence, but a command can
// print without end (a package manager's progress, a process that loops).
// Keep the beginning and the end, which is where commands say what they are
// doing and how it ended, and say how much was left out between them.

export const DEFAULT_OUTPUT_LIMIT = 64 * 1024;

export interface CollectedOutput {
  /** The kept text; when something was cut, a line in the middle says how much. */
  readonly text: string;
  /** Characters left out of the middle (0 when nothing was). */
  readonly cutChars: number;
  /** Characters seen in all. */
  readonly totalChars: number;
}

export class BoundedOutput {
  private head = '';
  private tail = '';
  private total = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  /** `limit` is in characters (UTF-16 code units), half for the head, half for the tail. */
  constructor(limit = DEFAULT_OUTPUT_LIMIT) {
    if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`output limit must be an integer of at least 2, not ${limit}`);
    this.headLimit = Math.ceil(limit / 2);
    this.tailLimit = Math.floor(limit / 2);
  }

  push(text: string): void {
    if (text === '') return;
    this.total += text.length;
    const room = this.headLimit - this.head.length;
    if (room > 0) {
      const cut = safeCut(text, Math.min(room, text.length));
      this.head += text.slice(0, cut);
      text = text.slice(cut);
      if (text === '') return;
    }
    this.tail += text;
    // Trim only once the tail is twice its size, so a stream of small chunks costs linear time.
    if (this.tail.length > 2 * this.tailLimit) this.tail = this.tail.slice(safeCut(this.tail, this.tail.length - this.tailLimit));
  }

  result(): CollectedOutput {
    let tail = this.tail;
    if (tail.length > this.tailLimit) tail = tail.slice(safeCut(tail, tail.length - this.tailLimit));
    const cutChars = this.total - this.head.length - tail.length;
    if (cutChars === 0) return { text: this.head + tail, cutChars: 0, totalChars: this.total };
    const marker = `${this.head.endsWith('\n') ? '' : '\n'}[... ${cutChars} characters of output left out ...]\n`;
    return { text: this.head + marker + tail, cutChars, totalChars: this.total };
  }
}

/** `at`, moved back by one when it would split a surrogate pair. */
function safeCut(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return at;
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff ? at - 1 : at;
}
