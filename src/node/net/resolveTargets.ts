// Replaces hostname targets with every address the system resolver gives for
// them. Uses dns.lookup (getaddrinfo), like the rest of the OS, so /etc/hosts
// and the system's search domains apply; `verbatim` keeps the resolver's
// order instead of putting IPv4 first. getaddrinfo has no deadline of its own
// (resolv.conf retries can take minutes), so the whole step has one: names
// not answered by then are reported as ETIMEOUT instead of hanging the probe.
//
// Each answer gets the checks a typed address gets (checkResolvedAddress):
// IPv4-mapped answers become IPv4, and answers the probe refuses (0.0.0.0
// from a hosts-file blocklist, link-local without a zone, multicast) are
// skipped. A name left with no address is an error naming what was refused.
import { promises as dns, type LookupAddress } from 'node:dns';
import type { ResolvedTarget } from '../../core/targets/expandTargets';
import { checkResolvedAddress, type TargetSpec } from '../../core/targets/parseTargets';

/** Looks up every address of a name; injectable so tests need no network. */
export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: LookupAll = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface ResolveError {
  host: string;
  /** The resolver's error code, e.g. ENOTFOUND or EAI_AGAIN; EADDRREFUSED when every answer was refused. */
  code: string;
  message: string;
}

export interface ResolveOptions {
  lookup?: LookupAll;
  /** Deadline for resolving all names together; default 10 seconds. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export type ResolveTargetsResult = { ok: true; targets: ResolvedTarget[] } | { ok: false; errors: ResolveError[] };

/**
 * Resolves every hostname target (each name once, all at once) and returns
 * the targets in their original order, a name standing in place for its
 * addresses. Address and CIDR targets pass through unchanged.
 */
export async function resolveTargets(targets: TargetSpec[], options: ResolveOptions = {}): Promise<ResolveTargetsResult> {
  const hosts = [...new Set(targets.flatMap((target) => (target.kind === 'hostname' ? [target.host] : [])))];
  const answers = new Map(await withDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, (deadline) => {
    const lookup = options.lookup ?? systemLookup;
    const lookupByDeadline: LookupAll = (host) => Promise.race([lookup(host), deadline]);
    return Promise.all(hosts.map(async (host) => [host, await resolveHost(host, lookupByDeadline)] as const));
  }));
  const resolved: ResolvedTarget[] = [];
  const errors: ResolveError[] = [];
  for (const target of targets) {
    if (target.kind !== 'hostname') {
      resolved.push(target);
      continue;
    }
    const answer = answers.get(target.host);
    if (answer === undefined) continue;
    if ('code' in answer) {
      if (!errors.includes(answer)) errors.push(answer);
      continue;
    }
    for (const address of answer) resolved.push({ ...address, ports: target.ports.map((range) => ({ ...range })) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, targets: resolved };
}

/** Runs `work` with a promise that rejects with code ETIMEOUT after `timeoutMs`; the timer never outlives the work. */
async function withDeadline<T>(timeoutMs: number, work: (deadline: Promise<never>) => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS deadline passed'), { code: 'ETIMEOUT' })), timeoutMs);
  });
  deadline.catch(() => undefined); // Nobody may be listening when it fires.
  try {
    return await work(deadline);
  } finally {
    clearTimeout(timer);
  }
}

type PortlessAddress = Omit<Extract<ResolvedTarget, { kind: 'address' }>, 'ports'>;

async function resolveHost(host: string, lookup: LookupAll): Promise<PortlessAddress[] | ResolveError> {
  let answers: LookupAddress[];
  try {
    answers = await lookup(host);
  } catch (error) {
    return resolveError(host, errorCode(error));
  }
  const addresses = new Map<string, PortlessAddress>();
  const refused = new Map<string, string>();
  for (const answer of answers) {
    const checked = checkResolvedAddress(answer.address);
    if (!checked.ok) {
      if (checked.notIp) return resolveError(host, 'EBADRESP');
      refused.set(answer.address, checked.reason);
      continue;
    }
    const parsed: PortlessAddress = { ...checked.target, resolvedFrom: host };
    addresses.set(`${parsed.address}%${parsed.zone ?? ''}`, parsed);
  }
  if (addresses.size > 0) return [...addresses.values()];
  if (refused.size > 0) return refusedError(host, refused);
  return resolveError(host, 'ENODATA');
}

/** Every answer was an address the probe refuses: say which, and why. */
function refusedError(host: string, refused: Map<string, string>): ResolveError {
  const code = 'EADDRREFUSED';
  const list = [...refused].map(([address, reason]) => `${address}: ${reason}`).join('; ');
  return { host, code, message: `${host}: the name resolves only to addresses the probe refuses (${code}): ${list}; check the hosts file or DNS` };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function resolveError(host: string, code: string): ResolveError {
  const what = code === 'EAI_AGAIN' || code === 'ETIMEOUT' ? 'DNS did not answer for this name'
    : code === 'EBADRESP' ? 'the resolver returned an address that is not valid IP'
      : 'the name does not resolve';
  return { host, code, message: `${host}: ${what} (${code}); check the spelling or DNS` };
}
