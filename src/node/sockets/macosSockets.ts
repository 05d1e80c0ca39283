// macOS listings: lsof when it is there (it names every owner when run as
// root), else `netstat -anvW`, once for TCP and once for UDP.
import { NETSTAT_MACOS_ARGS, parseNetstatMacos } from '../../core/sockets/parseNetstatMacos';
import type { ListeningSocket, ToolEvidence } from '../../core/sockets/types';
import type { SourceAttempt } from './linuxSockets';
import { readLinuxSource } from './linuxSockets';
import { evidenceOf, runTool } from './runTool';

/** lsof's field output is the same on macOS as on Linux, so the Linux reader serves. */
export function readLsof(timeoutMs: number | undefined): Promise<SourceAttempt> {
  return readLinuxSource('lsof', timeoutMs === undefined ? {} : { timeoutMs });
}

export async function readNetstatMacos(timeoutMs: number | undefined): Promise<SourceAttempt> {
  const evidence: ToolEvidence[] = [];
  const sockets: ListeningSocket[] = [];
  const warnings: string[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const run = await runTool('netstat', NETSTAT_MACOS_ARGS(protocol), timeoutMs === undefined ? {} : { timeoutMs });
    evidence.push(evidenceOf(run));
    if (run.error !== undefined || run.exitCode !== 0) {
      return { ok: false, why: run.error ?? `netstat exited with code ${run.exitCode}: ${run.stderr.trim().slice(0, 200)}`, evidence };
    }
    const parsed = parseNetstatMacos(run.stdout);
    sockets.push(...parsed.sockets);
    warnings.push(...parsed.warnings);
  }
  return { ok: true, sockets, warnings, evidence };
}
