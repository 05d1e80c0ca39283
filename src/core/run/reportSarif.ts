// The run as SARIF 2.1.0, for dashboards and code-scanning tools: one result
// per DHT endpoint confirmed by the run's latest checks (so a remediated run
// reports none, and a dashboard closes the alert).
//
// Where a result is: a DHT node is a network endpoint, not a file. Each result
// has a physicalLocation whose artifactLocation.uri is `dht://host:port` (an
// absolute URI, valid as the schema's uri-reference), because dashboards key
// and group alerts by that uri; and a logicalLocation of kind "resource"
// naming the socket, for viewers that show logical locations. No region: a
// socket has no lines.
import type { DhtNodeFinding } from '../probe/types';
import { endpointKey } from '../probe/types';
import { clientOf, processOf } from './labels';
import type { Finding } from '../findings/types';
import { latestChecks } from './runEvidence';
import { runFindings } from './stepRunner';
import type { RunRecord } from './types';

export const SARIF_RULE_ID = 'DHT001';
const BEP_5 = 'https://www.bittorrent.org/beps/bep_0005.html';

export interface SarifOptions {
  /** The extension's or CLI's version, for tool.driver.version. */
  readonly toolVersion?: string;
}

export function runReportSarif(record: RunRecord, options: SarifOptions = {}): object {
  const latest = latestChecks(record);
  const findings = runFindings(record);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: driver(options) },
      invocations: [invocation(record)],
      automationDetails: { id: `dht-runbook/${record.runbook.id}/${record.runId}` },
      // One result per endpoint still answering, each tied to its finding (the program detection named).
      results: confirmedEndpoints(latest).map((found) => result(found, record, findingOf(findings, found))),
      properties: {
        runId: record.runId,
        revision: record.revision,
        runbook: { ...record.runbook },
        targets: record.targets.mode === 'this-machine' ? 'this machine' : record.targets.text,
        ...(latest.phase === undefined ? {} : { reportedPhase: latest.phase }),
        ...(record.verdict === undefined ? {} : { verdict: { ...record.verdict } }),
      },
    }],
  };
}

function driver(options: SarifOptions): object {
  return {
    name: 'dht-runbook',
    ...(options.toolVersion === undefined ? {} : { version: options.toolVersion }),
    rules: [{
      id: SARIF_RULE_ID,
      name: 'BitTorrentMainlineDhtNode',
      shortDescription: { text: 'BitTorrent Mainline DHT node' },
      fullDescription: {
        text: 'A program on the host takes part in the BitTorrent Mainline DHT: it answered a KRPC ping (BEP 5) sent to this UDP endpoint. That is a peer-to-peer file-sharing client at work.',
      },
      help: {
        text: 'Decide whether the client is permitted by policy. If not, stop it, disable its service and remove its package, then verify that the endpoint no longer answers.',
      },
      helpUri: BEP_5,
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'bittorrent', 'dht', 'peer-to-peer'] },
    }],
  };
}

function invocation(record: RunRecord): object {
  const errors = Object.entries(record.steps).flatMap(([stepId, step]) =>
    step.results.flatMap((r) => (r.kind === 'error' ? [{ stepId, at: r.at, text: `${r.action}: ${r.message}` }] : [])));
  // A failed step can be a finding (still exposed); only an error result means the tool itself failed.
  return {
    executionSuccessful: errors.length === 0,
    startTimeUtc: record.startedAt,
    ...(record.endedAt === undefined ? {} : { endTimeUtc: record.endedAt }),
    machine: record.operator.host,
    account: record.operator.user,
    ...(errors.length === 0 ? {} : {
      toolExecutionNotifications: errors.map((e) => ({ level: 'error', message: { text: e.text }, timeUtc: e.at, properties: { stepId: e.stepId } })),
    }),
  };
}

interface ConfirmedEndpoint {
  readonly finding: DhtNodeFinding;
  readonly hostname?: string;
  readonly process?: string;
  readonly pid?: number;
}

/** Every endpoint once; a local check's finding wins, as it also names the process. */
function confirmedEndpoints(latest: ReturnType<typeof latestChecks>): ConfirmedEndpoint[] {
  const found = new Map<string, ConfirmedEndpoint>();
  for (const check of latest.checks) {
    for (const socket of check.sockets) {
      const process = processOf(socket.verdict.socket);
      const pid = socket.verdict.socket.process?.pid;
      for (const finding of socket.dhtReplies) {
        found.set(endpointKey(finding.endpoint), {
          finding, hostname: check.hostname, ...(process === undefined ? {} : { process }), ...(pid === undefined ? {} : { pid }),
        });
      }
    }
  }
  const unmatched = [...latest.checks.flatMap((c) => c.probe?.findings ?? []), ...latest.probes.flatMap((p) => p.findings)];
  for (const finding of unmatched) {
    const key = endpointKey(finding.endpoint);
    if (!found.has(key)) found.set(key, { finding });
  }
  return [...found.values()];
}

/** The finding of detection an endpoint belongs to: by its DHT endpoint, else by the process holding it. */
function findingOf(findings: readonly Finding[], found: ConfirmedEndpoint): Finding | undefined {
  const key = endpointKey(found.finding.endpoint);
  return findings.find((f) => f.dhtEndpoints.includes(key)) ?? (found.pid === undefined ? undefined : findings.find((f) => f.pid === found.pid));
}

function result(found: ConfirmedEndpoint, record: RunRecord, owner: Finding | undefined): object {
  const { finding } = found;
  const endpoint = endpointKey(finding.endpoint);
  const client = clientOf(finding) ?? 'no client id (no "v" key)';
  const parts = [
    `BitTorrent Mainline DHT node at udp/${endpoint}: it answered a KRPC ${finding.replyKind === 'error' ? 'query with a KRPC error' : 'ping'}.`,
    `Client: ${client}.`,
    ...(finding.nodeIdHex === undefined ? [] : [`Node id: ${finding.nodeIdHex}.`]),
    ...(found.process === undefined ? [] : [`Process: ${found.process}.`]),
    ...(owner === undefined ? [] : [`Finding: ${owner.title}${owner.where === 'remote' ? ` on ${owner.host} (remediate on that host)` : ''}.`]),
  ];
  return {
    ruleId: SARIF_RULE_ID,
    ruleIndex: 0,
    kind: 'fail',
    level: 'error',
    message: { text: parts.join(' ') },
    locations: [{
      physicalLocation: { artifactLocation: { uri: dhtUri(finding) } },
      logicalLocations: [{
        name: `udp/${endpoint}`,
        fullyQualifiedName: `${found.hostname ?? record.operator.host}/udp/${endpoint}`,
        kind: 'resource',
      }],
    }],
    partialFingerprints: { 'dhtEndpoint/v1': `udp/${endpoint}` },
    properties: {
      endpoint: `udp/${endpoint}`,
      basis: 'krpc-reply',
      replyKind: finding.replyKind,
      ...(finding.client === undefined ? {} : {
        client: { ...finding.client },
      }),
      ...(finding.nodeIdHex === undefined ? {} : { nodeIdHex: finding.nodeIdHex }),
      ...(found.process === undefined ? {} : { process: found.process }),
      ...(found.pid === undefined ? {} : { pid: found.pid }),
      ...(owner === undefined ? {} : { finding: findingProperties(owner) }),
      evidence: {
        to: finding.evidence.to,
        from: finding.evidence.from,
        sentAt: finding.evidence.sentAt,
        receivedAt: finding.evidence.receivedAt,
        roundTripMs: finding.roundTripMs,
        sentHex: finding.evidence.sentHex,
        receivedHex: finding.evidence.receivedHex,
      },
    },
  };
}

function findingProperties(finding: Finding): object {
  const install = finding.program?.install;
  return {
    id: finding.id, title: finding.title, where: finding.where, host: finding.host,
    ...(finding.program?.program?.path === undefined ? {} : { program: finding.program.program.path }),
    ...(install === undefined ? {} : { install: install.kind, ...(install.package === undefined ? {} : { package: install.package }) }),
  };
}

/**
 * dht://198.18.0.2:6881, dht://[2001:db8::1]:6881. A link-local zone goes in
 * the query (dht://[fe80::1]:6881?zone=eth0): RFC 6874's "%25eth0" inside the
 * brackets is not an RFC 3986 URI, and the schema's validators reject it.
 */
export function dhtUri(finding: DhtNodeFinding): string {
  const { address, port } = finding.endpoint;
  if (!address.includes(':')) return `dht://${encodeURIComponent(address)}:${port}`;
  const [ip = '', zone] = address.split('%', 2);
  return `dht://[${ip}]:${port}${zone === undefined ? '' : `?zone=${encodeURIComponent(zone)}`}`;
}
