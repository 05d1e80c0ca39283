// Shapes of the evidence a record carries: a listening-ports check and a DHT
// sweep. These types belong to other modules and may grow optional fields,
// so unknown keys are allowed here; every field a report or the UI reads is
// checked.
import {
  amount, arrayOf, bool, count, hex, integer, isoTime, mapOf, nullable, objectOf, oneOf, text, type Shape,
} from './shape';

const port = integer(0, 65535);
const family = oneOf(4, 6);

const socketProcess = objectOf({
  required: { pid: count },
  optional: { name: text, executable: text, commandLine: text, user: text, uid: count, fd: count },
  otherKeys: 'allow',
});

const listeningSocket = objectOf({
  required: { protocol: oneOf('tcp', 'udp'), family, localAddress: text, localPort: port },
  optional: { interface: text, dualStack: bool, process: socketProcess, otherProcesses: arrayOf(socketProcess), inode: count, uid: count },
  otherKeys: 'allow',
});

const toolEvidence = objectOf({
  required: { command: text, args: arrayOf(text), rawOutput: text },
  optional: { exitCode: nullable(integer()), stderr: text, error: text, truncated: bool },
  otherKeys: 'allow',
});

const socketListing = objectOf({
  required: {
    sockets: arrayOf(listeningSocket),
    source: text,
    evidence: arrayOf(toolEvidence),
    attribution: oneOf('complete', 'partial', 'none'),
    warnings: arrayOf(text),
  },
  optional: { attributionNote: text, error: text },
  otherKeys: 'allow',
});

const confidence = oneOf('low', 'medium', 'high');

const socketSummary = objectOf({
  required: {
    sockets: count, tcp: count, udp: count, processes: count, unattributed: count, suspects: count,
    byConfidence: objectOf({ required: { low: count, medium: count, high: count }, otherKeys: 'allow' }),
    suspectProcesses: arrayOf(objectOf({
      required: { pid: count, ports: arrayOf(text), confidence },
      optional: { name: text, client: text },
      otherKeys: 'allow',
    })),
  },
  otherKeys: 'allow',
});

const socketVerdict = objectOf({
  required: {
    socket: listeningSocket,
    suspect: bool,
    reasons: arrayOf(objectOf({ required: { kind: text, text }, optional: { client: text, pid: count }, otherKeys: 'allow' })),
  },
  optional: { confidence, client: text },
  otherKeys: 'allow',
});

const endpoint = objectOf({ required: { address: text, family, port }, otherKeys: 'allow' });

const probeEvidence = objectOf({
  required: { to: text, from: text, sentHex: hex, receivedHex: hex, sentAt: isoTime, receivedAt: isoTime },
  otherKeys: 'allow',
});

export const dhtNodeFinding: Shape = objectOf({
  required: { endpoint, replyKind: oneOf('response', 'error'), readOnly: bool, roundTripMs: amount, evidence: probeEvidence },
  optional: {
    nodeIdHex: hex,
    client: objectOf({ required: { code: text, rawHex: hex }, optional: { name: text, version: text }, otherKeys: 'allow' }),
    observedAddress: endpoint,
    error: objectOf({ required: { code: integer(), message: text }, otherKeys: 'allow' }),
  },
  otherKeys: 'allow',
});

export const sweepSummary: Shape = objectOf({
  required: {
    endpointsProbed: count,
    packetsSent: count,
    sendFailures: mapOf(count),
    findings: arrayOf(dhtNodeFinding),
    ignored: mapOf(count),
    ignoredTotal: count,
    cancelled: bool,
    durationMs: amount,
    nodeIdHex: hex,
    settings: objectOf({ required: { timeoutMs: amount, retries: count, ratePerSecond: amount }, otherKeys: 'allow' }),
  },
  otherKeys: 'allow',
});

const checkedSocket = objectOf({
  required: {
    verdict: socketVerdict,
    dhtReplies: arrayOf(dhtNodeFinding),
    basis: arrayOf(oneOf('krpc-reply', 'process-name', 'executable', 'command-line', 'port')),
    probed: bool,
  },
  otherKeys: 'allow',
});

const ownerInfo = objectOf({
  required: { pid: count, packageManager: text, packages: arrayOf(text), serviceManager: text },
  optional: { executable: text, packageNote: text, service: text, serviceNote: text },
  otherKeys: 'allow',
});

export const localCheckResult: Shape = objectOf({
  required: {
    checkedAt: isoTime,
    hostname: text,
    listing: socketListing,
    summary: socketSummary,
    sockets: arrayOf(checkedSocket),
    owners: arrayOf(ownerInfo),
    counts: objectOf({ required: { sockets: count, suspects: count, confirmedDhtNodes: count, probedEndpoints: count }, otherKeys: 'allow' }),
  },
  optional: { probe: sweepSummary },
  otherKeys: 'allow',
});
