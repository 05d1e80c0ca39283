// One readable card per action result, for the run panel. Every value from
// the network or from command output is escaped before it reaches the page.
import * as vscode from 'vscode';
import { orderForReport } from '../../core/localCheck/mergeConfirmations';
import { processLabel, socketLabel } from '../../core/localCheck/formatLocalCheck';
import { endpointKey } from '../../core/probe/types';
import type { DhtNodeFinding } from '../../core/probe/types';
import { statusOfResult } from '../../core/run/stepStatus';
import type { ActionResult, BaselineComparison, FindingVerdict, Verdict } from '../../core/run/types';
import { escapeHtml as e } from '../webviewHtml';
import { checkHeadline } from '../counts';
import type { PhaseState } from './runProgress';
import { statusIcon } from './statusBadge';

export function clientName(finding: DhtNodeFinding): string {
  const client = finding.client;
  if (!client) return vscode.l10n.t('client not given');
  const name = client.name ?? vscode.l10n.t('unknown client code "{0}"', client.code);
  return client.version ? `${name} ${client.version}` : name;
}

function findingList(findings: readonly DhtNodeFinding[]): string {
  if (findings.length === 0) return '';
  return `<ul class="dht-nodes">${findings.map((f) => `<li data-endpoint="${e(endpointKey(f.endpoint))}">${e(vscode.l10n.t('DHT node at {0}: {1}, node id {2}, {3} ms', endpointKey(f.endpoint), clientName(f), f.nodeIdHex ?? '?', f.roundTripMs))}</li>`).join('')}</ul>`;
}

function time(at: string): string {
  return `<time datetime="${e(at)}">${e(new Date(at).toLocaleString())}</time>`;
}

export function verdictText(verdict: Verdict): string {
  switch (verdict.outcome) {
    case 'remediated': return vscode.l10n.t('Remediated');
    case 'still-exposed': return vscode.l10n.t('Still exposed');
    case 'accepted-risk': return vscode.l10n.t('Accepted risk');
    case 'inconclusive': return vscode.l10n.t('Inconclusive');
  }
}

/** One before/after row: the word and an icon for what it means (gone, still answering, kept, missing). */
function comparisonRow(name: string, before: string, now: { text: string; icon: PhaseState; good: boolean } | { unverified: string }): string {
  if ('unverified' in now) {
    // "Not checked" is neither good nor bad: it says why verification could not tell.
    return `<tr class="unverified"><td>${e(name)}</td><td>${e(before)}</td><td class="now">${statusIcon('pending')} ${e(vscode.l10n.t('not checked: {0}', now.unverified))}</td></tr>`;
  }
  return `<tr class="${now.good ? 'good' : 'bad'}"><td>${e(name)}</td><td>${e(before)}</td><td class="now">${statusIcon(now.icon)} ${e(now.text)}</td></tr>`;
}

function comparisonTable(comparison: BaselineComparison): string {
  const gone = { text: vscode.l10n.t('gone'), icon: 'passed' as const, good: true };
  const rows = [
    ...comparison.dhtEndpoints.map((d) => comparisonRow(`${d.endpoint}${d.client ? ` (${d.client})` : ''}`, vscode.l10n.t('DHT node'),
      d.unverified ? { unverified: d.unverified } : d.now ? { text: vscode.l10n.t('still answering'), icon: 'failed', good: false } : gone)),
    ...comparison.newDhtEndpoints.map((d) => comparisonRow(d, vscode.l10n.t('not there'), { text: vscode.l10n.t('DHT node (new)'), icon: 'failed', good: false })),
    ...(comparison.suspectSockets ?? []).map((s) => comparisonRow(`${s.socket}${s.process ? ` ${s.process}` : ''}`, vscode.l10n.t('BitTorrent suspect'),
      s.unverified ? { unverified: s.unverified } : s.stillListening ? { text: vscode.l10n.t('still listening'), icon: 'failed', good: false } : gone)),
    ...comparison.otherServices.map((s) => comparisonRow(`${s.socket}${s.process ? ` ${s.process}` : ''}`, vscode.l10n.t('listening'),
      s.unverified ? { unverified: s.unverified } : s.stillListening ? { text: vscode.l10n.t('kept'), icon: 'passed', good: true } : { text: vscode.l10n.t('missing'), icon: 'attention', good: false })),
  ];
  const caveats = (comparison.caveats ?? []).map((c) => `<li>${e(c)}</li>`).join('');
  return `<table class="comparison"><caption class="muted">${e(vscode.l10n.t('Each endpoint and service at detection, and what verification found'))}</caption><thead><tr><th scope="col">${e(vscode.l10n.t('Endpoint or service'))}</th><th scope="col">${e(vscode.l10n.t('Detection (before)'))}</th><th scope="col">${e(vscode.l10n.t('Verification (now)'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${caveats ? `<p class="warning">${e(vscode.l10n.t('The comparison is incomplete:'))}</p><ul class="caveats">${caveats}</ul>` : ''}`;
}

/** The card for the latest result of an action. */
export function resultCard(result: ActionResult): string {
  switch (result.kind) {
    case 'check-listening-ports': {
      const r = result.result;
      const suspects = orderForReport(r.sockets).filter((s) => s.verdict.suspect || s.dhtReplies.length > 0);
      const rows = suspects.map((s) => `<li>${e(socketLabel(s.verdict.socket))} — ${e(processLabel(s.verdict.socket))}${s.dhtReplies.length > 0 ? ` <strong>${e(vscode.l10n.t('confirmed by KRPC reply'))}</strong>` : ` (${e(s.basis.join(', '))})`}</li>`).join('');
      return `<div class="result result-check">
<p>${e(checkHeadline(r.counts))} ${time(result.at)}</p>
${r.listing.error ? `<p class="warning">${e(r.listing.error)}</p>` : ''}
${r.listing.attribution !== 'complete' && r.listing.attributionNote ? `<p class="warning">${e(r.listing.attributionNote)}</p>` : ''}
${rows ? `<ul>${rows}</ul>` : ''}
${r.owners.map((o) => `<p class="owner">${e(vscode.l10n.t('pid {0}: package {1}; service {2}', o.pid, o.packages.join(', ') || vscode.l10n.t('none found'), o.service ?? vscode.l10n.t('none')))}</p>`).join('')}
</div>`;
    }
    case 'probe-dht':
      return `<div class="result result-probe">
<p>${e(result.summary.findings.length === 0
    ? vscode.l10n.t('No DHT node found among {0} endpoints ({1}).', result.summary.endpointsProbed, result.targets)
    : result.summary.findings.length === 1
      ? vscode.l10n.t('1 DHT node found among {0} endpoints ({1}).', result.summary.endpointsProbed, result.targets)
      : vscode.l10n.t('{0} DHT nodes found among {1} endpoints ({2}).', result.summary.findings.length, result.summary.endpointsProbed, result.targets))} ${time(result.at)}</p>
${findingList(result.summary.findings)}
${result.summary.ignoredTotal > 0 ? `<p class="muted">${e(vscode.l10n.t('{0} other replies ignored.', result.summary.ignoredTotal))}</p>` : ''}
</div>`;
    case 'decision':
      return `<div class="result result-decision"><p>${e(vscode.l10n.t('Answer: {0}', result.answer))} — ${e(vscode.l10n.t('by {0}', result.by))} ${time(result.at)}</p>${result.justification ? `<blockquote>${e(result.justification)}</blockquote>` : ''}</div>`;
    case 'confirm':
      return `<div class="result result-confirm"><p>${e(vscode.l10n.t('Confirmed by {0}', result.by))} ${time(result.at)}</p></div>`;
    case 'command':
      return commandCard(result);
    case 'compare-baseline':
      return `<div class="result result-compare">
${result.verdict ? `<p class="verdict verdict-${e(result.verdict.outcome)}">${e(verdictText(result.verdict))}: ${e(result.verdict.because)}</p>` : ''}
${findingVerdictList(result.findings ?? [])}
${comparisonTable(result.comparison)}
</div>`;
    case 'error':
      return `<div class="result result-error"><p class="error">${e(result.message)}</p></div>`;
  }
}

/** How a command ended, as its evidence says: the exit code and output, or the person's statement. */
function commandCard(result: Extract<ActionResult, { kind: 'command' }>): string {
  const how = result.outcome === 'interrupted'
    ? vscode.l10n.t('Interrupted: nobody saw how it ended')
    : result.exitCode !== undefined
      ? vscode.l10n.t('Exit code {0}', result.exitCode)
      : result.reportedBy === 'person'
        ? vscode.l10n.t('{0} said it {1} (no exit code could be read)', result.by, result.outcome === 'succeeded' ? vscode.l10n.t('succeeded') : vscode.l10n.t('failed'))
        : vscode.l10n.t('Sent to the terminal; how it ended is not known');
  // The step runner's own rule (a command's status does not depend on its phase).
  const good = statusOfResult(result, 'remediation') === 'passed';
  const output = result.output === undefined ? ''
    : `<details class="command-output"${good ? '' : ' open'}><summary>${e(vscode.l10n.t('Output'))}</summary><pre class="output">${e(result.output === '' ? vscode.l10n.t('(no output)') : result.output)}</pre></details>`;
  return `<div class="result result-command" data-exit-code="${result.exitCode ?? ''}" data-reported-by="${e(result.reportedBy ?? '')}">
<p class="${good ? 'good' : 'error'}">${statusIcon(good ? 'passed' : 'failed')} ${e(how)} — ${e(vscode.l10n.t('terminal "{0}", by {1}', result.terminalName, result.by))} ${time(result.at)}</p>
<pre>${e(result.commandLine)}</pre>${output}</div>`;
}

/** After the comparison: each finding's own verdict. */
function findingVerdictList(verdicts: readonly FindingVerdict[]): string {
  if (verdicts.length === 0) return '';
  return `<ul class="finding-verdicts">${verdicts.map((v) => `<li class="verdict-${e(v.verdict.outcome)}" data-finding="${e(v.findingId)}"><strong>${e(v.title)}</strong>: ${e(verdictText(v.verdict))} — ${e(v.verdict.because)}</li>`).join('')}</ul>`;
}
