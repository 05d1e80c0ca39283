// The shell for remediation terminals, chosen on this machine: see
// src/core/terminal/terminalShell.ts for why these arguments.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { chooseTerminalShell, type TerminalShellChoice } from '../../core/terminal/terminalShell';

export type { TerminalShellChoice };

export function chooseShellForTerminal(): TerminalShellChoice {
  const terminalConfig = vscode.workspace.getConfiguration('terminal.integrated');
  const platformKey = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
  // The terminal inherits the extension host's variables plus the person's terminal.integrated.env.* ones.
  const fromSettings = Object.keys(terminalConfig.get<Record<string, unknown>>(`env.${platformKey}`) ?? {});
  return chooseTerminalShell({
    platform: process.platform,
    appRoot: vscode.env.appRoot,
    shellIntegrationEnabled: terminalConfig.get<boolean>('shellIntegration.enabled', true),
    exists: (path) => existsSync(path),
    inheritedEnvNames: [...Object.keys(process.env), ...fromSettings],
    systemRoot: process.env.SystemRoot,
    programFiles: process.env.ProgramFiles,
  });
}
