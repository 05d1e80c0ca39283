// "Runbook: Compare Runs…": two runs of the same targets side by side, in
// VS Code's diff editor, the older on the left. Each side is a read-only
// virtual document (a TextDocumentContentProvider on the `runbook-compare`
// scheme), so nothing asks to be saved when it closes. Each side says which
// phase's checks it shows; lines are sorted and carry no pid (pids change
// across restarts, sockets do not), so the diff shows only what appeared or
// went away.
import * as vscode from 'vscode';
import { latestChecks } from '../../core/run/runEvidence';
import { clientOf, socketId } from '../../core/run/labels';
import { endpointKey } from '../../core/probe/types';
import { holdersOf } from '../../core/sockets/parserSupport';
import type { RunRecord } from '../../core/run/types';
import { verdictText } from './resultCards';

export const COMPARE_SCHEME = 'runbook-compare';

/** Which phase's checks a run's side shows, in words. */
export function comparedPhaseText(record: RunRecord): string {
  const phase = latestChecks(record).phase;
  return phase === 'verification' ? vscode.l10n.t('verification') : phase === 'detection' ? vscode.l10n.t('detection') : vscode.l10n.t('no checks');
}

/** One run's side: what listened and what answered as a DHT node, at the phase its latest checks come from. */
export function runPictureMarkdown(record: RunRecord): string {
  const checks = latestChecks(record);
  const dht = new Map<string, string | undefined>();
  for (const sweep of checks.probes) for (const f of sweep.findings) dht.set(endpointKey(f.endpoint), clientOf(f));
  const suspects = new Set<string>();
  const services = new Set<string>();
  for (const check of checks.checks) {
    for (const s of check.sockets) {
      for (const reply of s.dhtReplies) dht.set(endpointKey(reply.endpoint), clientOf(reply));
      const names = [...new Set(holdersOf(s.verdict.socket).map((p) => p.name ?? '?'))].join(', ');
      const line = `${socketId(s.verdict.socket)}${names ? ` ${names}` : ''}`;
      (s.verdict.suspect || s.dhtReplies.length > 0 ? suspects : services).add(line);
    }
  }
  const targets = record.targets.mode === 'this-machine' ? vscode.l10n.t('this machine') : record.targets.text;
  const list = (items: Iterable<string>, none: string) => {
    const sorted = [...items].sort();
    return sorted.length === 0 ? [`- ${none}`] : sorted.map((line) => `- \`${line.replace(/`/g, "'")}\``);
  };
  return [
    `# ${vscode.l10n.t('Run {0}', record.runId)}`,
    '',
    vscode.l10n.t('Started {0}. Targets: {1}.', new Date(record.startedAt).toLocaleString(), targets),
    vscode.l10n.t('Checks shown: the {0} phase (the latest attempt of each check).', comparedPhaseText(record)),
    vscode.l10n.t('Verdict: {0}', record.verdict ? verdictText(record.verdict) : vscode.l10n.t('none yet')),
    '',
    `## ${vscode.l10n.t('DHT nodes that answered')}`,
    '',
    ...list([...dht].map(([endpoint, client]) => `${endpoint}${client ? ` ${client}` : ''}`), vscode.l10n.t('none')),
    '',
    `## ${vscode.l10n.t('BitTorrent suspects listening')}`,
    '',
    ...list(suspects, vscode.l10n.t('none')),
    '',
    `## ${vscode.l10n.t('Other listening services')}`,
    '',
    ...list(services, checks.checks.length === 0 ? vscode.l10n.t('not listed in this run') : vscode.l10n.t('none')),
    '',
  ].join('\n');
}

/** Serves each side from the record it was opened with; read-only by nature of a content provider. */
export class RunComparisonProvider implements vscode.TextDocumentContentProvider {
  private readonly sides = new Map<string, string>();

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.sides.get(uri.toString()) ?? vscode.l10n.t('This comparison is no longer available: run "Runbook: Compare Runs…" again.');
  }

  uriFor(record: RunRecord): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${record.runId} (${comparedPhaseText(record)}).md` });
    this.sides.set(uri.toString(), runPictureMarkdown(record));
    return uri;
  }

  /** Opens the diff editor: older left, newer right, a title that names both runs and their phases. */
  async show(older: RunRecord, newer: RunRecord): Promise<{ left: vscode.Uri; right: vscode.Uri; title: string }> {
    const left = this.uriFor(older);
    const right = this.uriFor(newer);
    const title = vscode.l10n.t('Runs compared: {0} ({1}) ↔ {2} ({3})', older.runId, comparedPhaseText(older), newer.runId, comparedPhaseText(newer));
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    return { left, right, title };
  }
}
