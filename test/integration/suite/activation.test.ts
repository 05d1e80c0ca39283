import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, contributedCommands, waitFor } from '../helpers';

describe('activation', () => {
  it('activates and exports nothing it should not', async () => {
    const extension = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.equal(extension.id, EXTENSION_ID);
  });

  it('registers every command the manifest contributes', async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributedCommands().filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
    assert.ok(contributedCommands().length >= 2);
  });

  it('contributes every command under the one Runbook category', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const commands = (extension?.packageJSON.contributes.commands ?? []) as { category: string }[];
    for (const command of commands) assert.equal(command.category, 'Runbook');
  });

  it('has a log output channel that the Show Log command reveals', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('runbook.showLog');
    // The channel is real when its output document is open under the extension's log.
    const found = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Runbook/i.test(d.uri.path)));
    assert.ok(found, `no Runbook output document among: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
  });
});
