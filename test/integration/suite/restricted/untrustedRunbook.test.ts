// A workspace opened in Restricted Mode: its runbook reads, its actions do
// not run, and the panel says why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from '../../helpers';
import { browserBridgeAvailable, queryWebview, screenshot } from '../../browserBridge';
import { readRunRecords } from '../../runRecords';

describe('Restricted Mode', () => {
  before(async () => { await activateExtension(); });

  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('shows the workspace runbook but runs none of its actions', async function () {
    if (!browserBridgeAvailable()) this.skip();
    await vscode.commands.executeCommand('runbook.startRun', { runbookId: 'workspace-check', targets: { mode: 'this-machine' } });
    const banner = await queryWebview('#run-root .restricted');
    assert.match(banner[0]!.text, /Restricted Mode/);
    const buttons = await queryWebview('#step-probe-loopback button[data-command="runAction"][disabled]');
    assert.equal(buttons.length, 1, 'the action button is disabled');
    // Asking through the palette command does not run it either.
    await vscode.commands.executeCommand('runbook.runStep', 'probe-loopback');
    const record = await waitFor(() => readRunRecords().find((r) => r.runbook.id === 'workspace-check'));
    assert.ok(record, 'the run record exists');
    assert.equal(record.steps['probe-loopback']?.status, 'pending');
    assert.deepEqual(record.steps['probe-loopback']?.results, []);
    await screenshot('run-panel-restricted');
  });
});
