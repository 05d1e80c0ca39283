// The ansible-playbook command for one host's row: the fleet playbook limited
// to that host, with the policy decision already recorded for the findings on
// it (the same answer for all of them) and its justification. Without one
// recorded decision the command runs detection and verification only. It
// never sets dht_apply: the copied line prints each finding's plan, and the
// person adds `"dht_apply": true` once they have read it. Free of 'vscode'.
import { ansibleCommand, type AnsibleCommand, type FleetVariables } from '../../core/fleet/ansibleCommand';
import type { HostRow } from '../../core/hosts/types';
import type { ActionResult, RunRecord } from '../../core/run/types';

export const FLEET_PLAYBOOK = 'ansible/dht-runbook.yml';
export const DEFAULT_INVENTORY = 'ansible/inventory.ini';

type Decision = Extract<ActionResult, { kind: 'decision' }>;

/** The latest decision recorded for each of the host's findings. */
function hostDecisions(record: RunRecord, row: HostRow): Decision[] {
  const hostRecord = row.runId === undefined ? undefined : record.fleet?.hosts.find((h) => h.runId === row.runId)?.record;
  const source = hostRecord ?? record;
  const ids = row.findingIds.map((id) => (hostRecord && id.startsWith(`${row.address}/`) ? id.slice(row.address.length + 1) : id));
  const decisions: Decision[] = [];
  for (const id of ids) {
    const latest = Object.values(source.steps)
      .flatMap((step) => (step.findings && Object.hasOwn(step.findings, id) ? step.findings[id]!.results : []))
      .filter((r): r is Decision => r.kind === 'decision')
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .at(-1);
    if (latest) decisions.push(latest);
  }
  return decisions;
}

export function hostAnsibleCommand(record: RunRecord, row: HostRow, inventory: string): AnsibleCommand {
  const decisions = hostDecisions(record, row);
  const answers = new Set(decisions.map((d) => d.answer));
  const variables: FleetVariables = decisions.length > 0 && decisions.length === row.findingIds.length && answers.size === 1
    ? { decision: decisions.at(-1)!.answer, justification: decisions.at(-1)!.justification }
    : {};
  return ansibleCommand({ inventory, playbook: FLEET_PLAYBOOK, hosts: [row.address], variables });
}
