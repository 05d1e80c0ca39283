// The listening-ports check as HTML: confirmed DHT nodes first, then the
// other suspects with their reasons, then everything else in a filterable
// table. All values are escaped: process names and command lines are untrusted.
import * as vscode from 'vscode';
import { orderForReport } from '../../core/localCheck/mergeConfirmations';
import { processLabel, socketLabel } from '../../core/localCheck/formatLocalCheck';
import type { CheckedSocket, LocalCheckResult, OwnerInfo } from '../../core/localCheck/types';
import { endpointKey } from '../../core/probe/types';
import { escapeHtml as e } from '../webviewHtml';
import { checkHeadline } from '../counts';

function basisLabel(basis: string): string {
  switch (basis) {
    case 'krpc-reply': return vscode.l10n.t('KRPC reply (proof)');
    case 'process-name': return vscode.l10n.t('process name');
    case 'executable': return vscode.l10n.t('program file');
    case 'command-line': return vscode.l10n.t('command line');
    default: return vscode.l10n.t('port');
  }
}

function ownerFor(result: LocalCheckResult, checked: CheckedSocket): OwnerInfo | undefined {
  const pid = checked.verdict.socket.process?.pid;
  return pid === undefined ? undefined : result.owners.find((o) => o.pid === pid);
}

function ownerText(owner: OwnerInfo | undefined): string {
  if (!owner) return '';
  const pkg = owner.packages.length > 0 ? vscode.l10n.t('package {0} ({1})', owner.packages.join(', '), owner.packageManager) : vscode.l10n.t('no package found');
  const service = owner.service ? vscode.l10n.t('service {0}', owner.service) : vscode.l10n.t('no service');
  return `${pkg}; ${service}`;
}

function suspectCard(result: LocalCheckResult, checked: CheckedSocket): string {
  const socket = checked.verdict.socket;
  const replies = checked.dhtReplies.map((r) => {
    const client = r.client ? `${r.client.name ?? r.client.code}${r.client.version ? ` ${r.client.version}` : ''}` : vscode.l10n.t('client not given');
    return `<li>${e(vscode.l10n.t('Answered at {0}: {1}, node id {2}', endpointKey(r.endpoint), client, r.nodeIdHex ?? '?'))}</li>`;
  }).join('');
  const reasons = checked.verdict.reasons.map((r) => `<li>${e(r.text)}</li>`).join('');
  const confirmed = checked.dhtReplies.length > 0;
  return `<section class="finding ${confirmed ? 'confirmed' : 'suspect'}" data-socket="${e(socketLabel(socket))}">
<h3>${e(socketLabel(socket))} <span class="process">${e(processLabel(socket))}</span></h3>
<p class="basis">${e(vscode.l10n.t('Rests on: {0}', checked.basis.map(basisLabel).join(', ')))}${!confirmed && checked.probed ? ` ${e(vscode.l10n.t('(probed: no DHT reply)'))}` : ''}</p>
${replies ? `<ul class="replies">${replies}</ul>` : ''}
${reasons ? `<ul class="reasons">${reasons}</ul>` : ''}
${ownerFor(result, checked) ? `<p class="owner">${e(ownerText(ownerFor(result, checked)))}</p>` : ''}
</section>`;
}

export function checkPortsBody(result: LocalCheckResult): string {
  const ordered = orderForReport(result.sockets);
  const confirmed = ordered.filter((s) => s.dhtReplies.length > 0);
  const suspects = ordered.filter((s) => s.dhtReplies.length === 0 && s.verdict.suspect);
  const rest = ordered.filter((s) => s.dhtReplies.length === 0 && !s.verdict.suspect);
  const { counts } = result;
  const headline = checkHeadline(counts);
  const status = counts.confirmedDhtNodes > 0 || counts.suspects > 0 ? 'found' : 'clean';
  const rows = rest.map((s) => `<tr><td>${e(s.verdict.socket.protocol)}</td><td>${e(socketLabel(s.verdict.socket))}</td><td>${e(processLabel(s.verdict.socket))}</td><td>${e(s.verdict.socket.process?.commandLine ?? '')}</td></tr>`).join('');
  return `<main id="check-ports" class="probe" data-status="${status}">
<h1>${e(vscode.l10n.t('Listening ports on {0}', result.hostname))}</h1>
<p class="verdict verdict-${status}" role="status">${e(headline)}</p>
${result.listing.error ? `<p class="warning">${e(vscode.l10n.t('Could not list sockets: {0}', result.listing.error))}</p>` : ''}
${result.listing.attribution !== 'complete' && result.listing.attributionNote ? `<p class="warning">${e(result.listing.attributionNote)}</p>` : ''}
<h2>${e(vscode.l10n.t('Confirmed DHT nodes ({0})', confirmed.length))}</h2>
${confirmed.length ? confirmed.map((s) => suspectCard(result, s)).join('\n') : `<p>${e(vscode.l10n.t('None: no listening socket answered a DHT ping.'))}</p>`}
<h2>${e(vscode.l10n.t('Other suspects ({0})', suspects.length))}</h2>
${suspects.length ? suspects.map((s) => suspectCard(result, s)).join('\n') : `<p>${e(vscode.l10n.t('None.'))}</p>`}
<h2>${e(vscode.l10n.t('Everything else listening ({0})', rest.length))}</h2>
<label for="filter">${e(vscode.l10n.t('Filter'))}</label> <input id="filter" type="search" placeholder="${e(vscode.l10n.t('port, address or process'))}">
<table id="other-sockets"><thead><tr><th>${e(vscode.l10n.t('Protocol'))}</th><th>${e(vscode.l10n.t('Socket'))}</th><th>${e(vscode.l10n.t('Process'))}</th><th>${e(vscode.l10n.t('Command line'))}</th></tr></thead><tbody>${rows}</tbody></table>
<details><summary>${e(vscode.l10n.t('Evidence: the commands that ran'))}</summary>
${result.listing.evidence.map((ev) => `<p><code>${e([ev.command, ...ev.args].join(' '))}</code></p><pre>${e(ev.rawOutput)}</pre>`).join('')}
</details>
</main>`;
}
