// From what the user typed (or "this machine") to a bounded, resolved set of
// endpoints the sweep can iterate lazily. Shared by the CLI and the editor.
import { checkEndpointBound, countEndpoints, expandEndpoints, type ResolvedTarget } from '../../core/targets/expandTargets';
import { parseTargets } from '../../core/targets/parseTargets';
import { parsePortSpec, type PortRange } from '../../core/targets/portSpec';
import type { Endpoint } from '../../core/probe/types';
import { localProbeTargets } from '../net/localAddresses';
import { resolveTargets } from '../net/resolveTargets';

export const DEFAULT_PORTS = '6881-6889,51413';
export const DEFAULT_MAX_ENDPOINTS = 65_536;

export interface ProbeRequest {
  /** Targets as typed; ignored when `thisMachine` is set (the CLI refuses the two together). */
  readonly targets?: string;
  /** Loopback plus every address of every local interface. */
  readonly thisMachine?: boolean;
  /** Ports for targets that name none, e.g. "6881-6889,51413"; empty means every target names its own. */
  readonly ports: string;
  readonly maxEndpoints: number;
}

export interface ProbePlan {
  readonly targets: ResolvedTarget[];
  readonly endpointCount: number;
  /** A fresh iterator over every endpoint each time it is called (one per sweep pass). */
  readonly endpoints: () => Iterable<Endpoint>;
  /** What was probed, in words, for reports. */
  readonly description: string;
}

export type ProbePlanResult = { ok: true; plan: ProbePlan } | { ok: false; errors: string[] };

export async function planProbe(request: ProbeRequest): Promise<ProbePlanResult> {
  // Empty default ports are allowed: targets that name their ports need none,
  // and parseTargets says which targets name no ports.
  const ports = request.ports.trim() === '' ? { ok: true as const, ranges: [] } : parsePortSpec(request.ports);
  if (!ports.ok) return { ok: false, errors: [`ports "${request.ports}": ${ports.error}`] };
  if (request.thisMachine && ports.ranges.length === 0) {
    return { ok: false, errors: ['this machine: no ports to probe: set runbook.probe.ports (CLI flag --ports)'] };
  }
  const resolved = request.thisMachine ? localTargets(ports.ranges) : await typedTargets(request.targets ?? '', ports.ranges, request.maxEndpoints);
  if (!resolved.ok) return resolved;
  const count = countEndpoints(resolved.targets);
  const bound = checkEndpointBound(count, request.maxEndpoints);
  if (!bound.ok) return { ok: false, errors: [bound.error] };
  const targets = resolved.targets;
  return {
    ok: true,
    plan: {
      targets,
      endpointCount: Number(count),
      endpoints: () => expandEndpoints(targets),
      description: request.thisMachine ? `this machine (${targets.length} addresses) on ports ${request.ports}` : (request.targets ?? '').trim(),
    },
  };
}

function localTargets(ports: PortRange[]): { ok: true; targets: ResolvedTarget[] } {
  return { ok: true, targets: localProbeTargets(ports) };
}

async function typedTargets(text: string, defaultPorts: PortRange[], maxEndpoints: number): Promise<{ ok: true; targets: ResolvedTarget[] } | { ok: false; errors: string[] }> {
  // The bound stops parsing at the first target over it, before a huge list costs time and memory.
  const parsed = parseTargets(text, { defaultPorts, maxEndpoints });
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => e.message) };
  const resolved = await resolveTargets(parsed.targets);
  if (!resolved.ok) return { ok: false, errors: resolved.errors.map((e) => e.message) };
  return resolved;
}
