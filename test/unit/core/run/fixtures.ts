// Realistic checks and sweeps for the run-record tests, built with the real
// classifier and merger so that they are shaped exactly as checkLocal makes
// them: a host with a qBittorrent DHT node, sshd and nginx.
import { mergeConfirmations } from '../../../../src/core/localCheck/mergeConfirmations';
import type { LocalCheckResult } from '../../../../src/core/localCheck/types';
import type { DhtNodeFinding, SweepSummary } from '../../../../src/core/probe/types';
import { endpointKey } from '../../../../src/core/probe/types';
import { compareWithBaseline, decideVerdict } from '../../../../src/core/run/baseline';
import { phaseChecks } from '../../../../src/core/run/runEvidence';
import { createRun, endRun, finishStep, setNote, setVerdict, startStep, type StepOutline } from '../../../../src/core/run/runState';
import type { RunbookRef, RunRecord } from '../../../../src/core/run/types';
import { classifySockets, summariseSockets } from '../../../../src/core/sockets/classify';
import type { ListeningSocket, SocketProcess } from '../../../../src/core/sockets/types';

export const HOST = 'web-07';
export const LOCAL_ADDRESSES = [
  { address: '127.0.0.1', family: 4 as const },
  { address: '198.18.0.2', family: 4 as const },
  { address: '::1', family: 6 as const },
];

/** A time on the run's day: `at(5)` is five minutes past nine. */
export function at(minutes: number, seconds = 0): string {
  return new Date(Date.UTC(2025, 0, 31, 9, minutes, seconds)).toISOString();
}

function hexOf(...parts: (string | number[])[]): string {
  return parts.map((part) => (typeof part === 'string'
    ? [...part].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')
    : part.map((b) => b.toString(16).padStart(2, '0')).join(''))).join('');
}

const OUR_ID = Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff);
export const NODE_ID_HEX = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const NODE_ID = NODE_ID_HEX.match(/../g)!.map((h) => Number.parseInt(h, 16));

/** A KRPC ping and a libtorrent 2.0.8 reply, byte for byte as on the wire. */
export function finding(address: string, port: number, options: { minute?: number; client?: 'libtorrent' | 'none' } = {}): DhtNodeFinding {
  const tid = [0x12, 0x34, 0x56, 0x78];
  const sentAt = at(options.minute ?? 1, 5);
  const receivedAt = new Date(Date.parse(sentAt) + 42).toISOString();
  const withClient = options.client !== 'none';
  const key = endpointKey({ address, port });
  return {
    endpoint: { address, family: address.includes(':') ? 6 : 4, port },
    replyKind: 'response',
    nodeIdHex: NODE_ID_HEX,
    ...(withClient ? { client: { code: 'LT', rawHex: '4c540208', name: 'libtorrent (Rasterbar)', version: '2.0.8' } } : {}),
    readOnly: false,
    roundTripMs: 42,
    evidence: {
      to: key,
      from: key,
      sentHex: hexOf('d1:ad2:id20:', OUR_ID, 'e1:q4:ping1:t4:', tid, '1:y1:qe'),
      receivedHex: hexOf('d1:rd2:id20:', NODE_ID, 'e1:t4:', tid, ...(withClient ? ['1:v4:', [0x4c, 0x54, 0x02, 0x08]] : []), '1:y1:re'),
      sentAt,
      receivedAt,
    },
  };
}

export function proc(pid: number, name: string, extra: Partial<SocketProcess> = {}): SocketProcess {
  return { pid, name, user: name === 'sshd' ? 'root' : 'svc', ...extra };
}

export function sock(protocol: 'tcp' | 'udp', localAddress: string, localPort: number, process?: SocketProcess): ListeningSocket {
  return { protocol, family: localAddress.includes(':') ? 6 : 4, localAddress, localPort, ...(process === undefined ? {} : { process }) };
}

export function sweep(findings: readonly DhtNodeFinding[], extra: Partial<SweepSummary> = {}): SweepSummary {
  return {
    endpointsProbed: Math.max(1, findings.length),
    packetsSent: Math.max(2, findings.length * 2),
    sendFailures: {},
    findings: [...findings],
    ignored: {},
    ignoredTotal: 0,
    cancelled: false,
    durationMs: 1543,
    nodeIdHex: hexOf(OUR_ID),
    settings: { timeoutMs: 1500, retries: 1, ratePerSecond: 5000 },
    ...extra,
  };
}

/** A listening-ports check of HOST: classify, probe the UDP suspects, merge, as checkLocal does. */
export function localCheck(sockets: readonly ListeningSocket[], findings: readonly DhtNodeFinding[], options: { minute?: number; listingError?: string; output?: string; probe?: false } = {}): LocalCheckResult {
  const verdicts = classifySockets(sockets);
  const probedPorts = new Set(options.probe === false ? [] : verdicts.filter((v) => v.socket.protocol === 'udp' && v.suspect).map((v) => v.socket.localPort));
  const checked = mergeConfirmations(verdicts, findings, probedPorts, LOCAL_ADDRESSES);
  const probe = probedPorts.size > 0 ? sweep(findings) : undefined;
  return {
    checkedAt: at(options.minute ?? 1),
    hostname: HOST,
    listing: {
      sockets: [...sockets],
      source: 'ss',
      evidence: [{ command: 'ss', args: ['-H', '-lntup'], exitCode: options.listingError === undefined ? 0 : 1, rawOutput: options.output ?? ssOutput(sockets) }],
      attribution: 'complete',
      warnings: [],
      ...(options.listingError === undefined ? {} : { error: options.listingError }),
    },
    summary: summariseSockets(verdicts),
    sockets: checked,
    ...(probe === undefined ? {} : { probe }),
    owners: checked.filter((c) => c.verdict.suspect && c.verdict.socket.process !== undefined).slice(0, 1).map((c) => ({
      pid: c.verdict.socket.process!.pid,
      executable: '/usr/bin/qbittorrent-nox',
      packageManager: 'dpkg',
      packages: ['qbittorrent-nox'],
      serviceManager: 'systemd',
      service: 'qbittorrent-nox@svc.service',
    })),
    counts: {
      sockets: sockets.length,
      suspects: verdicts.filter((v) => v.suspect).length,
      confirmedDhtNodes: checked.filter((c) => c.dhtReplies.length > 0).length,
      probedEndpoints: probedPorts.size,
    },
  };
}

function ssOutput(sockets: readonly ListeningSocket[]): string {
  return sockets.map((s) => `${s.protocol} UNCONN 0 0 ${s.localAddress}:${s.localPort} 0.0.0.0:* users:(("${s.process?.name ?? '?'}",pid=${s.process?.pid ?? 0},fd=7))`).join('\n');
}

export const SSHD = sock('tcp', '0.0.0.0', 22, proc(611, 'sshd'));
export const NGINX = sock('tcp', '0.0.0.0', 80, proc(720, 'nginx'));
export const QBT_UDP = sock('udp', '0.0.0.0', 6881, proc(812, 'qbittorrent-nox'));
export const QBT_TCP = sock('tcp', '0.0.0.0', 6881, proc(812, 'qbittorrent-nox'));
export const QBT_FINDING = finding('198.18.0.2', 6881);

/** Detection on a host running qBittorrent next to sshd and nginx. */
export function detectionCheck(): LocalCheckResult {
  return localCheck([SSHD, NGINX, QBT_UDP, QBT_TCP], [QBT_FINDING]);
}

/** Verification after the client was removed; sshd and nginx restarted with new pids. */
export function cleanVerificationCheck(): LocalCheckResult {
  return localCheck([sock('tcp', '0.0.0.0', 22, proc(1611, 'sshd')), sock('tcp', '0.0.0.0', 80, proc(1720, 'nginx'))], [], { minute: 20 });
}

export const RUNBOOK: RunbookRef = {
  id: 'bittorrent-mainline-dht',
  version: '1.2.0',
  title: 'BitTorrent Mainline DHT Detection',
  contentHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  source: 'bundled',
  path: 'runbooks/bittorrent-mainline-dht.md',
};

export const STEPS: readonly StepOutline[] = [
  { id: 'list-sockets', phase: 'detection', title: 'List listening sockets and their owners' },
  { id: 'probe-run-targets', phase: 'detection', title: 'Probe the hosts named in the scan' },
  { id: 'policy-decision', phase: 'remediation', title: 'Decide whether the client is allowed' },
  { id: 'stop-service', phase: 'remediation', title: 'Stop and disable its service' },
  { id: 'relist-sockets', phase: 'verification', title: 'List listening sockets again' },
  { id: 'reprobe-run-targets', phase: 'verification', title: "Probe the run's targets again" },
  { id: 'compare-baseline', phase: 'verification', title: 'Compare with the baseline' },
];

export function newRun(runId = '20250131T090000Z-3f9a2c'): RunRecord {
  return createRun({
    runId,
    runbook: RUNBOOK,
    targets: { mode: 'hosts', text: '198.18.0.0/24' },
    operator: { user: 'alice', host: 'admin-laptop' },
    origin: 'editor',
    steps: STEPS,
    at: at(0),
  });
}

/**
 * A whole run, walked with the real transitions: detection finds the node,
 * policy says no, the service is stopped, verification finds it gone.
 * `remaining` keeps the node answering at verification; `open` leaves the run unended.
 */
export function walkedRun(options: { remaining?: boolean; processName?: string; open?: boolean } = {}): RunRecord {
  const qbt = options.processName === undefined ? QBT_UDP : sock('udp', '0.0.0.0', 6881, proc(812, options.processName));
  const detection = localCheck([SSHD, NGINX, qbt, QBT_TCP], [QBT_FINDING]);
  const remote = sweep([finding('198.18.0.9', 51413, { minute: 3 })]);
  const verification = options.remaining === true
    ? localCheck([SSHD, NGINX, qbt], [finding('198.18.0.2', 6881, { minute: 20 })], { minute: 20 })
    : cleanVerificationCheck();
  const remoteAfter = sweep([], { endpointsProbed: 254, packetsSent: 508 });
  let run = newRun();
  run = startStep(run, 'list-sockets', at(1));
  run = finishStep(run, 'list-sockets', 'attention', at(2), { kind: 'check-listening-ports', at: at(2), result: detection });
  run = setNote(run, 'list-sockets', 'Found during the weekly scan.\nTicket SEC-1234.', at(2, 30));
  run = startStep(run, 'probe-run-targets', at(3));
  run = finishStep(run, 'probe-run-targets', 'attention', at(4), { kind: 'probe-dht', at: at(4), targets: '198.18.0.0/24', endpointCount: 254, summary: remote });
  run = startStep(run, 'policy-decision', at(5));
  run = finishStep(run, 'policy-decision', 'passed', at(6), {
    kind: 'decision', at: at(6), question: 'Is this client permitted by your organisation\'s policy?', answer: 'not permitted',
    justification: 'Policy IT-7 forbids file sharing on servers.', by: 'alice',
  });
  run = startStep(run, 'stop-service', at(7));
  run = finishStep(run, 'stop-service', 'passed', at(8), {
    kind: 'command', at: at(8), platform: 'linux', commandLine: 'sudo systemctl disable --now qbittorrent-nox@svc.service',
    terminalName: 'Runbook: stop-service', by: 'alice', exitCode: 0, output: 'Removed "/etc/systemd/system/multi-user.target.wants/qbittorrent-nox@svc.service".\n',
  });
  run = startStep(run, 'relist-sockets', at(19));
  run = finishStep(run, 'relist-sockets', 'passed', at(20), { kind: 'check-listening-ports', at: at(20), result: verification });
  run = startStep(run, 'reprobe-run-targets', at(21));
  run = finishStep(run, 'reprobe-run-targets', 'passed', at(22), { kind: 'probe-dht', at: at(22), targets: '198.18.0.0/24', endpointCount: 254, summary: remoteAfter });
  const comparison = compareWithBaseline(phaseChecks(run, 'detection', 'all'), phaseChecks(run, 'verification', 'latest-per-step'));
  const verdict = decideVerdict(comparison, { answer: 'not permitted', justification: 'Policy IT-7 forbids file sharing on servers.' }, []);
  run = startStep(run, 'compare-baseline', at(23));
  run = finishStep(run, 'compare-baseline', verdict.outcome === 'remediated' ? 'passed' : 'failed', at(23, 30), { kind: 'compare-baseline', at: at(23, 30), comparison, verdict });
  run = setVerdict(run, verdict, at(24));
  return options.open === true ? run : endRun(run, at(25));
}
