// Address text from socket tools, checked and written one canonical way, so
// that a listing from `ss` and one from /proc/net name a socket identically.
import type { AddressFamily } from './types';

export interface ParsedAddress {
  address: string;
  family: AddressFamily;
  /** IPv6 zone or bound device (`fe80::1%eth0`, `127.0.0.53%lo`). */
  zone?: string;
}

/** A port in decimal, 0 to 65535, or undefined. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** Dotted-quad IPv4 with no leading zeros, or undefined. */
export function parseIpv4(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
  }
  return text;
}

/** The eight 16-bit groups of an IPv6 address, or undefined. */
export function ipv6Groups(text: string): number[] | undefined {
  if (text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let tail: number[] = [];
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    const ipv4 = parseIpv4(body.slice(lastColon + 1));
    if (ipv4 === undefined) return undefined;
    const b = ipv4.split('.').map(Number) as [number, number, number, number];
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    body = body.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 2) {
    if (known > 7) return undefined;
    return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  }
  return known === 8 ? [...head, ...tail] : undefined;
}

/** RFC 5952 text for eight groups: lower case, longest zero run as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  if (groups.length !== 8) throw new RangeError('an IPv6 address has eight groups');
  const isMappedIpv4 = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMappedIpv4) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is never shortened
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Canonical IPv6 text, or undefined when `text` is not IPv6. */
export function canonicalIpv6(text: string): string | undefined {
  const groups = ipv6Groups(text);
  return groups === undefined ? undefined : formatIpv6(groups);
}

/**
 * An address as tools print it, brackets and zone included
 * (`[fe80::1%eth0]`, `[::1]`, `127.0.0.53%lo`), checked and made canonical.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  let host = text;
  let zone: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return undefined;
    const after = host.slice(close + 1);
    host = host.slice(1, close);
    if (after.startsWith('%')) zone = after.slice(1);
    else if (after !== '') return undefined;
  }
  const percent = host.indexOf('%');
  if (percent >= 0) {
    zone = host.slice(percent + 1);
    host = host.slice(0, percent);
  }
  if (zone !== undefined && !/^[\w.@:-]{1,64}$/.test(zone)) return undefined;
  const ipv4 = parseIpv4(host);
  if (ipv4 !== undefined) return withZone({ address: ipv4, family: 4 }, zone);
  const ipv6 = canonicalIpv6(host);
  if (ipv6 !== undefined) return withZone({ address: ipv6, family: 6 }, zone);
  return undefined;
}

function withZone(parsed: ParsedAddress, zone: string | undefined): ParsedAddress {
  return zone === undefined || zone === '' ? parsed : { ...parsed, zone };
}

/** Splits `host<sep>port` at the last separator. */
export function splitHostPort(text: string, separator: ':' | '.' = ':'): { host: string; port: string } | undefined {
  const at = text.lastIndexOf(separator);
  if (at <= 0 || at === text.length - 1) return undefined;
  return { host: text.slice(0, at), port: text.slice(at + 1) };
}
