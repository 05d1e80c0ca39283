// The listening-ports check as HTML: one card per process, confirmed DHT
// nodes first, then the other suspects with their reasons, then everything
// else one row per process in a filterable table. All values are escaped:
// process names and command lines are untrusted.
import type { CheckedSocket, LocalCheckResult, OwnerInfo } from '../../core/localCheck/types';
import { endpointKey } from '../../core/probe/types';
import { socketId } from '../../core/run/labels';
import type { SocketProcess } from '../../core/sockets/types';
import { counted, escapeHtml as e, statusBadge, statusIcon, type ResultStatus, type Translate } from '../probe/resultsMarkup';
import { checkGroups, type CheckGroups, type ProcessGroup } from './checkPortsGroups';

function basisLabel(basis: string, t: Translate): string {
  switch (basis) {
    case 'krpc-reply': return t('KRPC reply (proof)');
    case 'process-name': return t('process name');
    case 'executable': return t('program file');
    case 'command-line': return t('command line');
    default: return t('port');
  }
}

/** "1 confirmed DHT node (program) on 3 sockets · 1 suspect program on 4 sockets · 57 listening sockets" */
export function checkPortsHeadline(result: LocalCheckResult, groups: CheckGroups, t: Translate): string {
  const sockets = counted(result.counts.sockets, '1 listening socket', '{0} listening sockets', t);
  if (groups.confirmed.length === 0 && groups.suspects.length === 0) return t('No DHT node and no BitTorrent suspect among {0}.', sockets);
  const confirmed = groups.confirmed.length === 0 ? t('no confirmed DHT node')
    : t('{0} on {1}', counted(groups.confirmed.length, '1 confirmed DHT node (program)', '{0} confirmed DHT nodes (programs)', t), counted(groups.confirmedSockets, '1 socket', '{0} sockets', t));
  const suspects = groups.suspects.length === 0 ? t('no other suspect')
    : t('{0} on {1}', counted(groups.suspects.length, '1 suspect program', '{0} suspect programs', t), counted(groups.suspectSockets, '1 socket', '{0} sockets', t));
  return t('{0} · {1} · among {2}', confirmed, suspects, sockets);
}

function processText(process: SocketProcess | undefined, t: Translate): { name: string; detail: string } {
  if (!process) return { name: t('owner unknown'), detail: '' };
  return {
    name: process.name ?? t('pid {0}', process.pid),
    detail: process.user ? t('pid {0}, user {1}', process.pid, process.user) : t('pid {0}', process.pid),
  };
}

function packageText(owner: OwnerInfo, t: Translate): string {
  if (owner.packages.length > 0) return t('{0} ({1})', owner.packages.join(', '), owner.packageManager);
  return owner.packageNote ? t('none found ({0})', owner.packageNote) : t('none found');
}

function serviceText(owner: OwnerInfo, t: Translate): string {
  if (owner.service) return owner.service;
  return owner.serviceNote ? t('none ({0})', owner.serviceNote) : t('none');
}

function clientText(group: ProcessGroup, t: Translate): string | undefined {
  if (group.finding?.client) return group.finding.client;
  const reply = group.sockets.flatMap((s) => s.dhtReplies)[0];
  if (reply) return t('client not given (no "v" key)');
  const named = group.sockets.map((s) => s.verdict.client).find((c) => c !== undefined);
  return named === undefined ? undefined : t('looks like {0} (not confirmed)', named);
}

function socketItem(socket: CheckedSocket, t: Translate): string {
  const label = socketId(socket.verdict.socket);
  if (socket.dhtReplies.length === 0) return `<li class="endpoint" data-socket="${e(label)}"><code>${e(label)}</code></li>`;
  const at = socket.dhtReplies.map((r) => endpointKey(r.endpoint)).sort().join(', ');
  return `<li class="endpoint confirmed" data-socket="${e(label)}">${statusIcon('found')}<code>${e(label)}</code> <span class="muted">${e(t('answered at {0}', at))}</span></li>`;
}

function card(group: ProcessGroup, t: Translate): string {
  const status: ResultStatus = group.confirmed ? 'found' : 'suspect';
  const who = processText(group.process, t);
  const basis = [...new Set(group.sockets.flatMap((s) => s.basis))].map((b) => basisLabel(b, t)).join(', ');
  const probedSilent = !group.confirmed && group.sockets.some((s) => s.probed);
  const reasons = [...new Set(group.sockets.flatMap((s) => s.verdict.reasons.map((r) => r.text)))];
  const client = clientText(group, t);
  const facts: [string, string][] = [];
  if (client) facts.push([t('Client'), client]);
  if (group.finding?.nodeIdHex) facts.push([t('Node id'), group.finding.nodeIdHex]);
  if (group.owner) {
    facts.push([t('Package'), packageText(group.owner, t)]);
    facts.push([t('Service'), serviceText(group.owner, t)]);
  }
  if (group.otherHolders.length > 0) facts.push([t('Also held by'), group.otherHolders.map((p) => t('{0} (pid {1})', p.name ?? '?', p.pid)).join(', ')]);
  facts.push([t('Rests on'), probedSilent ? t('{0} (probed: no DHT reply)', basis) : basis]);
  const commandLine = group.process?.commandLine;
  const headingId = `card-${e(group.key.replace(/[^A-Za-z0-9_-]/g, '_'))}`;
  return `<section class="card card-${status}" data-key="${e(group.key)}"${group.process ? ` data-pid="${group.process.pid}"` : ''} data-socket-count="${group.sockets.length}" aria-labelledby="${headingId}">
<h3 id="${headingId}">${statusBadge(status, group.confirmed ? t('Confirmed DHT node') : t('Suspect'))} <span class="process">${e(who.name)}</span> <span class="muted">${e(who.detail)}</span></h3>
<dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}
<dt>${e(t('Sockets ({0})', group.sockets.length))}</dt><dd><ul class="endpoints">${group.sockets.map((s) => socketItem(s, t)).join('')}</ul></dd></dl>
${commandLine ? `<p class="command-line"><span class="muted">${e(t('Command line'))}</span> <code>${e(commandLine)}</code></p>` : ''}
${reasons.length > 0 ? `<details class="reasons"${group.confirmed ? '' : ' open'}><summary>${e(counted(reasons.length, 'Why it is suspected (1 reason)', 'Why it is suspected ({0} reasons)', t))}</summary><ul>${reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul></details>` : ''}
</section>`;
}

function restRow(group: ProcessGroup, t: Translate): string {
  const who = processText(group.process, t);
  const sockets = group.sockets.map((s) => `<li><code>${e(socketId(s.verdict.socket))}</code></li>`).join('');
  return `<tr data-key="${e(group.key)}"><td>${e(who.name)}${who.detail ? `<div class="muted">${e(who.detail)}</div>` : ''}</td><td><ul class="endpoints">${sockets}</ul></td><td class="command-line">${e(group.process?.commandLine ?? '')}</td></tr>`;
}

export function checkPortsBody(result: LocalCheckResult, t: Translate): string {
  const groups = checkGroups(result);
  const status: ResultStatus = groups.confirmed.length > 0 ? 'found' : groups.suspects.length > 0 ? 'suspect' : 'clean';
  const restSockets = groups.rest.reduce((n, g) => n + g.sockets.length, 0);
  return `<main id="check-ports" class="results" data-status="${status}" data-confirmed="${groups.confirmed.length}" data-suspects="${groups.suspects.length}">
<h1>${e(t('Listening ports on {0}', result.hostname))}</h1>
<p class="verdict verdict-${status}" role="status">${statusIcon(status)}<span>${e(checkPortsHeadline(result, groups, t))}</span></p>
${result.listing.error ? `<p class="notice notice-warning">${statusIcon('suspect')}<span>${e(t('Could not list sockets: {0}', result.listing.error))}</span></p>` : ''}
${result.listing.attribution !== 'complete' && result.listing.attributionNote ? `<p class="notice notice-info">${statusIcon('info')}<span>${e(result.listing.attributionNote)}</span></p>` : ''}
<h2>${e(t('Confirmed DHT nodes ({0})', groups.confirmed.length))}</h2>
${groups.confirmed.length ? groups.confirmed.map((g) => card(g, t)).join('\n') : `<p>${e(t('None: no listening socket answered a DHT ping.'))}</p>`}
<h2>${e(t('Other suspects ({0})', groups.suspects.length))}</h2>
${groups.suspects.length ? groups.suspects.map((g) => card(g, t)).join('\n') : `<p>${e(t('None.'))}</p>`}
<h2>${e(t('Everything else listening ({0} on {1})', counted(groups.rest.length, '1 process', '{0} processes', t), counted(restSockets, '1 socket', '{0} sockets', t)))}</h2>
<div class="filter"><label for="filter">${e(t('Filter'))}</label> <input id="filter" type="search" placeholder="${e(t('port, address or process'))}" aria-controls="other-sockets"> <span id="filter-count" class="muted" aria-live="polite"></span></div>
<table id="other-sockets"><thead><tr><th scope="col">${e(t('Process'))}</th><th scope="col">${e(t('Sockets'))}</th><th scope="col">${e(t('Command line'))}</th></tr></thead><tbody>${groups.rest.map((g) => restRow(g, t)).join('')}</tbody></table>
<details><summary>${e(t('Evidence: the commands that ran'))}</summary>
${result.listing.evidence.map((ev) => `<p><code>${e([ev.command, ...ev.args].join(' '))}</code></p><pre>${e(ev.rawOutput)}</pre>`).join('')}
</details>
</main>`;
}
