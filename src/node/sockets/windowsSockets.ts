// Windows listing: `netstat -ano` gives every socket with its pid (even
// unelevated); `tasklist /fo csv /nh` turns the pids into image names.
import { enrichProcesses } from '../../core/sockets/attachProcesses';
import { NETSTAT_WINDOWS_ARGS, parseNetstatWindows } from '../../core/sockets/parseNetstatWindows';
import { parseTasklist, TASKLIST_ARGS } from '../../core/sockets/parseTasklist';
import type { SocketProcess } from '../../core/sockets/types';
import type { SourceAttempt } from './linuxSockets';
import { evidenceOf, runTool } from './runTool';

export async function readNetstatWindows(timeoutMs: number | undefined): Promise<SourceAttempt> {
  const options = timeoutMs === undefined ? {} : { timeoutMs };
  const netstat = await runTool('netstat', NETSTAT_WINDOWS_ARGS, options);
  const evidence = [evidenceOf(netstat)];
  if (netstat.error !== undefined || netstat.exitCode !== 0) {
    return { ok: false, why: netstat.error ?? `netstat exited with code ${netstat.exitCode}`, evidence };
  }
  const parsed = parseNetstatWindows(netstat.stdout);
  const warnings = [...parsed.warnings];
  const tasklist = await runTool('tasklist', TASKLIST_ARGS, options);
  evidence.push(evidenceOf(tasklist));
  if (tasklist.error !== undefined || tasklist.exitCode !== 0) {
    warnings.push(`Process names are missing: ${tasklist.error ?? `tasklist exited with code ${tasklist.exitCode}`}`);
    return { ok: true, sockets: parsed.sockets, warnings, evidence };
  }
  const names = parseTasklist(tasklist.stdout);
  warnings.push(...names.warnings.map((w) => `tasklist: ${w}`));
  const byPid = new Map<number, Partial<SocketProcess>>(names.processes.map((p) => [p.pid, { name: p.name }]));
  return { ok: true, sockets: enrichProcesses(parsed.sockets, byPid), warnings, evidence };
}
