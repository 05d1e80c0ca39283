// A copy of a string that shares no memory with the text it was cut from.
// A streaming parser hands over substrings of the chunk it is reading; V8
// keeps such a substring as a view of the whole chunk, so one host name kept
// from each chunk would keep every chunk alive and memory would grow with the
// file. Everything the importer keeps goes through this.
export function freshString(text: string): string {
  // join builds a new flat string; the pieces are one-character copies.
  return text.length === 0 ? '' : Array.from(text).join('');
}
