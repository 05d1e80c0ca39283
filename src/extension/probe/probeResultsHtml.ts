// The probe result as HTML for the webview. Every value that came from the
// network (error text, client codes) is escaped; nothing here is trusted.
import * as vscode from 'vscode';
import type { DhtNodeFinding, SweepSummary } from '../../core/probe/types';
import { endpointKey } from '../../core/probe/types';
import type { ProbePlan } from '../../node/probe/probePlan';
import { escapeHtml as e } from '../webviewHtml';

export function probeResultsBody(plan: ProbePlan, summary: SweepSummary): string {
  const verdict = summary.findings.length === 0
    ? vscode.l10n.t('No DHT node found among {0} endpoints.', summary.endpointsProbed)
    : summary.findings.length === 1
      ? vscode.l10n.t('1 DHT node found among {0} endpoints.', summary.endpointsProbed)
      : vscode.l10n.t('{0} DHT nodes found among {1} endpoints.', summary.findings.length, summary.endpointsProbed);
  const status = summary.findings.length === 0 ? 'clean' : 'found';
  return `<main id="probe-results" class="probe" data-status="${status}">
<h1>${e(vscode.l10n.t('Mainline DHT probe'))}</h1>
<p class="verdict verdict-${status}" role="status">${e(verdict)}</p>
${summary.cancelled ? `<p class="warning">${e(vscode.l10n.t('Cancelled before the sweep finished: endpoints not yet probed are not covered.'))}</p>` : ''}
<dl class="facts">
  <dt>${e(vscode.l10n.t('Targets'))}</dt><dd>${e(plan.description)}</dd>
  <dt>${e(vscode.l10n.t('Packets sent'))}</dt><dd>${summary.packetsSent}</dd>
  <dt>${e(vscode.l10n.t('Duration'))}</dt><dd>${(summary.durationMs / 1000).toFixed(2)} s</dd>
  <dt>${e(vscode.l10n.t('Other replies ignored'))}</dt><dd class="ignored">${e(ignoredText(summary))}</dd>
  <dt>${e(vscode.l10n.t('Settings'))}</dt><dd>${e(vscode.l10n.t('timeout {0} ms, {1} retries, {2} packets/s', summary.settings.timeoutMs, summary.settings.retries, summary.settings.ratePerSecond))}</dd>
</dl>
${summary.findings.map(findingCard).join('\n')}
</main>`;
}

function ignoredText(summary: SweepSummary): string {
  if (summary.ignoredTotal === 0) return '0';
  return `${summary.ignoredTotal}: ${Object.entries(summary.ignored).map(([reason, n]) => `${n} ${reason}`).join('; ')}`;
}

function clientText(finding: DhtNodeFinding): string {
  const client = finding.client;
  if (!client) return vscode.l10n.t('not given (the reply has no "v" key)');
  const name = client.name ?? vscode.l10n.t('unknown client code "{0}"', client.code);
  return client.version ? `${name} ${client.version}` : name;
}

function findingCard(finding: DhtNodeFinding): string {
  const where = endpointKey(finding.endpoint);
  const rows: [string, string][] = [
    [vscode.l10n.t('Client'), clientText(finding) + (finding.client ? ` (v = ${finding.client.rawHex})` : '')],
    finding.replyKind === 'error'
      ? [vscode.l10n.t('KRPC error'), `${finding.error?.code ?? '?'} ${finding.error?.message ?? ''}`]
      : [vscode.l10n.t('Node id'), finding.nodeIdHex ?? ''],
    [vscode.l10n.t('Sees us as'), finding.observedAddress ? endpointKey(finding.observedAddress) : vscode.l10n.t('not given')],
    [vscode.l10n.t('Read-only node'), finding.readOnly ? vscode.l10n.t('yes') : vscode.l10n.t('no')],
    [vscode.l10n.t('Round trip'), `${finding.roundTripMs} ms`],
    [vscode.l10n.t('Proof'), vscode.l10n.t('a KRPC reply to our transaction id, from the address we asked')],
  ];
  return `<section class="finding" data-endpoint="${e(where)}">
<h2>${e(vscode.l10n.t('DHT node at {0}', where))}</h2>
<table>${rows.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>
<details><summary>${e(vscode.l10n.t('Evidence (packets in hex)'))}</summary>
<p>${e(vscode.l10n.t('Sent to {0} at {1}', finding.evidence.to, finding.evidence.sentAt))}</p><pre class="hex">${e(finding.evidence.sentHex)}</pre>
<p>${e(vscode.l10n.t('Received from {0} at {1}', finding.evidence.from, finding.evidence.receivedAt))}</p><pre class="hex">${e(finding.evidence.receivedHex)}</pre>
</details>
</section>`;
}
