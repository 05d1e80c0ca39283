import * as vscode from 'vscode';

/** The headline of a listening-ports check, worded so that any count reads right. */
export function checkHeadline(counts: { sockets: number; suspects: number; confirmedDhtNodes: number }): string {
  return vscode.l10n.t('Listening sockets: {0} · BitTorrent suspects: {1} · confirmed DHT nodes: {2}', counts.sockets, counts.suspects, counts.confirmedDhtNodes);
}
