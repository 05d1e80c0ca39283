// Small helpers for the sentences verdicts and reports are written in, so that
// every module counts and capitalises the same way.

/** "1 host", "3 hosts"; `nouns` for an irregular plural. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence to be joined into a longer one. */
export function withoutFullStop(text: string): string {
  return text.replace(/\.$/, '');
}
