// A fleet run's verdict from its hosts' verdicts. Worst first: a host still
// exposed makes the fleet still exposed; then any doubt (a host inconclusive
// for another reason than "nothing found", or not verified) makes it
// inconclusive; then an accepted risk; then remediated, which needs at least
// one host remediated (hosts where detection found nothing count as clean).
// A fleet where no host found anything is inconclusive, as a single run is:
// there was nothing to remove, so the scanner's finding needs a second look.
import type { Verdict } from '../run/types';
import type { HostRow, HostVerdict } from './types';
import { capitalise, plural, withoutFullStop } from '../text/sentences';

/** At most this many hosts are named in a verdict's reason; the rest are counted. */
const NAMED = 5;

export function fleetVerdict(rows: readonly HostRow[]): Verdict {
  const having = (...verdicts: HostVerdict[]) => rows.filter((r) => verdicts.includes(r.verification.verdict));
  const exposed = having('still-exposed');
  if (exposed.length > 0) {
    return { outcome: 'still-exposed', because: `${plural(exposed.length, 'host')} still ${exposed.length === 1 ? 'answers' : 'answer'} as a DHT node: ${names(exposed)}.` };
  }
  const doubtful = having('inconclusive', 'not-checked');
  if (doubtful.length > 0) {
    const reasons = doubtful.slice(0, NAMED).map((r) => `${r.address}: ${withoutFullStop(r.verification.because.replace(/^Inconclusive: /, ''))}`);
    const more = doubtful.length > NAMED ? `; and ${plural(doubtful.length - NAMED, 'more host')}` : '';
    return { outcome: 'inconclusive', because: `Inconclusive: ${plural(doubtful.length, 'host')} could not be shown remediated (${reasons.join('; ')}${more}).` };
  }
  const accepted = having('accepted-risk');
  const remediated = having('remediated');
  const clean = having('clean');
  const rest = [
    ...(remediated.length > 0 ? [`${plural(remediated.length, 'host')} remediated (${names(remediated)})`] : []),
    ...(clean.length > 0 ? [`${plural(clean.length, 'host')} clean (detection found nothing)`] : []),
  ];
  if (accepted.length > 0) {
    return {
      outcome: 'accepted-risk',
      because: `The client is permitted by policy on ${plural(accepted.length, 'host')} (${names(accepted)})${rest.length > 0 ? `; ${rest.join(', ')}` : ''}.`,
      justification: accepted.map((r) => `${r.address}: ${r.verification.justification ?? ''}`).join('\n'),
    };
  }
  if (remediated.length > 0) return { outcome: 'remediated', because: `${capitalise(rest.join(', '))}.` };
  if (rows.length === 0) return { outcome: 'inconclusive', because: 'Inconclusive: the fleet run has no host.' };
  return {
    outcome: 'inconclusive',
    because: `Inconclusive: no host's detection confirmed a DHT node (${plural(rows.length, 'host')}), so there was nothing to remove (check that the runs were on the hosts the scanner named).`,
  };
}

function names(rows: readonly HostRow[]): string {
  const named = rows.slice(0, NAMED).map((r) => r.address).join(', ');
  return rows.length > NAMED ? `${named} and ${rows.length - NAMED} more` : named;
}
