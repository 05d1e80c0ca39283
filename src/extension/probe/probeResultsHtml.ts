// The probe result as HTML for the webview: the verdict in programs and
// endpoints, then each host with one row per program (client, node id, every
// endpoint it answered on). Every value that came from the network (error
// text, client codes) is escaped; nothing here is trusted.
import type { DhtNodeFinding, SweepSummary } from '../../core/probe/types';
import { endpointKey } from '../../core/probe/types';
import { probeGroups, type ProbeHost, type ProbeProgram } from './probeGroups';
import { counted, escapeHtml as e, statusBadge, statusIcon, type Translate } from './resultsMarkup';

export interface ProbeView {
  /** What was probed, in words. */
  readonly description: string;
  /** The targets were this machine's own addresses. */
  readonly thisMachine: boolean;
  /** This machine's name, for the host heading of its programs. */
  readonly hostname: string;
}

/** "2 DHT nodes (programs) found, answering on 5 endpoints, among 12 endpoints probed." */
export function probeVerdict(summary: SweepSummary, programs: number, endpoints: number, t: Translate): string {
  if (programs === 0) return t('No DHT node found among {0} endpoints.', summary.endpointsProbed);
  if (programs === 1 && endpoints === 1) return t('1 DHT node (program) found, answering on 1 endpoint, among {0} endpoints probed.', summary.endpointsProbed);
  if (programs === 1) return t('1 DHT node (program) found, answering on {0} endpoints, among {1} endpoints probed.', endpoints, summary.endpointsProbed);
  return t('{0} DHT nodes (programs) found, answering on {1} endpoints, among {2} endpoints probed.', programs, endpoints, summary.endpointsProbed);
}

export function probeResultsBody(view: ProbeView, summary: SweepSummary, t: Translate): string {
  const groups = probeGroups(summary, view.thisMachine, view.hostname);
  const status = groups.programCount === 0 ? 'clean' : 'found';
  return `<main id="probe-results" class="results" data-status="${status}" data-programs="${groups.programCount}" data-endpoints="${groups.endpointCount}">
<h1>${e(t('Mainline DHT probe'))}</h1>
<p class="verdict verdict-${status}" role="status">${statusIcon(status)}<span>${e(probeVerdict(summary, groups.programCount, groups.endpointCount, t))}</span></p>
${summary.cancelled ? `<p class="notice notice-warning">${statusIcon('suspect')}<span>${e(t('Cancelled before the sweep finished: endpoints not yet probed are not covered.'))}</span></p>` : ''}
${groups.hosts.map((host, i) => hostSection(host, i, t)).join('\n')}
<h2>${e(t('About this probe'))}</h2>
<dl class="facts">
  <dt>${e(t('Targets'))}</dt><dd>${e(view.description)}</dd>
  <dt>${e(t('Packets sent'))}</dt><dd>${summary.packetsSent}</dd>
  <dt>${e(t('Duration'))}</dt><dd>${(summary.durationMs / 1000).toFixed(2)} s</dd>
  <dt>${e(t('Other replies ignored'))}</dt><dd class="ignored">${e(ignoredText(summary))}</dd>
  <dt>${e(t('Settings'))}</dt><dd>${e(t('timeout {0} ms, {1} retries, {2} packets/s', summary.settings.timeoutMs, summary.settings.retries, summary.settings.ratePerSecond))}</dd>
  <dt>${e(t('Proof'))}</dt><dd>${e(t('each row rests on KRPC replies to our transaction ids, from the addresses we asked'))}</dd>
</dl>
</main>`;
}

function hostSection(host: ProbeHost, index: number, t: Translate): string {
  const name = host.where === 'this-machine' ? t('This machine ({0})', host.host) : t('Host {0}', host.host);
  const programs = counted(host.programs.length, '1 program', '{0} programs', t);
  const endpoints = counted(host.endpointCount, '1 endpoint', '{0} endpoints', t);
  return `<section class="host" data-host="${e(host.host)}" aria-labelledby="host-${index}">
<h2 id="host-${index}">${e(name)} <span class="muted">${e(t('{0} on {1}', programs, endpoints))}</span></h2>
<table class="programs">
<thead><tr><th scope="col">${e(t('Program'))}</th><th scope="col">${e(t('Node id'))}</th><th scope="col">${e(t('Endpoints'))}</th></tr></thead>
<tbody>
${host.programs.map((p) => programRow(p, t)).join('\n')}
</tbody>
</table>
</section>`;
}

function clientText(reply: DhtNodeFinding | undefined, t: Translate): string {
  const client = reply?.client;
  if (!client) return t('client not given (no "v" key)');
  const name = client.name ?? t('unknown client code "{0}"', client.code);
  return client.version ? `${name} ${client.version}` : name;
}

function programRow(program: ProbeProgram, t: Translate): string {
  const named = program.replies.find((r) => r.client !== undefined) ?? program.replies[0];
  const errors = program.replies.filter((r) => r.replyKind === 'error');
  const endpoints = program.finding.endpoints.map((ep) => {
    const reply = program.replies.find((r) => endpointKey(r.endpoint) === ep.label);
    return `<li class="endpoint" data-endpoint="${e(ep.label)}"><code>${e(ep.label)}</code>${reply ? ` <span class="muted">${e(t('{0} ms', reply.roundTripMs))}</span>` : ''}</li>`;
  }).join('');
  return `<tr class="program" data-finding="${e(program.finding.id)}" data-endpoint-count="${program.finding.endpoints.length}">
<td class="program-name" data-label="${e(t('Program'))}">${statusBadge('found', t('DHT node'))}<div class="client">${e(clientText(named, t))}</div>${named?.client ? `<div class="muted">v = <code>${e(named.client.rawHex)}</code></div>` : ''}</td>
<td class="node-id" data-label="${e(t('Node id'))}"><code>${e(program.finding.nodeIdHex ?? t('none'))}</code>${errors.length > 0 ? `<div class="muted">${e(t('KRPC error {0} {1}', errors[0]!.error?.code ?? '?', errors[0]!.error?.message ?? ''))}</div>` : ''}</td>
<td class="endpoints-cell" data-label="${e(t('Endpoints'))}"><ul class="endpoints">${endpoints}</ul>
<details><summary>${e(t('Evidence for {0} (packets in hex)', counted(program.replies.length, '1 endpoint', '{0} endpoints', t)))}</summary>
${program.replies.map((r) => evidence(r, t)).join('\n')}
</details></td>
</tr>`;
}

function evidence(reply: DhtNodeFinding, t: Translate): string {
  const facts = [
    t('Sees us as {0}', reply.observedAddress ? endpointKey(reply.observedAddress) : t('not given')),
    reply.readOnly ? t('read-only node') : t('not read-only'),
    t('round trip {0} ms', reply.roundTripMs),
  ].join(' · ');
  return `<div class="evidence" data-endpoint="${e(endpointKey(reply.endpoint))}">
<h3>${e(endpointKey(reply.endpoint))}</h3>
<p class="muted">${e(facts)}</p>
<p>${e(t('Sent to {0} at {1}', reply.evidence.to, reply.evidence.sentAt))}</p><pre class="hex">${e(reply.evidence.sentHex)}</pre>
<p>${e(t('Received from {0} at {1}', reply.evidence.from, reply.evidence.receivedAt))}</p><pre class="hex">${e(reply.evidence.receivedHex)}</pre>
</div>`;
}

function ignoredText(summary: SweepSummary): string {
  if (summary.ignoredTotal === 0) return '0';
  return `${summary.ignoredTotal}: ${Object.entries(summary.ignored).map(([reason, n]) => `${n} ${reason}`).join('; ')}`;
}
