import * as vscode from 'vscode';

export const EXTENSION_ID = 'runbook-team.dht-runbook';

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

export function contributedCommands(): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const commands = (extension?.packageJSON.contributes.commands ?? []) as { command: string }[];
  return commands.map((c) => c.command);
}

/** Polls until `probe` returns something truthy, or the time limit passes. */
export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}
