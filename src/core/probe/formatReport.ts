// The sweep's result as plain text: for the CLI and the log channel. Every
// string a DHT node or the OS chose goes through terminalSafe: a node's KRPC
// error message must not be able to clear the screen or forge a line.
import { terminalSafe as safe } from '../text/terminalSafe';
import type { DhtNodeFinding, SweepSummary } from './types';
import { endpointKey } from './types';

export function describeClient(finding: DhtNodeFinding): string {
  const client = finding.client;
  if (!client) return 'no client id (no "v" key)';
  const name = client.name ?? `unknown client "${safe(client.code)}"`;
  return client.version ? `${name} ${safe(client.version)} (v=${client.rawHex})` : `${name} (v=${client.rawHex})`;
}

export function formatFinding(finding: DhtNodeFinding): string[] {
  const lines = [`DHT node at ${safe(endpointKey(finding.endpoint))}: ${describeClient(finding)}`];
  if (finding.replyKind === 'error' && finding.error) {
    lines.push(`  answered with KRPC error ${finding.error.code}: ${safe(finding.error.message)}`);
  } else {
    lines.push(`  node id ${safe(finding.nodeIdHex ?? '?')}${finding.readOnly ? ' (read-only node, BEP 43)' : ''}`);
  }
  if (finding.observedAddress) lines.push(`  sees us as ${safe(endpointKey(finding.observedAddress))} (BEP 42)`);
  lines.push(`  round trip ${finding.roundTripMs} ms; proof: a KRPC ${finding.replyKind === 'error' ? 'error' : 'reply'} to our transaction from the address we asked`);
  lines.push(`  sent ${finding.evidence.sentHex}`);
  lines.push(`  received ${finding.evidence.receivedHex}`);
  return lines;
}

export function formatIgnored(summary: SweepSummary): string {
  if (summary.ignoredTotal === 0) return 'no other datagrams';
  const parts = Object.entries(summary.ignored).sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${safe(reason)}`);
  return `${summary.ignoredTotal} ignored: ${parts.join('; ')}`;
}

export function formatSweepReport(summary: SweepSummary, description: string): string {
  const lines: string[] = [];
  const verdict = summary.findings.length === 0
    ? `No DHT node found among ${summary.endpointsProbed} endpoints`
    : `${summary.findings.length} DHT node(s) found among ${summary.endpointsProbed} endpoints`;
  lines.push(`${verdict} (${safe(description)}).`);
  for (const finding of summary.findings) lines.push(...formatFinding(finding));
  lines.push(`${summary.packetsSent} packets in ${(summary.durationMs / 1000).toFixed(2)} s; ${formatIgnored(summary)}.`);
  const failures = Object.entries(summary.sendFailures);
  if (failures.length > 0) lines.push(`Sends refused by the OS: ${failures.map(([code, n]) => `${n} ${safe(code)}`).join(', ')}.`);
  if (summary.cancelled) lines.push('Cancelled before the sweep finished: endpoints not yet probed are not covered.');
  return lines.join('\n');
}
