// The run as SARIF 2.1.0, for dashboards and code-scanning tools: one result
// per host and DHT endpoint confirmed by the run's latest checks (so a
// remediated run reports none, and a dashboard closes the alert). A fleet run
// (merge) reports each host's open endpoints from the host's own run. Each
// result names its host (logical location, properties.host) and carries a
// fingerprint per host and endpoint; an endpoint whose finding is an accepted
// risk is reported suppressed ("accepted"), with the recorded justification.
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
import { fleetFindingId, latestCompareResult } from '../hosts/fleetHosts';
import { hostsOf } from '../hosts/hostsOf';
import type { HostsOverview } from '../hosts/types';
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
  // A fleet run reports every host's open endpoints from the host's own run; its own steps hold no checks.
  const results = record.fleet === undefined
    ? recordResults(record, { hosts: hostsOf(record) })
    : record.fleet.hosts.flatMap((entry) => recordResults(entry.record, { fleetHost: entry.host }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: driver(options) },
      invocations: [invocation(record)],
      automationDetails: { id: `dht-runbook/${record.runbook.id}/${record.runId}` },
      results,
      properties: {
        runId: record.runId,
        revision: record.revision,
        runbook: { ...record.runbook },
        targets: record.targets.mode === 'this-machine' ? 'this machine' : record.targets.text,
        ...(latest.phase === undefined ? {} : { reportedPhase: latest.phase }),
        ...(record.verdict === undefined ? {} : { verdict: { ...record.verdict } }),
        ...(record.fleet === undefined ? {} : {
          fleet: record.fleet.hosts.map((entry) => ({
            host: entry.host, runId: entry.runId,
            ...(latestChecks(entry.record).phase === undefined ? {} : { reportedPhase: latestChecks(entry.record).phase }),
            ...(entry.record.verdict === undefined ? {} : { verdict: { ...entry.record.verdict } }),
          })),
        }),
      },
    }],
  };
}

/**
 * One result per endpoint the record's latest checks saw answering (its
 * verification once that ran, else its detection), each tied to its finding
 * and to its host: the fleet host whose run it is, the run's host whose
 * address answered, or the machine that ran the check.
 */
function recordResults(record: RunRecord, where: { readonly hosts?: HostsOverview | undefined; readonly fleetHost?: string }): object[] {
  const findings = runFindings(record);
  const verdicts = latestCompareResult(record)?.findings ?? [];
  return confirmedEndpoints(latestChecks(record)).map((found) => {
    const owner = findingOf(findings, found);
    const host = where.fleetHost
      ?? (found.hostname === undefined ? where.hosts?.hosts.find((h) => h.address === found.finding.endpoint.address)?.address : undefined)
      ?? found.hostname ?? record.operator.host;
    const accepted = owner === undefined ? undefined : verdicts.find((v) => v.findingId === owner.id)?.verdict;
    return result(found, {
      host, fleet: where.fleetHost !== undefined,
      ...(owner === undefined ? {} : { owner }),
      ...(accepted?.outcome === 'accepted-risk' ? { justification: accepted.justification } : {}),
    });
  });
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
  const runs = record.fleet === undefined ? [{ record, host: undefined }] : [{ record, host: undefined }, ...record.fleet.hosts.map((e) => ({ record: e.record, host: e.host }))];
  const errors = runs.flatMap(({ record: run, host }) => Object.entries(run.steps).flatMap(([stepId, step]) =>
    step.results.flatMap((r) => (r.kind === 'error' ? [{ stepId, host, at: r.at, text: `${host === undefined ? '' : `${host}: `}${r.action}: ${r.message}` }] : []))));
  // A failed step can be a finding (still exposed); only an error result means the tool itself failed.
  return {
    executionSuccessful: errors.length === 0,
    startTimeUtc: record.startedAt,
    ...(record.endedAt === undefined ? {} : { endTimeUtc: record.endedAt }),
    machine: record.operator.host,
    account: record.operator.user,
    ...(errors.length === 0 ? {} : {
      toolExecutionNotifications: errors.map((e) => ({
        level: 'error', message: { text: e.text }, timeUtc: e.at, properties: { stepId: e.stepId, ...(e.host === undefined ? {} : { host: e.host }) },
      })),
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

interface ResultContext {
  /** The host the endpoint is on, as the run names it. */
  readonly host: string;
  /** A fleet run's result: its fingerprint and finding id are qualified by the host. */
  readonly fleet: boolean;
  readonly owner?: Finding;
  /** Set when the endpoint's finding is an accepted risk: the result is reported as suppressed, with why. */
  readonly justification?: string;
}

function result(found: ConfirmedEndpoint, context: ResultContext): object {
  const { finding } = found;
  const { host, owner } = context;
  const endpoint = endpointKey(finding.endpoint);
  const client = clientOf(finding) ?? 'no client id (no "v" key)';
  const parts = [
    `BitTorrent Mainline DHT node at udp/${endpoint}${context.fleet ? ` on host ${host}` : ''}: it answered a KRPC ${finding.replyKind === 'error' ? 'query with a KRPC error' : 'ping'}.`,
    `Client: ${client}.`,
    ...(finding.nodeIdHex === undefined ? [] : [`Node id: ${finding.nodeIdHex}.`]),
    ...(found.process === undefined ? [] : [`Process: ${found.process}.`]),
    ...(owner === undefined ? [] : [`Finding: ${owner.title}${owner.where === 'remote' ? ` on ${owner.host} (remediate on that host)` : ''}.`]),
  ];
  // Stable per host and endpoint, so a dashboard tracks each host's alert on its own; a single run keeps its older key too.
  const hostKey = `${host}/udp/${endpoint}`;
  return {
    ruleId: SARIF_RULE_ID,
    ruleIndex: 0,
    kind: 'fail',
    level: 'error',
    message: { text: parts.join(' ') },
    locations: [{
      physicalLocation: { artifactLocation: { uri: dhtUri(finding) } },
      logicalLocations: [{ name: `udp/${endpoint}`, fullyQualifiedName: hostKey, kind: 'resource' }],
    }],
    partialFingerprints: context.fleet ? { 'dhtHostEndpoint/v1': hostKey } : { 'dhtEndpoint/v1': `udp/${endpoint}`, 'dhtHostEndpoint/v1': hostKey },
    ...(context.justification === undefined ? {} : { suppressions: [{ kind: 'external', status: 'accepted', justification: context.justification }] }),
    properties: {
      host,
      endpoint: `udp/${endpoint}`,
      basis: 'krpc-reply',
      replyKind: finding.replyKind,
      ...(finding.client === undefined ? {} : {
        client: { ...finding.client },
      }),
      ...(finding.nodeIdHex === undefined ? {} : { nodeIdHex: finding.nodeIdHex }),
      ...(found.process === undefined ? {} : { process: found.process }),
      ...(found.pid === undefined ? {} : { pid: found.pid }),
      ...(owner === undefined ? {} : { finding: findingProperties(owner, context.fleet ? host : undefined) }),
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

function findingProperties(finding: Finding, fleetHost: string | undefined): object {
  const install = finding.program?.install;
  return {
    id: fleetHost === undefined ? finding.id : fleetFindingId(fleetHost, finding.id), title: finding.title, where: finding.where, host: finding.host,
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
