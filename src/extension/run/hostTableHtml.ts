// The run panel's host table: one row per host of a run over hosts, a run
// from a scanner report, or a fleet run. Rendered once with the panel; the
// page's script (media/runPanel.js) sorts and filters the rows in place from
// their data attributes, so a few hundred hosts never re-render on a click.
// State and verdict are shown as icon, word and theme colours (the status
// badges' own), so no one needs to tell colours apart. Free of 'vscode'.
import type { HostRow, HostsOverview, HostState, HostVerdict } from '../../core/hosts/types';
import type { HostRemediation } from './hostRemediation';
import type { PhaseState } from './runProgress';
import { badgeHtml } from './statusBadge';
import { escapeHtml as e, type Translate } from '../probe/resultsMarkup';

export interface HostTableView {
  readonly t: Translate;
  readonly overview: HostsOverview;
  readonly remediationOf: (row: HostRow) => HostRemediation;
  /** Why the copy button is off, or undefined when it works. */
  readonly copyDisabledBecause?: string;
}

/** A host's state as a status: answering is a warning, silence a pass (the tree's icons say the same). */
export const STATE_BADGE: Record<HostState, PhaseState> = { answering: 'attention', silent: 'passed', unreachable: 'failed', 'not-probed': 'pending' };
const VERDICT_BADGE: Record<HostVerdict, PhaseState> = {
  'still-exposed': 'failed', inconclusive: 'attention', 'not-checked': 'pending', 'accepted-risk': 'skipped', remediated: 'passed', clean: 'passed',
};
/** Sort order: what needs work first. */
export const STATE_ORDER: readonly HostState[] = ['answering', 'unreachable', 'not-probed', 'silent'];
export const VERDICT_ORDER: readonly HostVerdict[] = ['still-exposed', 'inconclusive', 'not-checked', 'accepted-risk', 'remediated', 'clean'];

export function hostStateLabel(state: HostState, t: Translate): string {
  switch (state) {
    case 'answering': return t('answering');
    case 'silent': return t('silent');
    case 'unreachable': return t('unreachable');
    case 'not-probed': return t('not probed');
  }
}

export function hostVerdictLabel(verdict: HostVerdict, t: Translate): string {
  switch (verdict) {
    case 'remediated': return t('remediated');
    case 'still-exposed': return t('still exposed');
    case 'clean': return t('clean');
    case 'not-checked': return t('not checked');
    case 'accepted-risk': return t('accepted risk');
    case 'inconclusive': return t('inconclusive');
  }
}

/** The element id of a host's row; the index keeps it valid whatever the host's name holds. */
export function hostRowId(index: number): string {
  return `host-row-${index}`;
}

function remediationText(r: HostRemediation, t: Translate): string {
  if (r.total === 0) return t('nothing to remediate');
  const done = t('{0} of {1} steps done', r.done, r.total);
  switch (r.worst) {
    case 'failed': return `${done} · ${t('a step failed')}`;
    case 'attention': return `${done} · ${t('needs attention')}`;
    case 'running': return `${done} · ${t('running')}`;
    default: return done;
  }
}

function rowHtml(view: HostTableView, row: HostRow, index: number): string {
  const { t } = view;
  const hostText = [row.address, row.name ?? ''].join(' ');
  const findings = row.findings.map((f) => f.title).join(', ');
  const remediation = view.remediationOf(row);
  const search = [hostText, row.client ?? '', row.endpoints.join(' '), findings, hostStateLabel(row.state, t), hostVerdictLabel(row.verification.verdict, t)].join(' ').toLowerCase();
  const copy = view.copyDisabledBecause === undefined
    ? `<button type="button" class="secondary" data-command="copyAnsibleCommand" data-host="${e(row.address)}" title="${e(t('Copy the ansible-playbook command for {0}', row.address))}">${e(t('Copy Ansible command'))}</button>`
    : `<button type="button" class="secondary" disabled title="${e(view.copyDisabledBecause)}">${e(t('Copy Ansible command'))}</button>`;
  return `<tr id="${hostRowId(index)}" class="host-row" tabindex="-1" data-host="${e(row.address)}" data-state="${row.state}" data-verdict="${row.verification.verdict}"`
    + ` data-sort-host="${e(row.address.toLowerCase())}" data-sort-state="${STATE_ORDER.indexOf(row.state)}" data-sort-verdict="${VERDICT_ORDER.indexOf(row.verification.verdict)}" data-order="${index}" data-search="${e(search)}">`
    + `<th scope="row" class="host-name"><span class="host-address">${e(row.address)}</span>${row.name === undefined ? '' : `<span class="host-alias">${e(row.name)}</span>`}</th>`
    + `<td class="host-state" title="${e(row.because)}">${badgeHtml(STATE_BADGE[row.state], hostStateLabel(row.state, t), e)}</td>`
    + `<td class="host-client">${e(row.client ?? '—')}</td>`
    + `<td class="host-endpoints">${row.endpoints.length === 0 ? '—' : row.endpoints.map((p) => `<code>${e(p)}</code>`).join(' ')}</td>`
    + `<td class="host-findings">${row.findings.length === 0 ? '—' : e(findings)}</td>`
    + `<td class="host-remediation" data-done="${remediation.done}" data-total="${remediation.total}">${e(remediationText(remediation, t))}</td>`
    + `<td class="host-verdict" title="${e(row.verification.because)}">${badgeHtml(VERDICT_BADGE[row.verification.verdict], hostVerdictLabel(row.verification.verdict, t), e)}</td>`
    + `<td class="host-actions">${copy}</td></tr>`;
}

function sortHeader(key: 'host' | 'state' | 'verdict', label: string): string {
  return `<th scope="col" aria-sort="none" data-sort-key="${key}"><button type="button" class="sort-button" data-sort="${key}">${e(label)}<span class="sort-arrow" aria-hidden="true"></span></button></th>`;
}

export function hostTableHtml(view: HostTableView): string {
  const { t, overview } = view;
  const total = overview.hosts.length;
  const counts = (Object.keys(overview.counts) as HostState[]).filter((s) => overview.counts[s] > 0).map((s) => `${overview.counts[s]} ${hostStateLabel(s, t)}`).join(' · ');
  const verdict = overview.verdict === undefined ? '' : `<p class="host-run-verdict">${badgeHtml(VERDICT_BADGE[overview.verdict.outcome], hostVerdictLabel(overview.verdict.outcome, t), e)} ${e(overview.verdict.because)}</p>`;
  const stateOptions = STATE_ORDER.map((s) => `<option value="${s}">${e(hostStateLabel(s, t))}</option>`).join('');
  return `<section class="hosts" id="hosts" aria-labelledby="hosts-title">
<h2 id="hosts-title">${e(t('Hosts'))} <span class="progress-text">${e(t('{0} hosts', total))}${counts ? ` · ${e(counts)}` : ''}</span></h2>
${verdict}
<div class="host-filters">
<label>${e(t('Filter'))} <input type="search" id="host-filter" placeholder="${e(t('address, name, client, finding'))}" autocomplete="off"></label>
<label>${e(t('State'))} <select id="host-state-filter"><option value="">${e(t('All states'))}</option>${stateOptions}</select></label>
<span id="host-count" class="muted" role="status" aria-live="polite" data-total="${total}">${e(t('{0} of {1} hosts shown', total, total))}</span>
</div>
<div class="host-table-wrap"><table class="host-table" id="host-table" data-shown-text="${e(t('{0} of {1} hosts shown', '{0}', '{1}'))}">
<caption class="visually-hidden">${e(t('Hosts of this run: sort by host, state or verdict with the column buttons'))}</caption>
<thead><tr>${sortHeader('host', t('Host'))}${sortHeader('state', t('State'))}<th scope="col">${e(t('Client'))}</th><th scope="col">${e(t('Endpoints'))}</th><th scope="col">${e(t('Findings'))}</th><th scope="col">${e(t('Remediation'))}</th>${sortHeader('verdict', t('Verdict'))}<th scope="col"><span class="visually-hidden">${e(t('Actions'))}</span></th></tr></thead>
<tbody>
${overview.hosts.map((row, i) => rowHtml(view, row, i)).join('\n')}
</tbody></table></div>
</section>`;
}
