// Turns detection's sockets and DHT replies into findings, one per program.
// A local socket's holder process is the program; sockets and replies of one
// pid are one finding. Probe replies that came from a port this machine's
// finding listens on join that finding; the rest are nodes of other hosts,
// grouped by host and node id (one node on several addresses is one finding).
import type { CheckedSocket, LocalCheckResult, OwnerInfo } from '../localCheck/types';
import { endpointKey, type DhtNodeFinding, type SweepSummary } from '../probe/types';
import { clientOf, socketId } from '../run/labels';
import { holdersOf } from '../sockets/parserSupport';
import type { SocketProcess } from '../sockets/types';
import type { Finding, FindingEndpoint } from './types';

export interface DetectionEvidence {
  readonly checks: readonly LocalCheckResult[];
  /** Each sweep with whether its targets were this machine's own addresses. */
  readonly probes: readonly { readonly summary: SweepSummary; readonly thisMachine: boolean }[];
  /** This machine's name, for findings of this machine without a listing. */
  readonly hostname?: string;
}

interface LocalDraft {
  pid: number;
  process: SocketProcess;
  owner?: OwnerInfo;
  hostname: string;
  confirmed: boolean;
  suspectOnly: boolean;
  endpoints: Map<string, FindingEndpoint>;
  ports: Set<number>;
  replies: DhtNodeFinding[];
}

export function findingsOf(evidence: DetectionEvidence): Finding[] {
  const local = new Map<number, LocalDraft>();
  for (const check of evidence.checks) {
    for (const socket of check.sockets) addSocket(local, check, socket);
  }
  const remote = new Map<string, { host: string; replies: DhtNodeFinding[] }>();
  const localHere: DhtNodeFinding[] = [];
  // Addresses this machine answered on in its own check: a probe reply from one of them is a local socket's.
  const ownAddresses = new Set(evidence.checks.flatMap((c) => c.sockets.flatMap((s) => s.dhtReplies.map((r) => r.endpoint.address))));
  for (const { summary, thisMachine } of evidence.probes) {
    for (const reply of summary.findings) {
      const here = thisMachine || ownAddresses.has(reply.endpoint.address);
      const owner = here ? [...local.values()].find((d) => d.ports.has(reply.endpoint.port) && d.confirmed) : undefined;
      if (owner !== undefined) {
        // Its socket is already listed; the reply adds only the address it answered on.
        owner.replies.push(reply);
      } else if (here) {
        localHere.push(reply);
      } else {
        const key = `${reply.endpoint.address}|${reply.nodeIdHex ?? endpointKey(reply.endpoint)}`;
        const group = remote.get(key) ?? { host: reply.endpoint.address, replies: [] };
        group.replies.push(reply);
        remote.set(key, group);
      }
    }
  }
  const findings: Finding[] = [...local.values()].filter((d) => d.confirmed || !d.suspectOnly || d.endpoints.size > 0).map(localFinding);
  findings.push(...groupByNode(localHere).map((replies) => nodeFinding(replies, 'this-machine', evidence.hostname ?? 'this machine')));
  for (const group of remote.values()) findings.push(nodeFinding(group.replies, 'remote', group.host));
  // Confirmed first, then by title, so the order is the same on every render.
  return findings.sort((a, b) => Number(b.basis === 'krpc-reply') - Number(a.basis === 'krpc-reply') || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

function addSocket(local: Map<number, LocalDraft>, check: LocalCheckResult, socket: CheckedSocket): void {
  const confirmed = socket.dhtReplies.length > 0;
  if (!confirmed && !isStrongSuspect(socket)) return;
  for (const holder of holdersOf(socket.verdict.socket)) {
    const draft = local.get(holder.pid) ?? newDraft(holder, check);
    draft.confirmed ||= confirmed;
    draft.suspectOnly &&= !confirmed;
    const label = socketId(socket.verdict.socket);
    draft.endpoints.set(label, { label, protocol: socket.verdict.socket.protocol, confirmed });
    if (socket.verdict.socket.protocol === 'udp') draft.ports.add(socket.verdict.socket.localPort);
    draft.replies.push(...socket.dhtReplies);
    local.set(holder.pid, draft);
  }
}

/** A suspect worth a remediation of its own: confirmed elsewhere, or named as a client with good confidence. */
function isStrongSuspect(socket: CheckedSocket): boolean {
  return socket.verdict.suspect && (socket.verdict.confidence === 'high' || socket.verdict.client !== undefined);
}

function newDraft(process: SocketProcess, check: LocalCheckResult): LocalDraft {
  const owner = check.owners.find((o) => o.pid === process.pid);
  return {
    pid: process.pid, process, ...(owner === undefined ? {} : { owner }), hostname: check.hostname,
    confirmed: false, suspectOnly: true, endpoints: new Map(), ports: new Set(), replies: [],
  };
}

function localFinding(draft: LocalDraft): Finding {
  const facts = draft.owner?.program;
  const start = facts?.process.startTicks;
  const client = draft.replies.map(clientOf).find((c) => c !== undefined);
  const nodeId = draft.replies.map((r) => r.nodeIdHex).find((n) => n !== undefined);
  const name = draft.process.name ?? facts?.process.executable?.split('/').pop();
  const owner = draft.owner;
  return {
    id: start === undefined ? `local-${draft.pid}` : `local-${draft.pid}-${start}`,
    where: 'this-machine',
    host: draft.hostname,
    basis: draft.confirmed ? 'krpc-reply' : 'suspect',
    title: name ?? `pid ${draft.pid}`,
    pid: draft.pid,
    ...(name === undefined ? {} : { processName: name }),
    ...(draft.process.user === undefined && facts?.process.user === undefined ? {} : { user: draft.process.user ?? facts?.process.user ?? '' }),
    ...(client === undefined ? {} : { client }),
    ...(nodeId === undefined ? {} : { nodeIdHex: nodeId }),
    endpoints: [...draft.endpoints.values()].sort((a, b) => Number(b.confirmed) - Number(a.confirmed) || a.label.localeCompare(b.label)),
    dhtEndpoints: [...new Set(draft.replies.map((r) => endpointKey(r.endpoint)))].sort(),
    ...(facts === undefined ? {} : { program: facts }),
    ...(owner === undefined ? {} : {
      owner: {
        packages: owner.packages, packageManager: owner.packageManager,
        ...(owner.packageNote === undefined ? {} : { packageNote: owner.packageNote }),
        ...(owner.service === undefined ? {} : { service: owner.service }),
        ...(owner.serviceNote === undefined ? {} : { serviceNote: owner.serviceNote }),
        ...(owner.executable === undefined ? {} : { executable: owner.executable }),
      },
    }),
  };
}

/** Replies of one node id are one node, whatever address they came from. */
function groupByNode(replies: readonly DhtNodeFinding[]): DhtNodeFinding[][] {
  const groups = new Map<string, DhtNodeFinding[]>();
  for (const reply of replies) {
    const key = reply.nodeIdHex ?? endpointKey(reply.endpoint);
    groups.set(key, [...(groups.get(key) ?? []), reply]);
  }
  return [...groups.values()];
}

function nodeFinding(replies: readonly DhtNodeFinding[], where: Finding['where'], host: string): Finding {
  const first = replies[0];
  const client = replies.map(clientOf).find((c) => c !== undefined);
  const nodeId = first?.nodeIdHex;
  const endpoints = [...new Set(replies.map((r) => endpointKey(r.endpoint)))].sort().map((label): FindingEndpoint => ({ label, protocol: 'udp', confirmed: true }));
  const idPart = (nodeId ?? endpoints[0]?.label ?? 'node').slice(0, 16).replace(/[^A-Za-z0-9.]/g, '_');
  return {
    id: `${where === 'remote' ? 'remote' : 'node'}-${host.replace(/[^A-Za-z0-9.]/g, '_')}-${idPart}`,
    where,
    host,
    basis: 'krpc-reply',
    title: where === 'remote' ? `${client ?? 'DHT node'} on ${host}` : client ?? 'DHT node',
    ...(client === undefined ? {} : { client }),
    ...(nodeId === undefined ? {} : { nodeIdHex: nodeId }),
    endpoints,
    dhtEndpoints: endpoints.map((e) => e.label),
  };
}
