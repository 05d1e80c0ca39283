// The facts about this machine that decide how a remediation command is
// written: which OS's command, which shell quoting, and whether `sudo` is
// dropped (root), kept, or impossible (no sudo installed).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { CommandContext } from '../../core/remediation/commandPlan';
import type { CommandOs } from '../../core/runbook/model';
import type { CommandShell } from '../../core/runbook/placeholders';

export function currentOs(platform: NodeJS.Platform = process.platform): CommandOs {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'macos' : 'linux';
}

/** Whether an executable of this name is on PATH: a file (a folder is searchable, hence "executable", too). */
export function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).filter((dir) => dir !== '').some((dir) => {
    try {
      const candidate = join(dir, name);
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

export function currentCommandContext(shell: CommandShell = process.platform === 'win32' ? 'powershell' : 'posix'): CommandContext {
  return {
    os: currentOs(),
    shell,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasSudo: process.platform !== 'win32' && onPath('sudo'),
  };
}
