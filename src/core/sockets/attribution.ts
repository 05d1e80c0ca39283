// Says whether a listing names the owner of every socket, and if not, what
// the user can do about it.
import type { Attribution, ListeningSocket } from './types';

export interface AttributionContext {
  /** Whether the listing ran as root or Administrator. */
  privileged: boolean;
  platform: 'linux' | 'darwin' | 'win32' | string;
}

export function attributionOf(sockets: readonly ListeningSocket[], context: AttributionContext): { attribution: Attribution; attributionNote?: string } {
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
