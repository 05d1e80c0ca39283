// Port lists as a sysadmin types them: "6881", "6881-6889", "6881-6889,51413".
// Grammar:  spec  = item *( "," item )      (spaces around items and "-" are ignored)
//           item  = port / port "-" port    (first <= last)
//           port  = 1*DIGIT                 (1 to 65535)
// The result is sorted and merged, so equal lists compare equal and counting
// never counts a port twice.

/** An inclusive run of ports, first <= last. */
export interface PortRange {
  first: number;
  last: number;
}

export type PortSpecResult = { ok: true; ranges: PortRange[] } | { ok: false; error: string };

const MIN_PORT = 1;
const MAX_PORT = 65535;
const DIGITS = /^[0-9]+$/;

/** Parses a port list, or says which piece is wrong and why. */
export function parsePortSpec(text: string): PortSpecResult {
  if (text.trim() === '') return { ok: false, error: 'empty port list' };
  const ranges: PortRange[] = [];
  for (const rawItem of text.split(',')) {
    const item = rawItem.trim();
    if (item === '') return { ok: false, error: `empty entry in port list "${text}": remove the extra comma` };
    const parsed = parsePortItem(item);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    ranges.push(parsed);
  }
  return { ok: true, ranges: normalizePortRanges(ranges) };
}

function parsePortItem(item: string): PortRange | { error: string } {
  const pieces = item.split('-').map((piece) => piece.trim());
  if (pieces.length === 1) {
    const port = parsePort(item);
    return typeof port === 'number' ? { first: port, last: port } : port;
  }
  const [firstText, lastText] = pieces;
  if (pieces.length !== 2 || !firstText || !lastText) {
    return { error: `"${item}" is not a port range: write it as FIRST-LAST, e.g. 6881-6889` };
  }
  const first = parsePort(firstText);
  if (typeof first !== 'number') return first;
  const last = parsePort(lastText);
  if (typeof last !== 'number') return last;
  if (first > last) return { error: `"${item}" is not a port range: the first port is larger than the last` };
  return { first, last };
}

function parsePort(text: string): number | { error: string } {
  if (!DIGITS.test(text)) return { error: `"${text}" is not a port: a port is a number from 1 to 65535` };
  const port = Number(text);
  if (port < MIN_PORT || port > MAX_PORT) return { error: `"${text}" is not a port: ports run from 1 to 65535` };
  return port;
}

/** Sorts ranges and merges overlapping or adjacent ones. */
export function normalizePortRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: PortRange[] = [];
  for (const range of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && range.first <= previous.last + 1) previous.last = Math.max(previous.last, range.last);
    else merged.push({ first: range.first, last: range.last });
  }
  return merged;
}

/** How many ports the (normalized) ranges hold. */
export function countPorts(ranges: readonly PortRange[]): number {
  return ranges.reduce((sum, range) => sum + (range.last - range.first + 1), 0);
}

/** Whether `port` lies in one of the ranges. */
export function rangesIncludePort(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((range) => range.first <= port && port <= range.last);
}

/** The ranges written back as a port spec, e.g. "6881-6889,51413". */
export function formatPortSpec(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)).join(',');
}
