// One recorded result as Markdown for the report: the facts a reviewer needs
// in the step itself, the raw evidence in the appendix.
import type { CheckedSocket, LocalCheckResult } from '../localCheck/types';
import type { DhtNodeFinding, SweepSummary } from '../probe/types';
import { endpointKey } from '../probe/types';
import { clientOf, processOf, socketId } from './labels';
import { fenced, mdCode, mdQuote, mdTable, mdText } from './markdownText';
import { EvidenceAppendix, listingEvidenceLines, packetEvidenceLines } from './reportEvidence';
import type { ActionResult, BaselineComparison } from './types';
import { plural } from '../text/sentences';

export function resultLines(result: ActionResult, source: string, appendix: EvidenceAppendix): string[] {
  switch (result.kind) {
    case 'check-listening-ports': return checkLines(result.result, result.at, source, appendix);
    case 'probe-dht': return probeLines(result, source, appendix);
    case 'decision':
      return [
        `**Decision** at ${result.at} by ${mdText(result.by)}: ${mdText(result.question)} **${mdText(result.answer)}**`,
        '',
        'Justification:',
        '',
        result.justification.trim() === '' ? '> (none given)' : mdQuote(result.justification),
      ];
    case 'confirm': return [`**Confirmed** at ${result.at} by ${mdText(result.by)}: ${mdText(result.statement)}`];
    case 'command': return commandLines(result, source, appendix);
    case 'compare-baseline': {
      const verdict = result.verdict === undefined ? [] : ['', `Verdict of this comparison: **${result.verdict.outcome}**. ${mdText(result.verdict.because)}`];
      return [`**Baseline comparison** at ${result.at}:`, '', ...comparisonLines(result.comparison), ...verdict];
    }
    case 'error': return [`**Error** at ${result.at} in ${mdText(result.action)}: ${mdText(result.message)}`];
  }
}

function checkLines(check: LocalCheckResult, at: string, source: string, appendix: EvidenceAppendix): string[] {
  const { counts } = check;
  const lines = [
    `**Listening ports** of ${mdText(check.hostname)} at ${at}: ${plural(counts.sockets, 'socket')}, ${plural(counts.suspects, 'BitTorrent suspect')}, ${plural(counts.confirmedDhtNodes, 'confirmed DHT node')}, ${plural(counts.probedEndpoints, 'endpoint')} probed.`,
  ];
  if (check.listing.error !== undefined) lines.push('', `The listing failed: ${mdText(check.listing.error)}`);
  if (check.listing.attribution !== 'complete' && check.listing.attributionNote !== undefined) {
    lines.push('', `Owners: ${check.listing.attribution} (${mdText(check.listing.attributionNote)})`);
  }
  const confirmed = check.sockets.filter((s) => s.dhtReplies.length > 0);
  if (confirmed.length > 0) {
    lines.push('', 'Confirmed DHT nodes (a KRPC reply is the proof):', '', mdTable(
      ['Socket', 'Process', 'Answered at', 'Client', 'Node id'],
      confirmed.flatMap((s) => s.dhtReplies.map((reply) => [mdText(socketId(s.verdict.socket)), processCell(s), mdText(endpointKey(reply.endpoint)), clientCell(reply), nodeIdCell(reply)])),
    ));
  }
  const suspects = check.sockets.filter((s) => s.dhtReplies.length === 0 && s.verdict.suspect);
  if (suspects.length > 0) {
    lines.push('', 'Suspects not confirmed by a KRPC reply (hints only):', '', mdTable(
      ['Socket', 'Process', 'Confidence', 'Why'],
      suspects.map((s) => [
        mdText(socketId(s.verdict.socket)),
        processCell(s),
        `${s.verdict.confidence ?? 'low'}${s.probed ? ', probed: no reply' : ''}`,
        s.verdict.reasons.map((r) => mdText(r.text)).join(' '),
      ]),
    ));
  }
  for (const owner of check.owners) {
    const pkg = owner.packages.length > 0 ? `package ${mdText(owner.packages.join(', '))} (${mdText(owner.packageManager)})` : `no package${owner.packageNote === undefined ? '' : ` (${mdText(owner.packageNote)})`}`;
    const service = owner.service === undefined ? `no service${owner.serviceNote === undefined ? '' : ` (${mdText(owner.serviceNote)})`}` : `service ${mdText(owner.service)} (${mdText(owner.serviceManager)})`;
    lines.push('', `- Owner of pid ${owner.pid}${owner.executable === undefined ? '' : ` (${mdText(owner.executable)})`}: ${pkg}; ${service}.`);
  }
  const others = check.sockets.length - confirmed.length - suspects.length;
  const listingId = appendix.add(`${source}: listing of ${mdText(check.hostname)} at ${at}`, listingEvidenceLines(check));
  const packets = check.probe?.findings ?? confirmed.flatMap((s) => s.dhtReplies);
  const packetsId = packets.length > 0 ? appendix.add(`${source}: probe packets at ${at}`, packetEvidenceLines(packets)) : undefined;
  lines.push('', `${plural(others, 'other listening socket')}. Evidence: ${listingId}${packetsId === undefined ? '' : `, ${packetsId}`}.`);
  return lines;
}

function probeLines(result: Extract<ActionResult, { kind: 'probe-dht' }>, source: string, appendix: EvidenceAppendix): string[] {
  const summary = result.summary;
  const lines = [
    `**DHT probe** at ${result.at} of ${mdText(result.targets)} (${plural(result.endpointCount, 'endpoint')}): ${plural(summary.findings.length, 'DHT node')} answered; ${sweepFacts(summary)}.`,
  ];
  if (summary.findings.length > 0) {
    lines.push('', mdTable(
      ['Endpoint', 'Client', 'Node id', 'Round trip'],
      summary.findings.map((f) => [mdText(endpointKey(f.endpoint)), clientCell(f), nodeIdCell(f), `${f.roundTripMs} ms`]),
    ));
    lines.push('', `Evidence: ${appendix.add(`${source}: probe packets at ${result.at}`, packetEvidenceLines(summary.findings))}.`);
  }
  return lines;
}

function sweepFacts(summary: SweepSummary): string {
  const facts = [`${plural(summary.packetsSent, 'packet')} in ${(summary.durationMs / 1000).toFixed(2)} s`, `timeout ${summary.settings.timeoutMs} ms, ${plural(summary.settings.retries, 'retry', 'retries')}`];
  if (summary.ignoredTotal > 0) facts.push(`${summary.ignoredTotal} other datagrams ignored`);
  const refused = Object.entries(summary.sendFailures);
  if (refused.length > 0) facts.push(`sends refused: ${refused.map(([code, n]) => `${n} ${mdText(code)}`).join(', ')}`);
  if (summary.cancelled) facts.push('**cancelled** before it finished');
  return facts.join('; ');
}

function commandLines(result: Extract<ActionResult, { kind: 'command' }>, source: string, appendix: EvidenceAppendix): string[] {
  const exit = result.exitCode === undefined ? '' : `, exit code ${result.exitCode}`;
  const lines = [
    `**Command** run at ${result.at} by ${mdText(result.by)} on ${mdText(result.platform)}, in terminal "${mdText(result.terminalName)}"${exit}:`,
    '',
    fenced(result.commandLine, result.platform === 'windows' ? 'powershell' : 'sh'),
  ];
  lines.push('', `Outcome: ${commandOutcome(result)}.`);
  if (result.output !== undefined) {
    const id = appendix.add(`${source}: output of the command at ${result.at}`, ['Command:', '', fenced(result.commandLine), '', 'Output:', '', fenced(result.output === '' ? '(no output)' : result.output, 'text')]);
    lines.push('', `Output: ${id}.`);
  } else if (result.reportedBy === 'person') {
    lines.push('', 'No output was captured: the terminal had no shell integration, so the person watched it.');
  } else {
    lines.push('', 'Its output was not captured (see the terminal).');
  }
  return lines;
}

/** Who says how the command ended, in the report's words. */
function commandOutcome(result: Extract<ActionResult, { kind: 'command' }>): string {
  if (result.outcome === 'interrupted') return '**interrupted**: nobody saw how it ended';
  if (result.exitCode !== undefined) {
    const by = result.reportedBy === 'process' ? 'the process' : result.reportedBy === 'shell-integration' ? 'the terminal\'s shell integration' : 'the record';
    return `exit code ${result.exitCode} (reported by ${by}), **${result.exitCode === 0 ? 'succeeded' : 'failed'}**`;
  }
  if (result.reportedBy === 'person') return `${mdText(result.by)} said it **${result.outcome ?? 'ended'}** (their statement: no exit code could be read)`;
  return 'not known (no exit code and no statement was recorded)';
}

/** Before | now, side by side: DHT endpoints, new ones, suspects, other services. */
export function comparisonLines(comparison: BaselineComparison): string[] {
  const rows: string[][] = [];
  const nowCell = (entry: { unverified?: string }, yes: string, no: string, isNow: boolean): string =>
    (isNow ? yes : entry.unverified === undefined ? no : `not checked: ${mdText(entry.unverified)}`);
  for (const e of comparison.dhtEndpoints) {
    rows.push([`DHT node ${mdText(e.endpoint)}${e.client === undefined ? '' : ` (${mdText(e.client)})`}`, 'answered', nowCell(e, '**still answers**', 'gone', e.now)]);
  }
  for (const endpoint of comparison.newDhtEndpoints) rows.push([`DHT node ${mdText(endpoint)}`, 'did not answer', '**answers now**']);
  for (const s of comparison.suspectSockets ?? []) {
    rows.push([`Suspect ${mdText(s.socket)}${s.process === undefined ? '' : ` (${mdText(s.process)})`}`, 'listening', nowCell(s, 'still listening', 'stopped', s.stillListening)]);
  }
  for (const s of comparison.otherServices) {
    rows.push([`Service ${mdText(s.socket)}${s.process === undefined ? '' : ` (${mdText(s.process)})`}`, 'listening', nowCell(s, 'listening', '**missing**', s.stillListening)]);
  }
  const lines = rows.length === 0 ? ['Nothing to compare: detection recorded no endpoint or socket.'] : [mdTable(['Endpoint or socket', 'Before (detection)', 'Now (verification)'], rows)];
  const caveats = comparison.caveats ?? [];
  if (caveats.length > 0) lines.push('', 'Caveats:', '', ...caveats.map((c) => `- ${mdText(c)}`));
  return lines;
}

function processCell(socket: CheckedSocket): string {
  const process = processOf(socket.verdict.socket);
  return process === undefined ? 'unknown' : mdText(process);
}

function clientCell(finding: DhtNodeFinding): string {
  const client = clientOf(finding);
  if (client === undefined) return 'no `v` key';
  return `${mdText(client)} (v=${mdCode(finding.client?.rawHex ?? '')})`;
}

function nodeIdCell(finding: DhtNodeFinding): string {
  if (finding.replyKind === 'error') return `KRPC error ${finding.error?.code ?? '?'}: ${mdText(finding.error?.message ?? '')}`;
  return finding.nodeIdHex === undefined ? 'none' : mdCode(finding.nodeIdHex);
}
