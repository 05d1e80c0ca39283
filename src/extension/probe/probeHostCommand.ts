// "Runbook: Probe Host for Mainline DHT…": targets from an input box that
// checks them as the user types, a cancellable progress notification, then
// the result in a panel, a notification and the log.
import * as vscode from 'vscode';
import { formatSweepReport } from '../../core/probe/formatReport';
import type { SweepSummary } from '../../core/probe/types';
import { parseTargets } from '../../core/targets/parseTargets';
import { parsePortSpec } from '../../core/targets/portSpec';
import { sweepForDhtNodes } from '../../node/probe/dhtSweep';
import { planProbe, type ProbePlan } from '../../node/probe/probePlan';
import { getLog } from '../log';
import { readProbeSettings } from '../settings';
import { hostname } from 'node:os';
import { ProbeResultsPanel } from './probeResultsPanel';
import { probeGroups } from './probeGroups';
import { probeVerdict } from './probeResultsHtml';

const LAST_TARGETS_KEY = 'runbook.probe.lastTargets';

/** Arguments for callers that already know the targets (runbook steps, tests). */
export interface ProbeHostArgs {
  readonly targets?: string;
  readonly thisMachine?: boolean;
}

export interface ProbeOutcome {
  readonly plan: ProbePlan;
  readonly summary: SweepSummary;
}

export async function probeHostCommand(context: vscode.ExtensionContext, args?: ProbeHostArgs): Promise<ProbeOutcome | undefined> {
  const settings = readProbeSettings();
  const request = args ?? await askForTargets(context, settings.ports);
  if (!request) return undefined;
  const planned = await planProbe({ targets: request.targets, thisMachine: request.thisMachine, ports: settings.ports, maxEndpoints: settings.maxEndpoints });
  if (!planned.ok) {
    const message = vscode.l10n.t('The DHT probe cannot start: {0}', planned.errors.join(' '));
    getLog().warn(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const { plan } = planned;
  getLog().info(`DHT probe of ${plan.description}: ${plan.endpointCount} endpoints, timeout ${settings.timeoutMs} ms, ${settings.retries} retries, ${settings.ratePerSecond} packets/s`);

  const summary = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Probing {0} endpoints for Mainline DHT nodes', plan.endpointCount),
    cancellable: true,
  }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let reported = 0;
    const total = plan.endpointCount * (settings.retries + 1);
    try {
      return await sweepForDhtNodes({
        endpoints: plan.endpoints,
        timeoutMs: settings.timeoutMs, retries: settings.retries, ratePerSecond: settings.ratePerSecond,
        signal: controller.signal,
        onFinding: (finding) => getLog().info(`DHT node at ${finding.evidence.from}${finding.client ? ` (${finding.client.name ?? finding.client.code})` : ''}`),
        onProgress: (p) => {
          const done = Math.min(100, (p.packetsSent / total) * 100);
          progress.report({
            increment: done - reported,
            message: vscode.l10n.t('{0} of {1} endpoints asked, {2} answered as DHT nodes, {3} other replies', p.endpointsProbed, plan.endpointCount, p.found, p.ignored),
          });
          reported = done;
        },
      });
    } finally {
      cancel.dispose();
    }
  });

  getLog().info(formatSweepReport(summary, plan.description));
  const thisMachine = request.thisMachine === true;
  ProbeResultsPanel.show(context.extensionUri, plan, summary, thisMachine);
  void vscode.window.showInformationMessage(summaryMessage(summary, thisMachine));
  return { plan, summary };
}

async function askForTargets(context: vscode.ExtensionContext, ports: string): Promise<ProbeHostArgs | undefined> {
  // An empty setting means "no default ports": every target must then name its own.
  const defaultPorts = ports.trim() === '' ? { ok: true as const, ranges: [] } : parsePortSpec(ports);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Probe Host for Mainline DHT'),
    prompt: vscode.l10n.t('Hosts, addresses, CIDR ranges, with ports as host:6881-6889,51413 (default ports: {0}). Leave empty to probe this machine.', ports),
    placeHolder: vscode.l10n.t('e.g. 192.0.2.7 198.51.100.0/28 [2001:db8::5]:51413'),
    value: context.workspaceState.get<string>(LAST_TARGETS_KEY, ''),
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!defaultPorts.ok) return vscode.l10n.t('The setting runbook.probe.ports is not valid: {0}', defaultPorts.error);
      if (value.trim() === '') return undefined;
      const parsed = parseTargets(value, { defaultPorts: defaultPorts.ranges });
      return parsed.ok ? undefined : parsed.errors.slice(0, 3).map((e) => e.message).join('; ');
    },
  });
  if (text === undefined) return undefined;
  await context.workspaceState.update(LAST_TARGETS_KEY, text);
  return text.trim() === '' ? { thisMachine: true } : { targets: text };
}

/** The same words as the panel's verdict: programs, and the endpoints they answered on. */
function summaryMessage(summary: SweepSummary, thisMachine: boolean): string {
  const groups = probeGroups(summary, thisMachine, hostname());
  const verdict = probeVerdict(summary, groups.programCount, groups.endpointCount, (m, ...a) => vscode.l10n.t(m, ...a));
  if (summary.cancelled) return vscode.l10n.t('DHT probe cancelled after {0} endpoints. So far: {1}', summary.endpointsProbed, verdict);
  if (groups.programCount === 0) return vscode.l10n.t('No DHT node found among {0} endpoints ({1} other replies ignored).', summary.endpointsProbed, summary.ignoredTotal);
  return verdict;
}
