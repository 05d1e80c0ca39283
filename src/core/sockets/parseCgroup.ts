// Finds the systemd unit that runs a process from /proc/<pid>/cgroup:
//   0::/system.slice/transmission-daemon.service                        (cgroup v2)
//   1:name=systemd:/system.slice/transmission-daemon.service            (cgroup v1)
//   0::/user.slice/user-1000.slice/user@1000.service/app.slice/qbittorrent.service
// The innermost `.service` names the unit. A `.scope` is not a service: it
// is a login session or a container, which the user must stop another way.

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
