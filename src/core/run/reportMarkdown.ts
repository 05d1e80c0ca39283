// The run as a Markdown report a ticket or an auditor accepts: who ran which
// exact runbook where and when, the verdict, the per-host table for a run
// over hosts, every step with its decision, notes and results, and an
// appendix with the raw evidence. A fleet run (merge) reports each host's
// own run in full under its host. Everything that came from the examined
// host or a user is escaped (markdownText.ts).
import { mdCode, mdQuote, mdTable, mdText } from './markdownText';
import { EvidenceAppendix } from './reportEvidence';
import { resultLines } from './reportResults';
import type { Finding } from '../findings/types';
import { runFindings } from './stepRunner';
import type { FindingStepRecord, FindingVerdict, FleetHost, FleetRun, RunPhaseId, RunRecord, StepRecord, Verdict } from './types';
import { fleetFindingId, latestCompareResult } from '../hosts/fleetHosts';
import { hostsOf } from '../hosts/hostsOf';
import { describeRefusal } from '../programs/refusal';
import type { HostsOverview, HostState, HostVerdict } from '../hosts/types';

const PHASES: readonly { readonly id: RunPhaseId; readonly title: string }[] = [
  { id: 'detection', title: 'Detection' },
  { id: 'remediation', title: 'Remediation' },
  { id: 'verification', title: 'Verification' },
];

const OUTCOME: Record<Verdict['outcome'], string> = {
  remediated: 'Remediated',
  'still-exposed': 'Still exposed',
  'accepted-risk': 'Accepted risk',
  inconclusive: 'Inconclusive',
};

const HOST_STATE: Record<HostState, string> = { answering: 'answering', silent: 'silent', unreachable: 'unreachable', 'not-probed': 'not probed' };

const HOST_VERDICT: Record<HostVerdict, string> = {
  remediated: 'Remediated', 'still-exposed': 'Still exposed', clean: 'Clean', 'not-checked': 'Not checked', 'accepted-risk': 'Accepted risk', inconclusive: 'Inconclusive',
};

export function runReportMarkdown(record: RunRecord): string {
  const appendix = new EvidenceAppendix();
  const lines = [`# Run report: ${mdText(record.runbook.title)}`, '', ...header(record), '', ...verdictLines(record.verdict)];
  const hosts = hostsOf(record);
  if (record.fleet === undefined) {
    const findings = runFindings(record);
    lines.push(...findingVerdictLines(record), ...hostTableLines(hosts), ...findingsLines(findings, 2), ...phaseLines(record, findings, appendix, 2, ''));
  } else {
    // A fleet run's own steps are an outline (each ran on the hosts); each host's run is reported in full instead.
    lines.push(...hostTableLines(hosts), ...fleetFindingVerdictLines(record.fleet));
    for (const entry of record.fleet.hosts) {
      const findings = runFindings(entry.record);
      lines.push('', `## Host ${mdText(entry.host)}`, '', ...hostHeader(entry), ...findingsLines(findings, 3),
        ...phaseLines(entry.record, findings, appendix, 3, `host ${mdText(entry.host)}, `));
    }
  }
  lines.push('', ...appendix.render(), '');
  return lines.join('\n');
}

/** The phases and their steps; `depth` is the phase headings' level, `source` prefixes the evidence's labels. */
function phaseLines(record: RunRecord, findings: readonly Finding[], appendix: EvidenceAppendix, depth: number, source: string): string[] {
  const lines: string[] = [];
  const steps = Object.entries(record.steps);
  let number = 0;
  for (const phase of PHASES) {
    const inPhase = steps.filter(([, step]) => step.phase === phase.id);
    if (inPhase.length === 0) continue;
    lines.push('', `${'#'.repeat(depth)} ${phase.title}`);
    for (const [id, step] of inPhase) lines.push('', ...stepLines(++number, id, step, appendix, findings, depth + 1, source));
  }
  const unphased = steps.filter(([, step]) => step.phase === undefined);
  if (unphased.length > 0) {
    lines.push('', `${'#'.repeat(depth)} Steps`);
    for (const [id, step] of unphased) lines.push('', ...stepLines(++number, id, step, appendix, findings, depth + 1, source));
  }
  return lines;
}

/** One row per host (a run over hosts, or a fleet run): what detection found there and what verification says. */
function hostTableLines(overview: HostsOverview | undefined): string[] {
  if (overview === undefined || overview.hosts.length === 0) return [];
  const fleet = overview.hosts.some((h) => h.runId !== undefined);
  const c = overview.counts;
  const rows = overview.hosts.map((h) => [
    mdText(h.address), mdText(h.name ?? ''), HOST_STATE[h.state], mdText(h.client ?? ''), mdText(h.endpoints.join(', ')),
    `**${HOST_VERDICT[h.verification.verdict]}**`, mdText(h.verification.because),
    ...(fleet ? [h.runId === undefined ? '' : mdCode(h.runId)] : []),
  ]);
  return [
    '', '## Hosts', '',
    `${overview.hosts.length} host${overview.hosts.length === 1 ? '' : 's'}: ${c.answering} answering, ${c.silent} silent, ${c.unreachable} unreachable, ${c['not-probed']} not probed.`,
    '', mdTable(['Host', 'Name', 'State', 'Client', 'Endpoints', 'Verdict', 'Why', ...(fleet ? ['Run'] : [])], rows),
    ...(overview.verdict === undefined || fleet ? [] : ['', `Over the hosts: **${HOST_VERDICT[overview.verdict.outcome]}**. ${mdText(overview.verdict.because)}`]),
  ];
}

/** Each host's verdict per finding (its latest comparison), finding ids qualified by host. */
function fleetFindingVerdictLines(fleet: FleetRun): string[] {
  const rows = fleet.hosts.flatMap((entry) => (latestCompareResult(entry.record)?.findings ?? []).map((v) => [
    mdText(entry.host), `${mdText(v.title)} (${mdCode(fleetFindingId(entry.host, v.findingId))})`, `**${OUTCOME[v.verdict.outcome]}**`, mdText(v.verdict.because),
  ]));
  if (rows.length === 0) return [];
  return ['', 'Per finding, host by host:', '', mdTable(['Host', 'Finding', 'Verdict', 'Because'], rows)];
}

/** Who ran a host's run, when, with which runbook text, and its own verdict. */
function hostHeader(entry: FleetHost): string[] {
  const { record } = entry;
  const verdict = record.verdict === undefined ? 'not given (verification did not run)' : `**${OUTCOME[record.verdict.outcome]}**. ${mdText(record.verdict.because)}`;
  return [mdTable(['Field', 'Value'], [
    ['Run', `${mdCode(record.runId)}, revision ${record.revision}, made in the ${record.origin === 'cli' ? 'command line' : 'editor'}`],
    ['Operator', `${mdText(record.operator.user)} on ${mdText(record.operator.host)}`],
    ['Runbook', `version ${mdText(record.runbook.version)}, content hash ${mdCode(record.runbook.contentHash)}`],
    ['Targets', record.targets.mode === 'this-machine' ? 'this machine' : `hosts ${mdText(record.targets.text)}`],
    ['Started', record.startedAt],
    ['Ended', record.endedAt ?? 'not ended (the run is still open)'],
    ['Verdict', verdict],
  ])];
}

function header(record: RunRecord): string[] {
  const { runbook, operator } = record;
  const targets = record.targets.mode === 'this-machine' ? 'this machine' : `hosts ${mdText(record.targets.text)}`;
  const verdict = record.verdict === undefined ? 'not given yet' : `**${OUTCOME[record.verdict.outcome]}**`;
  return [mdTable(['Field', 'Value'], [
    ['Verdict', verdict],
    ['Runbook', `${mdText(runbook.title)} (${mdCode(runbook.id)}), version ${mdText(runbook.version)}`],
    ['Runbook source', `${runbook.source}: ${mdText(runbook.path)}`],
    ['Content hash (SHA-256)', mdCode(runbook.contentHash)],
    ['Targets', targets],
    ['Operator', `${mdText(operator.user)} on ${mdText(operator.host)}`],
    ['Started', record.startedAt],
    ['Ended', record.endedAt ?? 'not ended (the run is still open)'],
    ['Run', `${mdCode(record.runId)}, revision ${record.revision}, made in the ${record.origin === 'cli' ? 'command line' : 'editor'}`],
  ])];
}

function verdictLines(verdict: Verdict | undefined): string[] {
  if (verdict === undefined) return ['## Verdict', '', 'No verdict was given: the run did not reach its comparison.'];
  const lines = ['## Verdict', '', `**${OUTCOME[verdict.outcome]}.** ${mdText(verdict.because)}`];
  if (verdict.outcome === 'accepted-risk') lines.push('', 'Justification recorded with the policy decision:', '', mdQuote(verdict.justification));
  return lines;
}

function stepLines(number: number, id: string, step: StepRecord, appendix: EvidenceAppendix, findings: readonly Finding[], depth: number, source: string): string[] {
  const title = step.title === undefined ? mdCode(id) : `${mdText(step.title)} (${mdCode(id)})`;
  const lines = [`${'#'.repeat(depth)} ${number}. ${title}`, ''];
  lines.push(...partLines(step, `${source}step ${mdText(id)}`, appendix));
  // A step that repeats for each finding: each finding's part with its own status and results.
  for (const [findingId, part] of Object.entries(step.findings ?? {})) {
    const finding = findings.find((f) => f.id === findingId);
    lines.push('', `${'#'.repeat(depth + 1)} ${finding === undefined ? mdCode(findingId) : `${mdText(finding.title)} (${mdCode(findingId)})`}`, '');
    lines.push(...partLines(part, `${source}step ${mdText(id)}, finding ${mdText(findingId)}`, appendix));
  }
  return lines;
}

/** Status, times, skip reason, note and results of a step or of one finding's part of it. */
function partLines(part: StepRecord | FindingStepRecord, source: string, appendix: EvidenceAppendix): string[] {
  const lines = [`- Status: **${part.status}**`];
  if (part.startedAt !== undefined) lines.push(`- Started: ${part.startedAt}`);
  if (part.endedAt !== undefined) lines.push(`- Ended: ${part.endedAt}`);
  if (part.skipReason !== undefined) lines.push(`- Skipped because: ${mdText(part.skipReason)}`);
  if (part.note !== undefined) lines.push('', 'Note:', '', mdQuote(part.note));
  part.results.forEach((result, index) => {
    const attempt = part.results.length > 1 ? `, result ${index + 1} of ${part.results.length}` : '';
    lines.push('', ...resultLines(result, `${source}${attempt}`, appendix));
  });
  const perFinding = 'findings' in part && part.findings !== undefined && Object.keys(part.findings).length > 0;
  if (part.results.length === 0 && part.status !== 'skipped' && !perFinding) lines.push('', 'No result recorded.');
  return lines;
}

/** The latest comparison's verdict for each finding, next to the run's. */
function findingVerdictLines(record: RunRecord): string[] {
  const verdicts: readonly FindingVerdict[] = latestCompareResult(record)?.findings ?? [];
  if (verdicts.length === 0) return [];
  return ['', 'Per finding:', '', mdTable(['Finding', 'Verdict', 'Because'], verdicts.map((v) => [`${mdText(v.title)} (${mdCode(v.findingId)})`, `**${OUTCOME[v.verdict.outcome]}**`, mdText(v.verdict.because)]))];
}

/** What detection found, one row per program or remote node: the unit remediation acts on. */
function findingsLines(findings: readonly Finding[], depth: number): string[] {
  if (findings.length === 0) return [];
  const rows = findings.map((f) => {
    const install = f.program?.install;
    const pkg = install === undefined ? (f.owner?.packages.join(', ') || 'none found')
      : install.refusal !== undefined ? `${install.package ?? '?'}: removal refused (${describeRefusal(install.refusal)})`
      : install.package ?? `none (${install.kind}${install.removablePath === undefined ? '' : `, ${install.removablePath}`})`;
    return [
      `${mdText(f.title)} (${mdCode(f.id)})`,
      f.where === 'remote' ? `remote: ${mdText(f.host)}, remediate on that host` : `pid ${f.pid ?? '?'}${f.user === undefined ? '' : `, ${mdText(f.user)}`}`,
      mdText(f.client ?? ''),
      mdText(f.program?.program?.path ?? f.program?.process.executable ?? f.owner?.executable ?? ''),
      mdText(pkg),
      mdText(f.endpoints.map((e) => e.label).join(', ')),
    ];
  });
  return ['', `${'#'.repeat(depth)} Findings`, '', mdTable(['Finding', 'Where', 'Client', 'Program', 'Package', 'Endpoints'], rows)];
}
