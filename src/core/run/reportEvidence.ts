// The report's evidence appendix: every command line with what it printed,
// every probe packet in hex with its source, destination and timing. Steps
// refer to entries by number (E1, E2, ...) so the step summaries stay short.
import type { LocalCheckResult } from '../localCheck/types';
import type { DhtNodeFinding } from '../probe/types';
import { endpointKey } from '../probe/types';
import type { ToolEvidence } from '../sockets/types';
import { hexDump } from './hexDump';
import { fenced, mdText } from './markdownText';

interface Entry {
  readonly id: string;
  readonly title: string;
  readonly body: readonly string[];
}

export class EvidenceAppendix {
  private readonly entries: Entry[] = [];

  /** Adds an entry and returns its id, e.g. "E3". */
  add(title: string, body: readonly string[]): string {
    const id = `E${this.entries.length + 1}`;
    this.entries.push({ id, title, body });
    return id;
  }

  render(): string[] {
    if (this.entries.length === 0) return ['## Evidence', '', 'The run recorded no raw evidence.'];
    const lines = ['## Evidence', '', 'Raw output and packets exactly as recorded. Control characters are shown as control pictures (␛ for ESC).'];
    for (const entry of this.entries) lines.push('', `### ${entry.id}: ${entry.title}`, '', ...entry.body);
    return lines;
  }
}

/** "ss -H -lntup", arguments with spaces or quotes in single quotes, as a shell would need them. */
export function commandLineOf(tool: ToolEvidence): string {
  const quote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [tool.command, ...tool.args.map(quote)].join(' ');
}

export function toolEvidenceLines(tool: ToolEvidence): string[] {
  const lines = ['Command:', '', fenced(commandLineOf(tool), 'sh'), ''];
  const exit = tool.exitCode === undefined ? 'Exit code not recorded' : tool.exitCode === null ? 'Ended by a signal' : `Exit code ${tool.exitCode}`;
  lines.push(`${exit}${tool.truncated === true ? '; output cut at the size limit' : ''}${tool.error === undefined ? '' : `; ${mdText(tool.error)}`}.`);
  lines.push('', 'Output:', '', fenced(tool.rawOutput === '' ? '(no output)' : tool.rawOutput, 'text'));
  if (tool.stderr !== undefined && tool.stderr !== '') lines.push('', 'Error output:', '', fenced(tool.stderr, 'text'));
  return lines;
}

export function listingEvidenceLines(check: LocalCheckResult): string[] {
  if (check.listing.evidence.length === 0) return ['No command output was recorded for this listing.'];
  return check.listing.evidence.flatMap((tool, index) => [...(index > 0 ? [''] : []), ...toolEvidenceLines(tool)]);
}

export function packetEvidenceLines(findings: readonly DhtNodeFinding[]): string[] {
  return findings.flatMap((finding, index) => {
    const { evidence } = finding;
    return [
      ...(index > 0 ? [''] : []),
      `**${mdText(endpointKey(finding.endpoint))}**: KRPC ${finding.replyKind === 'error' ? 'error' : 'reply'} after ${finding.roundTripMs} ms.`,
      '',
      `Query sent to ${mdText(evidence.to)} at ${evidence.sentAt} (${evidence.sentHex.length / 2} bytes):`,
      '',
      fenced(hexDump(evidence.sentHex), 'text'),
      '',
      `Reply received from ${mdText(evidence.from)} at ${evidence.receivedAt} (${evidence.receivedHex.length / 2} bytes):`,
      '',
      fenced(hexDump(evidence.receivedHex), 'text'),
    ];
  });
}
