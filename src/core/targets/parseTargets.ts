// Parses the probe's target list as a sysadmin types it. Pure: no I/O.
//
// Grammar (whitespace means any run of spaces, tabs or newlines):
//   list    = target *( separator target )     separator = whitespace and/or ","
//   target  = ipv4 [ "/" prefix ] [ ":" ports ]
//           / hostname [ ":" ports ]
//           / "[" ipv6 [ "%" zone ] [ "/" prefix ] "]" [ ":" ports ]
//           / ipv6 [ "%" zone ] [ "/" prefix ]              (bare IPv6: never ports)
//   ports   = item *( "," item )  with item = port / port "-" port   (see portSpec.ts)
//
// How a chunk is classified: starting with "[" means bracketed IPv6; two or
// more colons mean bare IPv6 (so "::1:6881" is an address, not ::1 port 6881
// — use brackets for ports), unless a letter beyond a-f shows it is a host
// typed with too many colons; otherwise one colon separates host and ports.
// A host of only digits and dots is IPv4; anything else is a hostname.
//
// The comma ambiguity: a comma inside a target's port list and a comma
// between targets look alike. Rule: once a target has a ":ports" part, a comma
// followed directly by a port item (a digit, then only digits and "-", up to
// the next comma or whitespace) continues that port list; anything else after
// the comma starts a new target. This is unambiguous because a hostname's
// last label may not be all digits (RFC 1123 as refined by RFC 3696), and a
// chunk of only digits and "-" is never taken as a hostname: on its own it is
// an error telling the user where ports go. Whitespace always ends a target,
// so "host:6881, 6882" is that error, not a port list.
//   "host:6881,6882"        -> host with ports 6881,6882
//   "host:6881,10.0.0.1"    -> host:6881 and 10.0.0.1 (default ports)
//   "10.0.0.1,10.0.0.2"     -> two targets (the first has no port list)
//
// Zone ids ("fe80::1%eth0"): accepted on link-local IPv6 (fe80::/10) only,
// and required there, because the OS cannot send to a link-local address
// without knowing the interface. For a CIDR the zone comes before the prefix,
// as RFC 4007 writes it: "fe80::%eth0/120". The URL form "%25eth0" (RFC 6874)
// is refused with a hint, rather than read as an interface named "25eth0".
//
// IPv4-mapped IPv6 ("::ffff:10.0.0.1", or a CIDR inside ::ffff:0:0/96) is
// turned into IPv4: the prober's IPv6 socket is IPv6-only and cannot send to
// it, while the IPv4 socket reaches the same host.
//
// Also refused: the unspecified address, multicast, and 255.255.255.255, since
// the probe talks to single hosts (also when written as a /32 or /128); and a
// CIDR with host bits set ("10.0.0.5/30"), as that is more often a typo than a
// wish. Resolver answers go through the same checks (checkResolvedAddress).
//
// Bounds stop the work early, before a pasted megabyte costs seconds and a
// gigabyte: the text's length, each target's length, the number of targets
// and of mistakes reported, and (when the caller passes its endpoint limit)
// the endpoints counted so far, checked at every target, so a list over the
// limit is refused at the first target that takes it over. The list is split
// lazily, one target at a time, so nothing past that target is even split.
import { countAddresses } from './expandTargets';
import {
  addressBits, formatIPv4, formatIPv6, type IpFamily, isIPv4Mapped, isIPv4Multicast, isIPv6LinkLocal, isIPv6Multicast,
  parseIPv4, parseIPv6,
} from './ipAddress';
import { countPorts, normalizePortRanges, parsePortSpec, type PortRange } from './portSpec';

export interface AddressTarget {
  kind: 'address';
  /** Canonical text (RFC 5952 for IPv6), without the zone. */
  address: string;
  family: IpFamily;
  /** Interface for a link-local IPv6 address, e.g. "eth0". */
  zone?: string;
  ports: PortRange[];
}

export interface CidrTarget {
  kind: 'cidr';
  /** Canonical text of the network address (host bits all zero). */
  network: string;
  prefix: number;
  family: IpFamily;
  zone?: string;
  ports: PortRange[];
}

export interface HostnameTarget {
  kind: 'hostname';
  host: string;
  ports: PortRange[];
}

export type TargetSpec = AddressTarget | CidrTarget | HostnameTarget;

export interface TargetError {
  /** The target as typed, including its port list. */
  token: string;
  /** Where the token starts in the input (UTF-16 index). */
  offset: number;
  reason: string;
  /** `${token}: ${reason}`, ready to show. */
  message: string;
}

export interface ParseTargetsOptions {
  /** Ports for targets that name none; empty means every target must name its ports. */
  defaultPorts: PortRange[];
  /**
   * The endpoint limit (runbook.probe.maxEndpoints, --max-endpoints): parsing
   * stops at the first target that takes the count past it. A hostname counts
   * as one address per port here (it may resolve to more; the final count
   * after resolving is the caller's, with checkEndpointBound).
   */
  maxEndpoints?: number;
}

export type ParseTargetsResult = { ok: true; targets: TargetSpec[] } | { ok: false; errors: TargetError[] };

type Parsed<T> = T | { reason: string };

/** The longest target list accepted, in characters (a /8 is one short target; 65,536 IPv6 endpoints written out fit). */
export const MAX_TARGET_TEXT = 4 * 1024 * 1024;
/** The longest single target: a hostname of 253, brackets, a zone, and a long port list. */
export const MAX_TARGET_TOKEN = 2048;
/** The most targets in one list; a CIDR range covers many addresses in one target. */
export const MAX_TARGETS = 100_000;
/** Mistakes reported before parsing stops: nobody reads more, and each costs memory. */
export const MAX_TARGET_ERRORS = 100;

const LIMIT_HINT = 'narrow the targets or ports, or raise the limit with the setting runbook.probe.maxEndpoints (CLI flag --max-endpoints)';

/** Parses the whole list, reporting every bad target rather than the first (up to MAX_TARGET_ERRORS), within the bounds above. */
export function parseTargets(text: string, options: ParseTargetsOptions): ParseTargetsResult {
  if (text.length > MAX_TARGET_TEXT) {
    return refuse(`the target list is ${text.length} characters long; the limit is ${MAX_TARGET_TEXT}: use CIDR ranges (10.0.0.0/16) and port ranges (6881-6889) instead of listing each one`);
  }
  const defaultPorts = normalizePortRanges(options.defaultPorts);
  const maxEndpoints = options.maxEndpoints === undefined ? undefined : BigInt(Math.max(0, Math.floor(options.maxEndpoints)));
  const targets: TargetSpec[] = [];
  const errors: TargetError[] = [];
  const fail = (token: { text: string; offset: number }, reason: string): void => {
    // Only a target over the length bound is cut short in the message; every other one is shown whole.
    const shown = token.text.length > MAX_TARGET_TOKEN ? `${token.text.slice(0, 60)}…` : token.text;
    errors.push({ token: token.text, offset: token.offset, reason, message: `${shown}: ${reason}` });
  };
  let endpoints = 0n;
  let count = 0;
  for (const token of targetTokens(text)) {
    count++;
    if (count > MAX_TARGETS) {
      fail(token, `more than ${MAX_TARGETS} targets; the limit is ${MAX_TARGETS}: use CIDR ranges (10.0.0.0/16) instead of listing each address`);
      return { ok: false, errors };
    }
    if (token.text.length > MAX_TARGET_TOKEN) {
      fail(token, `this target is ${token.text.length} characters long; the limit is ${MAX_TARGET_TOKEN}: write port ranges (6881-6889) instead of long port lists`);
    } else {
      const parsed = parseTarget(token.text, defaultPorts);
      if ('reason' in parsed) {
        fail(token, parsed.reason);
      } else {
        targets.push(parsed);
        endpoints += leastEndpoints(parsed);
        if (maxEndpoints !== undefined && endpoints > maxEndpoints) {
          fail(token, `with this target (number ${count}) the list reaches at least ${endpoints.toLocaleString('en-US')} endpoints (address and port pairs), more than the limit of ${maxEndpoints.toLocaleString('en-US')}: ${LIMIT_HINT}`);
          return { ok: false, errors };
        }
      }
    }
    if (errors.length >= MAX_TARGET_ERRORS) {
      errors.push({ token: '', offset: token.offset, reason: 'stopped reading', message: `stopped after ${MAX_TARGET_ERRORS} mistakes: correct these first` });
      return { ok: false, errors };
    }
  }
  if (count === 0) return refuse('no targets: enter at least one host, address or CIDR range');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, targets };
}

function refuse(reason: string): ParseTargetsResult {
  return { ok: false, errors: [{ token: '', offset: 0, reason, message: reason }] };
}

/** The fewest endpoints a target can expand to: a hostname resolves to at least one address. */
function leastEndpoints(target: TargetSpec): bigint {
  const addresses = target.kind === 'hostname' ? 1n : countAddresses(target);
  return addresses * BigInt(countPorts(target.ports));
}

// ---- Splitting the list into targets -----------------------------------

const SEPARATOR = /[\s,]/;
/** A chunk that can only be ports: a digit, then digits and "-". */
const PORT_LIKE = /^[0-9][0-9-]*$/;

/** The list's targets one at a time, each with where it starts; nothing is split ahead of the consumer. */
function* targetTokens(text: string): Generator<{ text: string; offset: number }> {
  let index = 0;
  while (index < text.length) {
    if (SEPARATOR.test(text.charAt(index))) {
      index++;
      continue;
    }
    const start = index;
    index = endOfChunk(text, index);
    if (index - start <= MAX_TARGET_TOKEN && hasPortList(text.slice(start, index))) {
      while (text.charAt(index) === ',') {
        const next = endOfChunk(text, index + 1);
        if (!PORT_LIKE.test(text.slice(index + 1, next))) break;
        index = next;
      }
    }
    yield { text: text.slice(start, index), offset: start };
  }
}

function endOfChunk(text: string, from: number): number {
  let index = from;
  while (index < text.length && !SEPARATOR.test(text.charAt(index))) index++;
  return index;
}

function hasPortList(chunk: string): boolean {
  return chunk.startsWith('[') ? chunk.includes(']:') : chunk.split(':').length === 2;
}

// ---- One target ----------------------------------------------------------

const DIGITS_AND_DOTS = /^[0-9.]+$/;
/** A character that rules out IPv6, so "host:1:2" is a host with a mistake, not a bad IPv6 address. */
const NOT_IPV6 = /[^0-9a-fA-F:.]/;

function parseTarget(token: string, defaultPorts: PortRange[]): Parsed<TargetSpec> {
  if (token.startsWith('[')) return parseBracketedTarget(token, defaultPorts);
  const colons = token.split(':').length - 1;
  if (colons >= 2) {
    if (NOT_IPV6.test(token.split(/[%/]/)[0] ?? '')) {
      return { reason: 'more than one ":" after a host: write HOST:PORTS, and an IPv6 address with ports as [ADDRESS]:PORTS' };
    }
    return withPorts(parseIPv6Literal(token), undefined, defaultPorts);
  }
  if (PORT_LIKE.test(token)) {
    return { reason: 'a bare number is not a target: ports go right after a host, as HOST:PORTS, with single commas and no spaces' };
  }
  const colon = token.indexOf(':');
  const host = colon < 0 ? token : token.slice(0, colon);
  const portText = colon < 0 ? undefined : token.slice(colon + 1);
  if (host === '') return { reason: 'missing host before ":"' };
  if (host.includes('/') || DIGITS_AND_DOTS.test(host)) return withPorts(parseIPv4Literal(host), portText, defaultPorts);
  const invalid = hostnameProblem(host);
  if (invalid) return { reason: invalid };
  return withPorts({ kind: 'hostname', host }, portText, defaultPorts);
}

function parseBracketedTarget(token: string, defaultPorts: PortRange[]): Parsed<TargetSpec> {
  const close = token.indexOf(']');
  if (close < 0) return { reason: 'missing "]" after the IPv6 address' };
  const inner = token.slice(1, close);
  const rest = token.slice(close + 1);
  if (rest.startsWith('/')) return { reason: 'the prefix goes inside the brackets, e.g. [fd00::/126]:6881' };
  if (rest !== '' && !rest.startsWith(':')) return { reason: `unexpected "${rest}" after "]": write [ADDRESS]:PORTS` };
  if (!inner.includes(':')) return { reason: 'brackets are only for IPv6 addresses: write HOST:PORTS without them' };
  return withPorts(parseIPv6Literal(inner), rest === '' ? undefined : rest.slice(1), defaultPorts);
}

type PortlessTarget = Omit<AddressTarget, 'ports'> | Omit<CidrTarget, 'ports'> | Omit<HostnameTarget, 'ports'>;

function withPorts(target: Parsed<PortlessTarget>, portText: string | undefined, defaultPorts: PortRange[]): Parsed<TargetSpec> {
  if ('reason' in target) return target;
  if (portText === undefined) {
    if (defaultPorts.length === 0) {
      return { reason: 'no ports: name its ports, as HOST:PORTS, or set runbook.probe.ports (CLI flag --ports)' };
    }
    return { ...target, ports: defaultPorts.map((range) => ({ ...range })) };
  }
  const ports = parsePortSpec(portText);
  return ports.ok ? { ...target, ports: ports.ranges } : { reason: ports.error };
}

// ---- IP literals -----------------------------------------------------------

const ZONE = /^[A-Za-z0-9_.-]+$/;
/** "25" then a zone that is not just digits: "%25eth0" is "%eth0" URL-encoded. */
const URL_ENCODED_ZONE = /^25(?![0-9]*$)/;

function parseIPv4Literal(text: string): Parsed<PortlessTarget> {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  if (addressText === '') return { reason: 'missing address before "/"' };
  if (!DIGITS_AND_DOTS.test(addressText)) {
    return { reason: `"${addressText}" is not an IP address: a /prefix needs an address, e.g. 10.0.0.0/24 or [fd00::/120]` };
  }
  const parsed = parseIPv4(addressText);
  if (!parsed.ok) return { reason: parsed.reason };
  const prefix = slash < 0 ? undefined : parsePrefix(text.slice(slash + 1), 4);
  if (typeof prefix === 'object') return prefix;
  return ipTarget(4, BigInt(parsed.value), prefix, undefined);
}

/** IPv6 with optional "%zone" and "/prefix", in RFC 4007 order. */
function parseIPv6Literal(text: string): Parsed<PortlessTarget> {
  const slash = text.indexOf('/');
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (prefixText?.includes('%')) return { reason: 'the zone id goes before the prefix, e.g. fe80::%eth0/120' };
  const withZone = slash < 0 ? text : text.slice(0, slash);
  const percent = withZone.indexOf('%');
  const addressText = percent < 0 ? withZone : withZone.slice(0, percent);
  const zone = percent < 0 ? undefined : withZone.slice(percent + 1);
  if (zone !== undefined && !ZONE.test(zone)) {
    return { reason: `"%${zone}" is not a zone id: name the interface with letters, digits, "_", "." or "-", e.g. %eth0` };
  }
  // "%25" is "%" URL-encoded (RFC 6874), pasted from a URL; the OS wants the
  // plain interface name. An all-digit zone ("%25") stays an interface index.
  if (zone !== undefined && URL_ENCODED_ZONE.test(zone)) {
    const plain = `${addressText}%${zone.slice(2)}${prefixText === undefined ? '' : `/${prefixText}`}`;
    return { reason: `"%25" is a URL-encoded "%": write the zone id without it, e.g. ${plain}` };
  }
  const parsed = parseIPv6(addressText);
  if (!parsed.ok) return { reason: parsed.reason };
  const prefix = prefixText === undefined ? undefined : parsePrefix(prefixText, 6);
  if (typeof prefix === 'object') return prefix;
  return ipTarget(6, parsed.value, prefix, zone);
}

function parsePrefix(text: string, family: IpFamily): Parsed<number> {
  const maxPrefix = family === 4 ? 32 : 128;
  const rule = `an IPv${family} prefix is 0 to ${maxPrefix}`;
  if (text === '') return { reason: `missing prefix length after "/": ${rule}` };
  if (!/^[0-9]+$/.test(text) || (text.length > 1 && text.startsWith('0'))) {
    return { reason: `"${text}" is not a prefix length: ${rule}` };
  }
  const prefix = Number(text);
  return prefix > maxPrefix ? { reason: `${rule}, not ${text}` } : prefix;
}

/** Checks what makes sense to probe and builds the address or CIDR target. */
function ipTarget(family: IpFamily, value: bigint, prefix: number | undefined, zone: string | undefined): Parsed<PortlessTarget> {
  const text = family === 4 ? formatIPv4(Number(value)) : formatIPv6(value);
  if (prefix !== undefined) {
    const hostBits = BigInt(addressBits(family) - prefix);
    const network = (value >> hostBits) << hostBits;
    if (network !== value) {
      const networkText = family === 4 ? formatIPv4(Number(network)) : formatIPv6(network);
      return { reason: `host bits are set: the network is ${networkText}/${prefix}; or drop the /${prefix} for this one address` };
    }
  }
  // The prober's IPv6 socket is IPv6-only, so every send to ::ffff:a.b.c.d
  // fails (ENETUNREACH): probe the IPv4 address inside instead. A CIDR maps
  // only when it lies wholly inside ::ffff:0:0/96. With a zone it stays IPv6
  // and is refused below, as a zone belongs to link-local addresses only.
  if (family === 6 && zone === undefined && isIPv4Mapped(value) && (prefix === undefined || prefix >= 96)) {
    return ipTarget(4, value & 0xffffffffn, prefix === undefined ? undefined : prefix - 96, undefined);
  }
  // A /32 or /128 is one address, so it gets the same checks as one written
  // without a prefix; otherwise "0.0.0.0/32" would slip past them.
  if (prefix === undefined || prefix === addressBits(family)) {
    const refused = singleAddressProblem(family, value, text);
    if (refused) return { reason: refused };
  }
  const zoneProblem = family === 6 ? linkLocalZoneProblem(value, prefix, zone, text)
    : zone === undefined ? undefined : `a zone id (%${zone}) only applies to link-local addresses (fe80::/10)`;
  if (zoneProblem) return { reason: zoneProblem };
  const zonePart = zone === undefined ? {} : { zone };
  return prefix === undefined
    ? { kind: 'address', address: text, family, ...zonePart }
    : { kind: 'cidr', network: text, prefix, family, ...zonePart };
}

export type ResolvedAddressCheck =
  | { ok: true; target: Omit<AddressTarget, 'ports'> }
  /** `notIp`: the text is no IP address at all, rather than one the probe refuses. */
  | { ok: false; notIp: boolean; reason: string };

/**
 * An address from the system resolver ("10.0.0.5", "fe80::1%eth0"), put
 * through the checks a typed single address gets: a name that a hosts-file
 * blocklist maps to 0.0.0.0 must not send to this machine, and a link-local
 * answer without a zone could not be sent to at all. IPv4-mapped answers
 * become IPv4, as typed ones do.
 */
export function checkResolvedAddress(text: string): ResolvedAddressCheck {
  const percent = text.indexOf('%');
  const addressText = percent < 0 ? text : text.slice(0, percent);
  const zone = percent < 0 ? undefined : text.slice(percent + 1);
  const family: IpFamily = addressText.includes(':') ? 6 : 4;
  const parsed = family === 6 ? parseIPv6(addressText) : parseIPv4(addressText);
  if (!parsed.ok) return { ok: false, notIp: true, reason: parsed.reason };
  const target = ipTarget(family, BigInt(parsed.value), undefined, zone);
  if ('reason' in target) return { ok: false, notIp: false, reason: target.reason };
  if (target.kind !== 'address') throw new Error('a single address came back as a range'); // ipTarget without a prefix never does this.
  return { ok: true, target };
}

function singleAddressProblem(family: IpFamily, value: bigint, text: string): string | undefined {
  if (value === 0n) return `${text} is the unspecified address, not a host`;
  if (family === 4 && value === 0xffffffffn) return `${text} is the broadcast address: the probe sends to single hosts`;
  const multicast = family === 4 ? isIPv4Multicast(Number(value)) : isIPv6Multicast(value);
  if (multicast) return `${text} is a multicast address: the probe sends to single hosts`;
  return undefined;
}

/** A zone is required inside fe80::/10 and meaningless elsewhere. */
function linkLocalZoneProblem(value: bigint, prefix: number | undefined, zone: string | undefined, text: string): string | undefined {
  const linkLocal = isIPv6LinkLocal(value) && (prefix === undefined || prefix >= 10);
  const example = `${text}%eth0${prefix === undefined ? '' : `/${prefix}`}`;
  if (linkLocal && zone === undefined) return `a link-local address needs a zone id naming the interface, e.g. ${example}`;
  if (!linkLocal && zone !== undefined) return `a zone id (%${zone}) only applies to link-local addresses (fe80::/10)`;
  return undefined;
}

// ---- Hostnames -------------------------------------------------------------

const HOSTNAME_CHARACTER = /[A-Za-z0-9.-]/;
const MAX_HOSTNAME = 253;
const MAX_LABEL = 63;

/** Why `host` is not an RFC 1123 hostname, or undefined if it is one. A single trailing dot (FQDN) is allowed. */
function hostnameProblem(host: string): string | undefined {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length > MAX_HOSTNAME) return `the name is ${name.length} characters long: a hostname has at most ${MAX_HOSTNAME}`;
  for (const character of name) {
    if (HOSTNAME_CHARACTER.test(character)) continue;
    if (character.charCodeAt(0) > 127) {
      return `"${character}" cannot appear in a hostname: write internationalised names in their ASCII (xn--) form`;
    }
    return `"${character}" cannot appear in a hostname: use letters, digits, "-" and "." (RFC 1123)`;
  }
  const labels = name.split('.');
  for (const label of labels) {
    if (label === '') return 'empty label in the hostname: two dots in a row, or a dot at the start';
    if (label.length > MAX_LABEL) return `the label "${label}" is ${label.length} characters long: a label has at most ${MAX_LABEL}`;
    if (label.startsWith('-') || label.endsWith('-')) return `the label "${label}" starts or ends with "-", which RFC 1123 forbids`;
  }
  const last = labels[labels.length - 1] ?? '';
  if (/^[0-9]+$/.test(last)) return `the last label "${last}" is all digits, so this is neither a hostname nor an IPv4 address`;
  return undefined;
}
