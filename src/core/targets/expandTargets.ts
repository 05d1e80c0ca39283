// Counting and lazily expanding resolved targets into (address, port) endpoints.
//
// Which addresses a CIDR covers: every address, except that an IPv4 range
// larger than /31 skips its network (lowest) and broadcast (highest) address,
// as those are not hosts on an ordinary subnet (/31 and /32 have neither, per
// RFC 3021). Loopback ranges inside 127.0.0.0/8 are the exception and keep
// every address: the whole /8 answers locally and has no broadcast, so
// 127.0.0.0/16 is all 65,536 addresses. IPv6 has no broadcast, so IPv6
// ranges keep every address too.
//
// Order is port-major: for each port (ascending, over every target's ports),
// every target that lists the port, each address ascending. Consecutive
// packets to the same host are then as far apart as the list allows: a host
// hears from us once per pass over all addresses, not once per port in a
// burst. DHT nodes blacklist senders that flood them (libtorrent's limit is
// about 50 packets in 10 seconds), so spreading over hosts first keeps each
// host's rate low. A single address with many ports cannot be spread; pacing
// that is the sender's job.
//
// Overlapping targets (127.0.0.1 and 127.0.0.0/24) are not deduplicated:
// doing so would mean remembering every endpoint, and memory here stays
// proportional to the number of targets, never to the number of endpoints.
import { formatIPv4, formatIPv6, type IpFamily, isIPv4Loopback, parseIPv4, parseIPv6 } from './ipAddress';
import type { AddressTarget, CidrTarget } from './parseTargets';
import { countPorts, normalizePortRanges, rangesIncludePort, type PortRange } from './portSpec';

/** A target with hostnames already resolved to addresses. */
export type ResolvedTarget = (AddressTarget & { /** The hostname this address came from. */ resolvedFrom?: string }) | CidrTarget;

export interface Endpoint {
  /** Ready for dgram send: link-local IPv6 carries its zone, e.g. "fe80::1%eth0". */
  address: string;
  family: IpFamily;
  port: number;
}

/** The inclusive span of addresses a target covers, as numbers in its family. */
interface AddressSpan {
  family: IpFamily;
  first: bigint;
  last: bigint;
  zoneSuffix: string;
  ports: PortRange[];
}

function addressSpan(target: ResolvedTarget): AddressSpan {
  const zoneSuffix = target.zone === undefined ? '' : `%${target.zone}`;
  const text = target.kind === 'address' ? target.address : target.network;
  const first = addressValue(text, target.family);
  if (target.kind === 'address') return { family: target.family, first, last: first, zoneSuffix, ports: target.ports };
  const size = 1n << BigInt((target.family === 4 ? 32 : 128) - target.prefix);
  const last = first + size - 1n;
  const skipNetworkAndBroadcast = target.family === 4 && target.prefix <= 30 && !isIPv4Loopback(Number(first));
  return skipNetworkAndBroadcast
    ? { family: 4, first: first + 1n, last: last - 1n, zoneSuffix, ports: target.ports }
    : { family: target.family, first, last, zoneSuffix, ports: target.ports };
}

function addressValue(text: string, family: IpFamily): bigint {
  const parsed = family === 4 ? parseIPv4(text) : parseIPv6(text);
  if (!parsed.ok) throw new Error(`resolved target holds an invalid IPv${family} address "${text}": ${parsed.reason}`);
  return BigInt(parsed.value);
}

/** How many addresses a target covers (after the network/broadcast rule above). */
export function countAddresses(target: ResolvedTarget): bigint {
  const span = addressSpan(target);
  return span.last - span.first + 1n;
}

/** Endpoints (address and port pairs) the targets expand to; bigint because IPv6 ranges are vast. */
export function countEndpoints(targets: ResolvedTarget[]): bigint {
  return targets.reduce((sum, target) => sum + countAddresses(target) * BigInt(countPorts(target.ports)), 0n);
}

/** Yields every endpoint in port-major order without ever holding the list. */
export function* expandEndpoints(targets: ResolvedTarget[]): Generator<Endpoint> {
  const spans = targets.map(addressSpan);
  const allPorts = normalizePortRanges(spans.flatMap((span) => span.ports));
  for (const range of allPorts) {
    for (let port = range.first; port <= range.last; port++) {
      for (const span of spans) {
        if (rangesIncludePort(span.ports, port)) yield* addressesOf(span, port);
      }
    }
  }
}

function* addressesOf(span: AddressSpan, port: number): Generator<Endpoint> {
  if (span.family === 4) {
    // Plain numbers are much cheaper than bigints, and IPv4 always fits.
    const last = Number(span.last);
    for (let value = Number(span.first); value <= last; value++) {
      yield { address: formatIPv4(value) + span.zoneSuffix, family: 4, port };
    }
    return;
  }
  for (let value = span.first; value <= span.last; value++) {
    yield { address: formatIPv6(value) + span.zoneSuffix, family: 6, port };
  }
}

/** Refuses a probe larger than `max` endpoints, telling the user how to raise the limit. */
export function checkEndpointBound(count: bigint, max: number): { ok: true } | { ok: false; error: string } {
  const setting = 'the setting runbook.probe.maxEndpoints (CLI flag --max-endpoints)';
  // A huge whole number is whole but not exact as a double: say the real limit, not "not a whole number".
  if (Number.isInteger(max) && max > Number.MAX_SAFE_INTEGER) {
    return { ok: false, error: `The endpoint limit must be at most ${groupDigits(BigInt(Number.MAX_SAFE_INTEGER))}, not ${max}: check ${setting}.` };
  }
  if (!Number.isSafeInteger(max) || max < 0) {
    return { ok: false, error: `The endpoint limit must be a whole number of 0 or more, not ${max}: check ${setting}.` };
  }
  if (count <= BigInt(max)) return { ok: true };
  return {
    ok: false,
    error: `The targets expand to ${groupDigits(count)} endpoints (address and port pairs), more than the limit of ` +
      `${groupDigits(BigInt(max))}. Narrow the targets or ports, or raise the limit with ${setting}.`,
  };
}

/** 65536n -> "65,536", without relying on the runtime's locale data. */
function groupDigits(value: bigint): string {
  return value.toString().replace(/\B(?=(\d{3})+$)/g, ',');
}

/** The names among resolved targets, each with the addresses it resolved to, in first-seen order. */
export function resolvedNames(targets: readonly ResolvedTarget[]): { name: string; addresses: string[] }[] {
  const byName = new Map<string, Set<string>>();
  for (const target of targets) {
    if (target.kind !== 'address' || target.resolvedFrom === undefined) continue;
    const addresses = byName.get(target.resolvedFrom) ?? new Set<string>();
    addresses.add(target.address);
    byName.set(target.resolvedFrom, addresses);
  }
  return [...byName].map(([name, addresses]) => ({ name, addresses: [...addresses] }));
}
