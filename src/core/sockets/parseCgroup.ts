// Finds the systemd unit that runs a process from /proc/<pid>/cgroup:
//   0::/system.slice/transmission-daemon.service                        (cgroup v2)
//   1:name=systemd:/system.slice/transmission-daemon.service            (cgroup v1)
//   0::/user.slice/user-1000.slice/user@1000.service/app.slice/qbittorrent.service
// The innermost `.service` names the unit. A `.scope` is not a service: it
// is a login session or a container, which the user must stop another way.
//
// A process with write access to a cgroup hierarchy can create a directory of
// any name and move itself into it, so a name read here is accepted as a unit
// only when it passes systemd's own rules for unit names; otherwise the
// placement has no unit and says why.
import { systemdUnitNameProblem } from '../runbook/placeholderRules';

export interface CgroupPlacement {
  /** The cgroup path the unit was read from. */
  path: string;
  /** The innermost `.service` unit, e.g. `transmission-daemon.service`. */
  serviceUnit?: string;
  /** True when the service is a user's own unit (`systemctl --user`). */
  userUnit?: boolean;
  /** The uid of the user manager that runs a user unit. */
  userUid?: number;
  /** The innermost `.scope` (a login session or a container), when there is no service. */
  scope?: string;
  /** A `.service` or `.scope` directory whose name is not a valid unit name: no unit is named, and this says why. */
  refusedUnit?: { name: string; reason: string };
}

export function parseCgroup(text: string): CgroupPlacement | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // Prefer the unified hierarchy, then systemd's own v1 hierarchy.
  const line = lines.find((l) => l.startsWith('0::')) ?? lines.find((l) => /^\d+:name=systemd:/.test(l));
  if (line === undefined) return undefined;
  const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const parts = path.split('/').filter((p) => p !== '');
  const placement: CgroupPlacement = { path };
  const service = [...parts].reverse().find((p) => p.endsWith('.service') && !/^user@\d+\.service$/.test(p));
  const userManager = parts.find((p) => /^user@\d+\.service$/.test(p));
  const refused = refusal(service) ?? (service === undefined ? refusal([...parts].reverse().find((p) => p.endsWith('.scope'))) : undefined);
  if (refused !== undefined) {
    placement.refusedUnit = refused;
    return placement;
  }
  if (service !== undefined) {
    placement.serviceUnit = service;
    if (userManager !== undefined && parts.indexOf(userManager) < parts.indexOf(service)) {
      placement.userUnit = true;
      placement.userUid = Number(/\d+/.exec(userManager)?.[0]);
    }
    return placement;
  }
  const scope = [...parts].reverse().find((p) => p.endsWith('.scope'));
  if (scope !== undefined) placement.scope = scope;
  return placement;
}

function refusal(name: string | undefined): { name: string; reason: string } | undefined {
  if (name === undefined) return undefined;
  const problem = systemdUnitNameProblem(name);
  if (problem === undefined) return undefined;
  return {
    name,
    reason: `The cgroup directory ${JSON.stringify(name)} is not a valid systemd unit name (${problem}). Any process allowed to write to the cgroup tree can create and name such a directory, so no unit is named from it.`,
  };
}
