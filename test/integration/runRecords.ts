// Reads run records the extension wrote into the test workspace.
import * as vscode from 'vscode';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordOnDisk {
  runId: string;
  runbook: { id: string };
  steps: Record<string, { status: string; results: { kind: string }[] }>;
}

export function runRecordsDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return join(folder.uri.fsPath, '.runbook-runs');
}

export function readRunRecords(): RecordOnDisk[] {
  const dir = runRecordsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RecordOnDisk);
}
