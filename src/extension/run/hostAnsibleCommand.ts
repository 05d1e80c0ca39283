// The ansible-playbook command for one host's row: the fleet playbook limited
// to that host, with the policy decision already recorded for the findings on
// it (the same answer for all of them) and its justification. Without one
// recorded decision the command runs detection and verification only. It
// never sets dht_apply: the copied line prints each finding's plan, and the
// person adds `"dht_apply": true` once they have read it. Free of 'vscode'.
import { ansibleCommand, type AnsibleCommand, type FleetVariables } from '../../core/fleet/ansibleCommand';
import type { HostRow } from '../../core/hosts/types';
import { findingDecisions } from '../../core/run/findingVerdicts';
import type { ActionResult, RunRecord } from '../../core/run/types';
import { hostItemsOf } from './hostItems';

export const FLEET_PLAYBOOK = 'ansible/dht-runbook.yml';
export const DEFAULT_INVENTORY = 'ansible/inventory.ini';

type Decision = Extract<ActionResult, { kind: 'decision' }>;

/** The latest decision recorded for each of the host's findings that has one, in the row's order. */
function hostDecisions(record: RunRecord, row: HostRow): Decision[] {
  const { hostRecord, findingIds } = hostItemsOf(record, row);
  const latest = findingDecisions(hostRecord ?? record);
  return findingIds.map((id) => latest.get(id)).filter((d): d is Decision => d !== undefined);
}

export function hostAnsibleCommand(record: RunRecord, row: HostRow, inventory: string): AnsibleCommand {
  const decisions = hostDecisions(record, row);
  const answers = new Set(decisions.map((d) => d.answer));
  const variables: FleetVariables = decisions.length > 0 && decisions.length === row.findingIds.length && answers.size === 1
    ? { decision: decisions.at(-1)!.answer, justification: decisions.at(-1)!.justification }
    : {};
  return ansibleCommand({ inventory, playbook: FLEET_PLAYBOOK, hosts: [row.address], variables });
}
