// IPv4 and IPv6 text <-> numbers, written out here because core code must run
// without Node (no `net.isIP`). IPv4 values are unsigned 32-bit numbers;
// IPv6 values are bigints, since 128 bits do not fit a double.
//
// Deliberately strict: IPv4 means exactly four decimal octets without leading
// zeros ("010" is octal to inet_aton, decimal to others, so it is refused
// rather than guessed), and no inet_aton shorthands like "127.1".

export type IpFamily = 4 | 6;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const DECIMAL = /^[0-9]+$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses dotted-quad IPv4 text into an unsigned 32-bit number. */
export function parseIPv4(text: string): ParseResult<number> {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return { ok: false, reason: `an IPv4 address has 4 octets separated by dots, "${text}" has ${parts.length}` };
  }
  let value = 0;
  for (const part of parts) {
    const octet = parseOctet(part);
    if (typeof octet !== 'number') return octet;
    value = value * 256 + octet;
  }
  return { ok: true, value };
}

function parseOctet(part: string): number | { ok: false; reason: string } {
  if (part === '') return { ok: false, reason: 'empty octet: two dots in a row, or a dot at one end' };
  if (!DECIMAL.test(part)) {
    return { ok: false, reason: `"${part}" is not an IPv4 octet: octets are decimal numbers from 0 to 255` };
  }
  const octet = Number(part);
  if (octet > 255) return { ok: false, reason: `${part} is not an IPv4 octet: octets run from 0 to 255` };
  if (part.length > 1 && part.startsWith('0')) {
    return { ok: false, reason: `"${part}" has a leading zero, which some tools read as octal: write ${octet}` };
  }
  return octet;
}

/** Parses IPv6 text (with "::" and a trailing dotted IPv4 allowed) into a 128-bit bigint. */
export function parseIPv6(text: string): ParseResult<bigint> {
  if (text === '') return { ok: false, reason: 'empty IPv6 address' };
  const halves = text.split('::');
  if (halves.length > 2) return { ok: false, reason: 'more than one "::": only one run of zero groups can be shortened' };
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0] ?? '', !compressed);
  if (!head.ok) return head;
  const tail = parseGroups(halves[1] ?? '', true);
  if (!tail.ok) return tail;
  const groupCount = head.value.length + tail.value.length;
  if (compressed && groupCount > 7) {
    return { ok: false, reason: `"::" stands for at least one zero group, but ${groupCount} groups are already written out` };
  }
  if (!compressed && groupCount !== 8) {
    return { ok: false, reason: `an IPv6 address has 8 groups (or fewer with "::"), "${text}" has ${groupCount}` };
  }
  const zeros = new Array<number>(8 - groupCount).fill(0);
  const groups = [...head.value, ...zeros, ...tail.value];
  return { ok: true, value: groups.reduce((sum, group) => (sum << 16n) | BigInt(group), 0n) };
}

/**
 * Parses the colon-separated groups on one side of "::" (or of the whole
 * address). `mayEndWithIPv4` says whether this side ends the address, the
 * only place a dotted IPv4 tail is allowed.
 */
function parseGroups(side: string, mayEndWithIPv4: boolean): ParseResult<number[]> {
  if (side === '') return { ok: true, value: [] };
  const pieces = side.split(':');
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece === '') return { ok: false, reason: 'empty group: a single ":" at one end, or ":::"' };
    if (piece.includes('.')) {
      if (!mayEndWithIPv4 || index !== pieces.length - 1) {
        return { ok: false, reason: `"${piece}": an embedded IPv4 address can only be the last part` };
      }
      const ipv4 = parseIPv4(piece);
      if (!ipv4.ok) return ipv4;
      groups.push(Math.floor(ipv4.value / 65536), ipv4.value % 65536);
      continue;
    }
    if (!HEX_GROUP.test(piece)) {
      return { ok: false, reason: `"${piece}" is not an IPv6 group: a group is 1 to 4 hex digits` };
    }
    groups.push(parseInt(piece, 16));
  }
  return { ok: true, value: groups };
}

/** Dotted-quad text of an unsigned 32-bit value. */
export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const IPV4_MAPPED_PREFIX = 0xffffn; // ::ffff:0:0/96, the value shifted right by 32

/**
 * Canonical IPv6 text per RFC 5952: lowercase, no leading zeros, the longest
 * run of two or more zero groups (the first, on a tie) shortened to "::",
 * and IPv4-mapped addresses shown as ::ffff:a.b.c.d.
 */
export function formatIPv6(value: bigint): string {
  if (value >> 32n === IPV4_MAPPED_PREFIX) return `::ffff:${formatIPv4(Number(value & 0xffffffffn))}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  const run = longestZeroRun(groups);
  const text = (list: number[]) => list.map((group) => group.toString(16)).join(':');
  if (run.length < 2) return text(groups);
  return `${text(groups.slice(0, run.start))}::${text(groups.slice(run.start + run.length))}`;
}

function longestZeroRun(groups: number[]): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  for (let index = 0; index <= groups.length; index++) {
    if (index < groups.length && groups[index] === 0) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      if (index - start > best.length) best = { start, length: index - start };
      start = -1;
    }
  }
  return best;
}

/** Bits in an address of the family: 32 or 128. */
export function addressBits(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/**
 * Canonical text and family of an IP literal, picking the family by whether
 * the text has a colon. For text from trusted sources (DNS answers, OS
 * interface lists) that may be spelled differently from ours.
 */
export function canonicalIpAddress(text: string): { ok: true; address: string; family: IpFamily } | { ok: false; reason: string } {
  if (text.includes(':')) {
    const parsed = parseIPv6(text);
    return parsed.ok ? { ok: true, address: formatIPv6(parsed.value), family: 6 } : parsed;
  }
  const parsed = parseIPv4(text);
  return parsed.ok ? { ok: true, address: formatIPv4(parsed.value), family: 4 } : parsed;
}

// Address classes the target parser cares about.

export function isIPv4Loopback(value: number): boolean {
  return value >>> 24 === 127;
}

export function isIPv4Multicast(value: number): boolean {
  return value >>> 28 === 0xe; // 224.0.0.0/4
}

export function isIPv6LinkLocal(value: bigint): boolean {
  return value >> 118n === 0x3fan; // fe80::/10
}

export function isIPv6Multicast(value: bigint): boolean {
  return value >> 120n === 0xffn; // ff00::/8
}

/** ::ffff:a.b.c.d, an IPv4 address written as IPv6 (RFC 4291 section 2.5.5.2). */
export function isIPv4Mapped(value: bigint): boolean {
  return value >> 32n === IPV4_MAPPED_PREFIX;
}
