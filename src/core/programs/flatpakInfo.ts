// /.flatpak-info, which flatpak writes into every sandbox (read from outside
// as /proc/<pid>/root/.flatpak-info): an INI file whose [Application] name is
// the app id and whose [Instance] app-path is where the app is installed.
// Format: flatpak-metadata(5), "The .flatpak-info file".

export interface FlatpakInfo {
  readonly appId?: string;
  readonly runtime?: string;
  readonly appPath?: string;
  readonly branch?: string;
  readonly instanceId?: string;
}

export function parseFlatpakInfo(text: string): FlatpakInfo {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      current = sections.get(header[1]) ?? new Map();
      sections.set(header[1], current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current !== undefined && eq > 0) current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const app = sections.get('Application');
  const instance = sections.get('Instance');
  const info: Record<string, string> = {};
  const put = (key: keyof FlatpakInfo, value: string | undefined): void => { if (value !== undefined && value !== '') info[key] = value; };
  put('appId', app?.get('name'));
  put('runtime', app?.get('runtime'));
  put('appPath', instance?.get('app-path'));
  put('branch', instance?.get('branch'));
  put('instanceId', instance?.get('instance-id'));
  return info;
}

/** The app id in flatpak's systemd scope name, `app-flatpak-<appid>-<number>.scope`. */
export function flatpakAppOfScope(scope: string | undefined): string | undefined {
  const escaped = scope === undefined ? undefined : /^app-flatpak-(.+)-\d+\.scope$/.exec(scope)?.[1];
  // flatpak escapes the app id as a systemd unit name: a `-` in it reads `\x2d`.
  return escaped?.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The app id in an installation path: /var/lib/flatpak/app/<id>/ or ~/.local/share/flatpak/app/<id>/. */
export function flatpakAppOfPath(path: string): { appId: string; user: boolean } | undefined {
  const match = /^(?:\/var\/lib\/flatpak|(\/.+)\/\.local\/share\/flatpak)\/app\/([^/]+)\//.exec(path);
  return match?.[2] === undefined ? undefined : { appId: match[2], user: match[1] !== undefined };
}
