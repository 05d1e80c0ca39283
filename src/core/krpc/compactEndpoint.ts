// BEP 5 / BEP 32 / BEP 42 compact endpoints: address bytes in network order
// followed by a big-endian port. 6 bytes for IPv4, 18 for IPv6.

export interface CompactEndpoint {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

const IPV4_ENDPOINT_LENGTH = 6;
const IPV6_ENDPOINT_LENGTH = 18;

/** The endpoint in `bytes`, or undefined when the length is neither 6 nor 18. */
export function decodeCompactEndpoint(bytes: Uint8Array): CompactEndpoint | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length === IPV4_ENDPOINT_LENGTH) {
    return { address: formatIPv4(view, 0), port: view.getUint16(4), family: 4 };
  }
  if (bytes.length === IPV6_ENDPOINT_LENGTH) {
    return { address: formatIPv6(view), port: view.getUint16(16), family: 6 };
  }
  return undefined;
}

function formatIPv4(view: DataView, offset: number): string {
  const octets: number[] = [];
  for (let i = 0; i < 4; i++) octets.push(view.getUint8(offset + i));
  return octets.join('.');
}

/**
 * RFC 5952 text (lowercase, no leading zeros, the longest run of two or more
 * zero groups shortened to "::", the first such run on a tie), written the way
 * Node prints addresses (libuv's inet_ntop), so that it compares equal to a
 * socket's remote address: IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible
 * (::a.b.c.d) addresses end in dotted decimal.
 */
function formatIPv6(view: DataView): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(view.getUint16(i * 2));
  const run = longestZeroRun(groups);
  if (run?.start === 0 && (run.length === 6 || (run.length === 5 && groups[5] === 0xffff))) {
    return (run.length === 5 ? '::ffff:' : '::') + formatIPv4(view, 12);
  }
  const hex = (group: number): string => group.toString(16);
  if (run === undefined) return groups.map(hex).join(':');
  const head = groups.slice(0, run.start).map(hex).join(':');
  const tail = groups.slice(run.start + run.length).map(hex).join(':');
  return `${head}::${tail}`;
}

/** The first longest run of at least two zero groups, if any. */
function longestZeroRun(groups: readonly number[]): { start: number; length: number } | undefined {
  let best: { start: number; length: number } | undefined;
  let runStart = -1;
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      const length = i - runStart;
      if (length >= 2 && (best === undefined || length > best.length)) best = { start: runStart, length };
      runStart = -1;
    }
  }
  return best;
}
