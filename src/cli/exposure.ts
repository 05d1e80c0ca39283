// What a headless run found, for the exit code and the one-paragraph summary.
import { phaseChecks } from '../core/run/runEvidence';
import type { RunRecord } from '../core/run/types';
import type { PhaseId, Runbook } from '../core/runbook/model';

export function exposure(record: RunRecord, runbook: Runbook, phase: PhaseId): { exposed: boolean; failed: boolean; summary: string } {
  const { checks, probes } = phaseChecks(record, phase, 'latest-per-step');
  const endpoints = new Set<string>();
  for (const check of checks) for (const s of check.sockets) for (const r of s.dhtReplies) endpoints.add(`${r.endpoint.address}:${r.endpoint.port}`);
  for (const probe of probes) for (const f of probe.findings) endpoints.add(`${f.endpoint.address}:${f.endpoint.port}`);
  const phaseSteps = runbook.phases.find((p) => p.id === phase)?.steps ?? [];
  const failedSteps = phaseSteps.filter((s) => record.steps[s.id]?.results.some((r) => r.kind === 'error'));
  const lines = [
    endpoints.size === 0 ? `${phase}: no DHT node answered.` : `${phase}: ${endpoints.size} DHT endpoint(s) answered: ${[...endpoints].join(', ')}.`,
    ...failedSteps.map((s) => `step ${s.id} could not run: ${lastError(record, s.id)}`),
    ...(record.verdict ? [`verdict: ${record.verdict.outcome}: ${record.verdict.because}`] : []),
  ];
  const exposed = record.verdict ? record.verdict.outcome === 'still-exposed' : endpoints.size > 0;
  return { exposed, failed: failedSteps.length > 0, summary: lines.join('\n') };
}

function lastError(record: RunRecord, stepId: string): string {
  const errors = (record.steps[stepId]?.results ?? []).flatMap((r) => (r.kind === 'error' ? [r.message] : []));
  return errors[errors.length - 1] ?? '';
}
