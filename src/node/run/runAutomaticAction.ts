// Runs the actions a machine can run by itself (the listening-ports check,
// the DHT probe, the baseline comparison) for the editor and the CLI alike.
// Decisions, confirmations and commands need a person; the editor does those.
import { probeEndpointsForSockets } from '../../core/localCheck/probeEndpoints';
import type { Endpoint } from '../../core/probe/types';
import { compareWithBaseline } from '../../core/run/baseline';
import { resolvedNames } from '../../core/targets/expandTargets';
import { findingDecisions, findingVerdicts, runVerdict } from '../../core/run/findingVerdicts';
import { runFindings } from '../../core/run/stepRunner';
import { phaseChecks } from '../../core/run/runEvidence';
import { latestDecision, latestListing } from '../../core/run/runResults';
import type { ActionResult, RunRecord } from '../../core/run/types';
import type { Action, PhaseId } from '../../core/runbook/model';
import { checkLocal } from '../localCheck/checkLocal';
import { localProbeAddresses } from '../net/localAddresses';
import { sweepForDhtNodes } from '../probe/dhtSweep';
import { planProbe } from '../probe/probePlan';

export interface ProbeDefaults {
  readonly ports: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly ratePerSecond: number;
  readonly maxEndpoints: number;
}

export interface ActionContext {
  readonly record: RunRecord;
  readonly phase: PhaseId;
  readonly probe: ProbeDefaults;
  readonly now: () => string;
  readonly signal?: AbortSignal;
}

export type AutomaticAction = Extract<Action, { kind: 'check-listening-ports' | 'probe-dht' | 'compare-baseline' }>;

export function isAutomatic(action: Action): action is AutomaticAction {
  return action.kind === 'check-listening-ports' || action.kind === 'probe-dht' || action.kind === 'compare-baseline';
}

export async function runAutomaticAction(action: AutomaticAction, context: ActionContext): Promise<ActionResult> {
  try {
    switch (action.kind) {
      case 'check-listening-ports':
        return { kind: 'check-listening-ports', at: context.now(), result: await checkLocal({ allUdp: action.allUdp, ...sweepOptions(context) }) };
      case 'probe-dht':
        return await runProbe(action, context);
      case 'compare-baseline':
        return compare(action, context);
    }
  } catch (error) {
    return { kind: 'error', at: context.now(), action: action.kind, message: error instanceof Error ? error.message : String(error) };
  }
}

function sweepOptions(context: ActionContext) {
  return {
    timeoutMs: context.probe.timeoutMs, retries: context.probe.retries, ratePerSecond: context.probe.ratePerSecond,
    ...(context.signal ? { signal: context.signal } : {}),
  };
}

async function runProbe(action: Extract<Action, { kind: 'probe-dht' }>, context: ActionContext): Promise<ActionResult> {
  const at = context.now();
  const ports = action.ports.kind === 'list' ? action.ports.text : context.probe.ports;
  const thisMachine = action.targets.kind === 'this-machine' || (action.targets.kind === 'run-targets' && context.record.targets.mode === 'this-machine');

  if (action.ports.kind === 'listening-udp' && thisMachine) {
    // Every UDP port the listing found, on the addresses each socket listens on.
    const listing = latestListing(context.record, context.phase);
    if (!listing) {
      return { kind: 'error', at, action: 'probe-dht', message: 'This probe covers the UDP ports the listing found: run the listening-ports step of this phase first.' };
    }
    const local = localProbeAddresses().map(({ address, family }) => ({ address, family }));
    const endpoints: Endpoint[] = probeEndpointsForSockets(listing.listing.sockets, local);
    const summary = await sweepForDhtNodes({ endpoints: () => endpoints, ...sweepOptions(context) });
    return { kind: 'probe-dht', at, targets: `this machine, the ${endpoints.length} UDP endpoints the listing found`, endpointCount: endpoints.length, summary };
  }

  const text = action.targets.kind === 'list' ? action.targets.text : context.record.targets.mode === 'hosts' ? context.record.targets.text : '';
  const planned = await planProbe({ thisMachine, targets: text, ports, maxEndpoints: context.probe.maxEndpoints });
  if (!planned.ok) return { kind: 'error', at, action: 'probe-dht', message: planned.errors.join(' ') };
  const summary = await sweepForDhtNodes({ endpoints: planned.plan.endpoints, ...sweepOptions(context) });
  // Replies name addresses; keep which name each came from, so a host typed (or reported) by name gets its replies.
  const resolved = resolvedNames(planned.plan.targets);
  return { kind: 'probe-dht', at, targets: planned.plan.description, endpointCount: planned.plan.endpointCount, summary, ...(resolved.length === 0 ? {} : { resolved }) };
}

function compare(action: Extract<Action, { kind: 'compare-baseline' }>, context: ActionContext): ActionResult {
  const detection = phaseChecks(context.record, 'detection', 'latest-per-step');
  const verification = phaseChecks(context.record, 'verification', 'latest-per-step');
  const problems: string[] = [];
  if (detection.checks.length + detection.probes.length === 0) problems.push('detection ran no check, so there is no baseline to compare with');
  if (verification.checks.length + verification.probes.length === 0) problems.push('verification ran no check yet: run its checks before the comparison');
  const comparison = compareWithBaseline(detection, verification);
  const findings = runFindings(context.record);
  const decisions = findingDecisions(context.record);
  const options = { suspectsMustBeGone: action.gone.includes('suspect-sockets') };
  const verdict = runVerdict(comparison, findings, decisions, problems, options, latestDecision(context.record));
  const perFinding = findingVerdicts(findings, comparison, decisions, problems);
  return { kind: 'compare-baseline', at: context.now(), comparison, verdict, ...(perFinding.length === 0 ? {} : { findings: perFinding }) };
}
