// What a headless run found, for the exit code and the summary. Only the
// latest result of each step counts (a re-run replaces, it does not add), and
// a check that could not look is a failure, never "clean".
import { phaseChecks } from '../core/run/runEvidence';
import type { ActionResult, RunRecord } from '../core/run/types';
import type { PhaseId, Runbook } from '../core/runbook/model';

function problemOf(result: ActionResult): string | undefined {
  switch (result.kind) {
    case 'error': return result.message;
    case 'check-listening-ports':
      if (result.result.listing.error) return `the sockets could not be listed: ${result.result.listing.error}`;
      if (result.result.probe?.cancelled) return 'the probe of the listed sockets was cancelled';
      return undefined;
    case 'probe-dht': {
      const { summary } = result;
      if (summary.cancelled) return 'the probe was cancelled';
      const refused = Object.values(summary.sendFailures).reduce((a, b) => a + b, 0);
      if (summary.packetsSent > 0 && refused >= summary.packetsSent) return `every query was refused by the OS (${Object.keys(summary.sendFailures).join(', ')})`;
      return undefined;
    }
    default: return undefined;
  }
}

export function exposure(record: RunRecord, runbook: Runbook, phase: PhaseId): { exposed: boolean; failed: boolean; summary: string } {
  const { checks, probes } = phaseChecks(record, phase, 'latest-per-step');
  const endpoints = new Set<string>();
  for (const check of checks) for (const s of check.sockets) for (const r of s.dhtReplies) endpoints.add(`${r.endpoint.address}:${r.endpoint.port}`);
  for (const probe of probes) for (const f of probe.findings) endpoints.add(`${f.endpoint.address}:${f.endpoint.port}`);

  const problems: string[] = [];
  for (const step of runbook.phases.find((p) => p.id === phase)?.steps ?? []) {
    const results = record.steps[step.id]?.results ?? [];
    const latest = results[results.length - 1];
    const problem = latest ? problemOf(latest) : undefined;
    if (problem) problems.push(`step ${step.id}: ${problem}`);
  }
  if (record.verdict?.outcome === 'inconclusive') problems.push(`the verdict is inconclusive: ${record.verdict.because}`);

  const lines = [
    endpoints.size === 0 ? `${phase}: no DHT node answered.` : `${phase}: ${endpoints.size} DHT endpoint(s) answered: ${[...endpoints].join(', ')}.`,
    ...problems,
    ...(record.verdict ? [`verdict: ${record.verdict.outcome}: ${record.verdict.because}`] : []),
  ];
  const exposed = record.verdict ? record.verdict.outcome === 'still-exposed' : endpoints.size > 0;
  return { exposed, failed: problems.length > 0, summary: lines.join('\n') };
}
