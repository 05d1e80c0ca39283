// "Check listening ports" as plain text: the CLI's output and the log's.
// Process, user, package and unit names, paths and tool messages were chosen
// by other programs (a process can name itself anything, escapes included):
// each goes through terminalSafe before it reaches a line.
import { describeClient } from '../probe/formatReport';
import { endpointKey } from '../probe/types';
import { holdersOf } from '../sockets/parserSupport';
import type { ListeningSocket } from '../sockets/types';
import { terminalSafe as safe } from '../text/terminalSafe';
import { orderForReport } from './mergeConfirmations';
import type { CheckedSocket, LocalCheckResult, OwnerInfo } from './types';

export function socketLabel(socket: ListeningSocket): string {
  const address = socket.localAddress.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
  return safe(`${socket.protocol}/${address}:${socket.localPort}`);
}

export function processLabel(socket: ListeningSocket): string {
  const holders = holdersOf(socket);
  if (holders.length === 0) return 'owner unknown';
  return holders.map((p) => `${safe(p.name ?? '?')} (pid ${p.pid}${p.user ? `, user ${safe(p.user)}` : ''})`).join(', ');
}

export function ownerLine(owner: OwnerInfo): string {
  const pkg = owner.packages.length > 0 ? `package ${owner.packages.join(', ')} (${owner.packageManager})` : `no package${owner.packageNote ? ` (${owner.packageNote})` : ''}`;
  const service = owner.service ? `service ${owner.service}` : `no service${owner.serviceNote ? ` (${owner.serviceNote})` : ''}`;
  return safe(`pid ${owner.pid}${owner.executable ? ` ${owner.executable}` : ''}: ${pkg}; ${service}`);
}

function basisText(checked: CheckedSocket): string {
  return safe(checked.basis.map((b) => (b === 'krpc-reply' ? 'KRPC reply' : b.replace('-', ' '))).join(' + '));
}

export function formatLocalCheck(result: LocalCheckResult): string {
  const lines: string[] = [];
  const { counts } = result;
  lines.push(`${safe(result.hostname)}: ${counts.sockets} listening sockets, ${counts.suspects} BitTorrent suspects, ${counts.confirmedDhtNodes} confirmed DHT nodes (${counts.probedEndpoints} endpoints probed).`);
  if (result.listing.error) lines.push(`Could not list sockets: ${safe(result.listing.error)}`);
  if (result.listing.attribution !== 'complete' && result.listing.attributionNote) lines.push(`Note: ${safe(result.listing.attributionNote)}`);
  const ordered = orderForReport(result.sockets);
  const confirmed = ordered.filter((s) => s.dhtReplies.length > 0);
  const suspects = ordered.filter((s) => s.dhtReplies.length === 0 && s.verdict.suspect);
  const rest = ordered.filter((s) => s.dhtReplies.length === 0 && !s.verdict.suspect);
  if (confirmed.length > 0) {
    lines.push('', 'Confirmed DHT nodes:');
    for (const s of confirmed) {
      lines.push(`  ${socketLabel(s.verdict.socket)}  ${processLabel(s.verdict.socket)}  [${basisText(s)}]`);
      for (const reply of s.dhtReplies) lines.push(`    answered at ${safe(endpointKey(reply.endpoint))}: ${describeClient(reply)}, node id ${safe(reply.nodeIdHex ?? '?')}`);
    }
  }
  if (suspects.length > 0) {
    lines.push('', 'Other suspects (not confirmed by a KRPC reply):');
    for (const s of suspects) {
      lines.push(`  ${socketLabel(s.verdict.socket)}  ${processLabel(s.verdict.socket)}  [${basisText(s)}, ${safe(s.verdict.confidence ?? 'low')} confidence]${s.probed ? ' probed, no DHT reply' : ''}`);
      for (const reason of s.verdict.reasons) lines.push(`    - ${safe(reason.text)}`);
    }
  }
  if (result.owners.length > 0) {
    lines.push('', 'What owns the suspect processes:');
    for (const owner of result.owners) lines.push(`  ${ownerLine(owner)}`);
  }
  lines.push('', `Everything else listening (${rest.length}):`);
  for (const s of rest) lines.push(`  ${socketLabel(s.verdict.socket)}  ${processLabel(s.verdict.socket)}`);
  lines.push('', `Evidence: ${safe(result.listing.evidence.map((e) => [e.command, ...e.args].join(' ')).join('; '))}`);
  return lines.join('\n');
}
