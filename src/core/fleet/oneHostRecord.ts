// What merge takes as a host's record: one run of one machine. A run over
// many hosts (a scanner report's, several --targets hosts or a range, a fleet
// run) has a row of its own for each of them; read as one host's record, its
// hosts would vanish into a single row named after the machine it ran on,
// carrying their verdict (a row "silent" yet "still exposed").
//
// A run with one --targets host is still taken: the playbook's dht_targets
// may name one address for each host to probe as well, and one target
// cannot lose hosts into a row.
import type { RunRecord } from '../run/types';
import { addressBits } from '../targets/ipAddress';
import { parseTargets, type CidrTarget } from '../targets/parseTargets';
import { plural } from '../text/sentences';

const ONE_RECORD_PER_HOST = 'a merge takes one record per host, each a run of that machine, as the Ansible playbook brings them back';
const OPEN_IT_INSTEAD = 'or open this run in the editor\'s Runs view, which has a row for each of its hosts';
/** Names listed in a message before the rest are counted. */
const NAMED = 5;

/** Why `record` is not one host's run, naming `source`; undefined when it is one. */
export function notOneHostProblem(source: string, record: RunRecord): string | undefined {
  if (record.fleet !== undefined) {
    const hosts = record.fleet.hosts.map((h) => h.host);
    return `${source} is itself a fleet run, merged from ${plural(hosts.length, 'host')} (${listed(hosts)}): ${ONE_RECORD_PER_HOST}. `
      + `Merge the hosts' own records instead (this fleet run keeps each one whole under fleet.hosts), ${OPEN_IT_INSTEAD}.`;
  }
  if (record.targets.mode !== 'hosts') return undefined;
  const report = record.targets.fromReport;
  if (report !== undefined) {
    return `${source} is a run over the ${plural(report.hosts.length, 'host')} of scanner report ${report.name} (run --from-report), not one host's run: ${ONE_RECORD_PER_HOST}. `
      + `Merge those hosts' own records instead, ${OPEN_IT_INSTEAD}.`;
  }
  const over = typedTargetsCover(record.targets.text);
  if (over === 'one host') return undefined;
  return `${source} is a run over ${over.hosts} (its targets: ${over.targets}; run --targets), not one host's run: ${ONE_RECORD_PER_HOST} (with dht_targets empty or one host). `
    + `Merge those hosts' own records instead, ${OPEN_IT_INSTEAD}.`;
}

/** What typed targets cover, in words ("3 hosts", "up to 256 hosts") with the targets named; or 'one host'. */
function typedTargetsCover(text: string): { hosts: string; targets: string } | 'one host' {
  const parsed = parseTargets(text, { defaultPorts: [{ first: 6881, last: 6881 }] });
  // A record's targets were checked when its run began; text that no longer parses is not shown to be one host.
  if (!parsed.ok) return { hosts: 'hosts that cannot be counted', targets: `"${text.trim().slice(0, 200)}", which no longer read as a target list` };
  const hosts = new Set<string>();
  let rangeAddresses = 0;
  const ranges: string[] = [];
  for (const target of parsed.targets) {
    if (target.kind === 'cidr' && addressesIn(target) > 1) {
      rangeAddresses += addressesIn(target);
      ranges.push(`${target.network}/${target.prefix}`);
    } else {
      hosts.add(target.kind === 'hostname' ? target.host.toLowerCase() : target.kind === 'address' ? target.address : target.network);
    }
  }
  if (ranges.length === 0 && hosts.size <= 1) return 'one host';
  const names = [...ranges, ...hosts];
  const count = ranges.length === 0 ? plural(hosts.size, 'host') : `up to ${countText(hosts.size + rangeAddresses)} hosts`;
  return { hosts: count, targets: listed(names) };
}

/** The addresses of a range (a /32 or /128 is one host). */
function addressesIn(target: CidrTarget): number {
  return 2 ** (addressBits(target.family) - target.prefix);
}

/** Beyond 2^53 a count is no longer exact: say it as a power of two. */
function countText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : `2^${Math.round(Math.log2(n))}`;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, NAMED).join(', ');
  return names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
}
