// What starts the process, from its cgroup (/proc/<pid>/cgroup, read by
// parseCgroup): a system unit, a user's own unit (under user@<uid>.service),
// a snap's service, or nothing that a service manager would restart. A
// `.scope` is never a service: a login session, a container, a flatpak app
// (app-flatpak-<appid>-<n>.scope) or a snap app started by hand.
import { parseCgroup } from '../sockets/parseCgroup';
import { flatpakAppOfScope } from './flatpakInfo';
import type { ServiceFacts } from './types';

/** `snap.<snap>.<app>.service` → `<snap>.<app>` (snap names hold no dots; app names neither). */
export function snapAppOfUnit(unit: string): string | undefined {
  const match = /^snap\.([a-z0-9][a-z0-9-]*(?:_[a-z0-9]+)?)\.([a-zA-Z0-9][a-zA-Z0-9-]*)\.service$/.exec(unit);
  return match === null ? undefined : `${match[1]}.${match[2]}`;
}

/** The service facts for a cgroup file; `users` maps uids to login names. */
export function serviceFromCgroup(cgroup: string, users: ReadonlyMap<number, string> = new Map()): ServiceFacts {
  const placement = parseCgroup(cgroup);
  if (placement === undefined) return { manager: 'none', reason: 'The cgroup file names no systemd hierarchy, so systemd does not manage this process.' };
  // A unit name that breaks systemd's rules came from a hostile cgroup directory: never a value for a command.
  if (placement.refusedUnit !== undefined) return { manager: 'none', reason: placement.refusedUnit.reason };
  const unit = placement.serviceUnit;
  if (unit !== undefined) {
    if (placement.userUnit === true) {
      const uid = placement.userUid;
      const user = uid === undefined ? undefined : users.get(uid);
      return { manager: 'systemd', scope: 'user', unit, ...(uid === undefined ? {} : { uid }), ...(user === undefined ? {} : { user }) };
    }
    const snapApp = snapAppOfUnit(unit);
    return { manager: 'systemd', scope: 'system', unit, ...(snapApp === undefined ? {} : { snapApp }) };
  }
  const scope = placement.scope;
  if (scope !== undefined) {
    const flatpak = flatpakAppOfScope(scope);
    if (flatpak !== undefined) return { manager: 'none', reason: `No service runs it: ${scope} is the scope flatpak makes for each run of the app ${flatpak}; it was started from a desktop session, not by a service.` };
    if (/^snap\./.test(scope)) return { manager: 'none', reason: `No service runs it: ${scope} is the scope snapd makes when a snap's app is started by hand; it is not one of the snap's services.` };
    return { manager: 'none', reason: `No service runs it: the process lives in ${scope}, a login session or a container, so it was started by hand or by that container.` };
  }
  return { manager: 'none', reason: `No service runs it: its cgroup is "${placement.path}", outside any systemd unit (systemd may not be the init system here).` };
}

/** The innermost `.scope` of a cgroup file (flatpak and snap apps run in one). */
export function cgroupScope(cgroup: string): string | undefined {
  return parseCgroup(cgroup)?.scope;
}
