import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's one log channel; every feature writes here. */
export function getLog(): vscode.LogOutputChannel {
  if (!channel) {
    channel = vscode.window.createOutputChannel(vscode.l10n.t('Runbook'), { log: true });
  }
  return channel;
}
