/**
 * More arguments than this are refused before they are read: node:util's
 * parseArgs takes time quadratic in their number (40,000 take about a second,
 * a million would take minutes). Many targets fit in one argument.
 */
export const MAX_ARGUMENTS = 10_000;

/** Why `args` is too long to read, or undefined. */
export function argumentCountProblem(args: readonly string[]): string | undefined {
  if (args.length <= MAX_ARGUMENTS) return undefined;
  return `${args.length} arguments; the limit is ${MAX_ARGUMENTS}. Give many targets as one quoted argument ("10.0.0.1,10.0.0.2 ..."), or as CIDR ranges.`;
}
