// Says whether a listing names the owner of every socket, and if not, what
// the user can do about it.
import type { Attribution, ListeningSocket, SocketSource } from './types';

export interface AttributionContext {
  /** Whether the listing ran as root or Administrator. */
  privileged: boolean;
  platform: 'linux' | 'darwin' | 'win32' | string;
  /** The source the listing came from; lsof can never be complete (see below). */
  source?: SocketSource;
  /** True when a tool's output was cut at the size limit, so rows are missing. */
  truncated?: boolean;
}

export function attributionOf(sockets: readonly ListeningSocket[], context: AttributionContext): { attribution: Attribution; attributionNote?: string } {
  const counted = countedAttribution(sockets, context);
  const notes = counted.attributionNote === undefined ? [] : [counted.attributionNote];
  let { attribution } = counted;
  // lsof lists files of the processes it can see, so the socket of a process it
  // cannot see is a missing row, not an unowned one: counting owners proves nothing.
  if (context.source === 'lsof') {
    if (attribution === 'complete') attribution = 'partial';
    const how = context.privileged
      ? 'Even as root it misses sockets of processes in other PID namespaces (containers) and sockets the kernel holds itself.'
      : 'Run it again as root (with sudo) so that lsof can see every process.';
    const preferred = context.platform === 'linux' ? ' On Linux, ss, netstat or /proc list every socket, owned or not, and are preferred.' : '';
    notes.push(`lsof lists only the sockets of processes it can see, so a socket whose process it cannot see is missing from this listing rather than shown without an owner. ${how}${preferred}`);
  }
  // Rows after the cut are gone, owners and all.
  if (context.truncated === true) {
    if (attribution === 'complete') attribution = 'partial';
    notes.push('The tool printed more than the size limit and its output was cut, so the sockets after the cut are missing from this listing.');
  }
  return notes.length === 0 ? { attribution } : { attribution, attributionNote: notes.join(' ') };
}

function countedAttribution(sockets: readonly ListeningSocket[], context: AttributionContext): { attribution: Attribution; attributionNote?: string } {
  const unowned = sockets.filter((s) => s.process === undefined).length;
  if (unowned === 0) return { attribution: 'complete' };
  const attribution: Attribution = unowned === sockets.length ? 'none' : 'partial';
  const count = `${unowned} of ${sockets.length} listening sockets have no owning process in this listing.`;
  if (!context.privileged) {
    const how = context.platform === 'win32'
      ? 'Run it again from an elevated (Administrator) prompt to see every owner.'
      : 'Run it again as root (with sudo) to see every owner: without it, only your own processes are shown.';
    return { attribution, attributionNote: `${count} ${how}` };
  }
  const why = context.platform === 'linux'
    ? 'Even as root, a socket shows no owner when its process lives in another PID namespace (a container) or when the kernel itself holds it (NFS, WireGuard). Look inside the containers on this host for those ports.'
    : 'Even with full privileges, the kernel holds some sockets itself, and a process can close between two reads.';
  return { attribution, attributionNote: `${count} ${why}` };
}
