// axe-core, the standard WCAG engine, run by the headless runner inside the
// real webviews (its /axe endpoint): the run panel, the probe results and the
// port check, in the four default themes, at WCAG 2.0/2.1 A and AA, colour
// contrast included. Named to run after runbookRun.test.ts, whose run (with
// results in every phase) it audits; alone, it makes a run of its own.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from '../helpers';
import { browserBridgeAvailable, clickInWebview, queryWebview } from '../browserBridge';
import { readRunRecords } from '../runRecords';
import { startBittorrentDhtNode, startNodeOnBitTorrentPort, type RunningDhtNode } from '../../support/realDhtNodes';

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }
interface AxeReport { copied: boolean; passes: number; incomplete: { id: string; nodes: { target: unknown[]; reason: string }[] }[]; violations: AxeViolation[] }

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// The setting's value, and the class VS Code gives a webview's <body> once that theme reaches it.
const THEMES = [
  ['Default Dark Modern', 'vscode-dark'],
  ['Default Light Modern', 'vscode-light'],
  ['Default High Contrast', 'vscode-high-contrast'],
  ['Default High Contrast Light', 'vscode-high-contrast-light'],
] as const;

async function axe(selector: string): Promise<AxeReport> {
  const response = await fetch(`${process.env.RUNBOOK_TEST_BRIDGE}/axe`, { method: 'POST', body: JSON.stringify({ selector, tags: WCAG_AA }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`browser bridge /axe: ${response.status} ${text}`);
  return JSON.parse(text) as AxeReport;
}

async function setTheme(theme: string, kind: string, root: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  // The webview re-themes when its body has the theme's kind; then let the styles settle.
  await queryWebview(`body.${kind} ${root}`, 20_000);
  await new Promise((r) => setTimeout(r, 500));
}

function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}

describe('accessibility of the webviews (axe-core, WCAG 2 AA) in every default theme', function () {
  this.timeout(240_000);
  const figures: Record<string, Record<string, { rulesPassed: number; violations: number | AxeViolation[]; needsReview: AxeReport['incomplete']; auditedACopy: boolean }>> = {};
  let node: RunningDhtNode;
  let extensionPath = '';

  before(async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run); axe-core runs in the headless runner\'s browser');
      this.skip();
    }
    await activateExtension();
    extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    node = await startNodeOnBitTorrentPort();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await node?.close();
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    if (extensionPath) writeFileSync(join(extensionPath, 'test-output', 'axe-results.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });

  /** Audits the view whose document holds `root` in each theme; a violation fails the test after all themes are seen. */
  async function auditInEveryTheme(view: string, root: string): Promise<void> {
    const seen: string[] = [];
    for (const [theme, kind] of THEMES) {
      await setTheme(theme, kind, root);
      const report = await axe(root);
      (figures[theme] ??= {})[view] = {
        rulesPassed: report.passes,
        violations: report.violations.length === 0 ? 0 : report.violations,
        needsReview: report.incomplete,
        // A webview without scripts cannot run axe: the runner audits a copy of its page (see its /axe).
        auditedACopy: report.copied,
      };
      console.log(`    ${view} in ${theme}: ${report.passes} rules passed, ${report.violations.length} violated${report.incomplete.length ? `, needs review: ${JSON.stringify(report.incomplete)}` : ''}`);
      if (report.violations.length > 0) seen.push(`${theme}:\n${describeViolations(report.violations)}`);
    }
    assert.deepEqual(seen, [], `axe-core found violations in the ${view}:\n${seen.join('\n')}`);
  }

  it('the run panel, with a run that has results', async () => {
    let record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    if (record) {
      await vscode.commands.executeCommand('runbook.openRun', record.runId);
    } else {
      // Run alone: a run of its own, detection run from the panel, so the page has results.
      await vscode.commands.executeCommand('runbook.startRun', { runbookId: 'bittorrent-mainline-dht', targets: { mode: 'this-machine' } });
      await clickInWebview('button[data-command="runPhase"][data-phase="detection"]');
      await queryWebview('#step-probe-run-targets[data-status="attention"]', 120_000);
      record = readRunRecords().find((r) => r.runbook.id === 'bittorrent-mainline-dht');
    }
    assert.ok(record, 'no run record');
    await queryWebview(`#run-root[data-run="${record.runId}"] .result-check, #run-root[data-run="${record.runId}"] .dht-nodes li`);
    await auditInEveryTheme('run panel', '#run-root');
  });

  it('the probe results', async () => {
    const other = await startBittorrentDhtNode();
    try {
      // Two programs answer and one port is silent: the page shows found and not-found alike.
      await vscode.commands.executeCommand('runbook.probeHost', { targets: `127.0.0.1:${node.port},${other.port},1` });
      await queryWebview('#probe-results tr.program');
      await auditInEveryTheme('probe results', '#probe-results');
    } finally {
      await other.close();
    }
  });

  it('the Check Listening Ports view', async () => {
    await vscode.commands.executeCommand('runbook.checkListeningPorts');
    await queryWebview('#check-ports section.card');
    await auditInEveryTheme('port check', '#check-ports');
  });
});
