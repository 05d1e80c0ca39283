// What the command palette really lists for a query, read from the workbench.
import * as vscode from 'vscode';
import { fillInWorkbench, pressKey, queryWebview } from '../browserBridge';

const QUICK_INPUT = '.quick-input-widget input.input';

/** Command palette entries shown for a query (none when nothing matches). */
export async function paletteEntries(query: string): Promise<string[]> {
  await vscode.commands.executeCommand('workbench.action.showCommands');
  await fillInWorkbench(QUICK_INPUT, `>${query}`);
  await new Promise((r) => setTimeout(r, 600));
  const rows = (await queryWebview('.quick-input-list .monaco-list-row', 1_500).catch(() => [])).map((e) => e.text);
  await pressKey('Escape');
  return rows;
}
