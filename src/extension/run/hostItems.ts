// Where a host row's per-finding items live. In a fleet run they are in the
// host's own record (fleet.hosts), under the finding's id without the
// `<host>/` prefix the fleet view adds (fleetFindingId); in a run over hosts
// they are the run's own, under the row's ids. Free of 'vscode'.
import type { HostRow } from '../../core/hosts/types';
import type { RunRecord } from '../../core/run/types';

export interface HostItems {
  /** The fleet host's own record, or undefined when the items are the run's own. */
  readonly hostRecord?: RunRecord;
  /** The row's finding ids as the record holding the items knows them. */
  readonly findingIds: readonly string[];
}

export function hostItemsOf(record: RunRecord, row: HostRow): HostItems {
  const hostRecord = row.runId === undefined ? undefined : record.fleet?.hosts.find((h) => h.runId === row.runId)?.record;
  if (hostRecord === undefined) return { findingIds: row.findingIds };
  const prefix = `${row.address}/`;
  return { hostRecord, findingIds: row.findingIds.map((id) => (id.startsWith(prefix) ? id.slice(prefix.length) : id)) };
}
