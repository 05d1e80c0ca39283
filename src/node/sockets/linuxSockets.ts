// Linux listings from one source each: `ss`, `netstat`, `lsof`, or the
// kernel tables under /proc/net joined to /proc/<pid>/fd socket links.
import { endianness } from 'node:os';
import { attachOwnersByInode } from '../../core/sockets/attachProcesses';
import { LSOF_RUNS, parseLsof } from '../../core/sockets/parseLsof';
import { NETSTAT_LINUX_ARGS, parseNetstatLinux } from '../../core/sockets/parseNetstatLinux';
import { parseProcNet, type ProcNetTable } from '../../core/sockets/parseProcNet';
import { parseSs, SS_ARGS } from '../../core/sockets/parseSs';
import { withoutPartialLastLine } from '../../core/sockets/parserSupport';
import type { ListeningSocket, SocketParseResult, ToolEvidence } from '../../core/sockets/types';
import { readFileEvidence } from './fileEvidence';
import { findSocketOwners } from './procProcesses';
import { evidenceOf, runTool, type RunToolOptions } from './runTool';

export type LinuxSource = 'ss' | 'netstat' | 'proc' | 'lsof';

/**
 * A source either gave a listing or could not be used, and says why.
 * `truncated` says some output was cut at the size limit, so rows are missing.
 */
export type SourceAttempt =
  | { ok: true; sockets: ListeningSocket[]; warnings: string[]; evidence: ToolEvidence[]; truncated?: boolean }
  | { ok: false; why: string; evidence: ToolEvidence[] };

const TOOLS: Record<Exclude<LinuxSource, 'proc'>, { runs: readonly (readonly string[])[]; parse: (text: string) => SocketParseResult }> = {
  ss: { runs: [SS_ARGS], parse: parseSs },
  netstat: { runs: [NETSTAT_LINUX_ARGS], parse: parseNetstatLinux },
  lsof: { runs: LSOF_RUNS, parse: parseLsof },
};

export function readLinuxSource(source: LinuxSource, options: RunToolOptions = {}): Promise<SourceAttempt> {
  return source === 'proc' ? readProcNet() : readTool(source, options);
}

async function readTool(source: Exclude<LinuxSource, 'proc'>, options: RunToolOptions): Promise<SourceAttempt> {
  const { runs, parse } = TOOLS[source];
  const evidence: ToolEvidence[] = [];
  const sockets: ListeningSocket[] = [];
  const warnings: string[] = [];
  let truncated = false;
  for (const args of runs) {
    const run = await runTool(source, args, options);
    evidence.push(evidenceOf(run));
    // lsof exits 1 when a selection matched nothing (no UDP socket at all);
    // with no message on stderr, that is an empty answer, not a failure.
    const lsofFoundNothing = source === 'lsof' && run.exitCode === 1 && run.stderr.trim() === '';
    if (run.truncated) {
      truncated = true;
      warnings.push(run.error ?? `${source} output was cut.`);
    } else if (run.error !== undefined) {
      return { ok: false, why: run.error, evidence };
    } else if (run.exitCode !== 0 && !lsofFoundNothing) {
      return { ok: false, why: `${source} exited with code ${run.exitCode}: ${run.stderr.trim().slice(0, 200) || 'no message'}`, evidence };
    }
    const parsed = parse(run.truncated ? withoutPartialLastLine(run.stdout) : run.stdout);
    sockets.push(...parsed.sockets);
    warnings.push(...parsed.warnings);
  }
  return { ok: true, sockets, warnings, evidence, ...(truncated ? { truncated } : {}) };
}

const PROC_TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

async function readProcNet(procRoot = '/proc'): Promise<SourceAttempt> {
  const evidence: ToolEvidence[] = [];
  const warnings: string[] = [];
  let sockets: ListeningSocket[] = [];
  let tablesRead = 0;
  let truncated = false;
  const littleEndian = endianness() === 'LE';
  for (const table of PROC_TABLES) {
    const read = await readFileEvidence(`${procRoot}/net/${table}`);
    evidence.push(read.evidence);
    if (read.text === undefined) {
      // tcp6 and udp6 are absent when IPv6 is off; that is worth saying, not failing for.
      warnings.push(read.evidence.error ?? `${procRoot}/net/${table} could not be read.`);
      continue;
    }
    tablesRead++;
    if (read.evidence.truncated === true) {
      truncated = true;
      warnings.push(`${procRoot}/net/${table} is larger than the size limit; the rows after the cut are missing.`);
    }
    const parsed = parseProcNet(table, read.evidence.truncated === true ? withoutPartialLastLine(read.text) : read.text, { littleEndian });
    sockets.push(...parsed.sockets);
    warnings.push(...parsed.warnings.map((w) => `${table}: ${w}`));
  }
  if (tablesRead === 0) return { ok: false, why: `None of ${procRoot}/net/{tcp,tcp6,udp,udp6} could be read.`, evidence };
  const inodes = new Set(sockets.flatMap((s) => (s.inode === undefined || s.inode === 0 ? [] : [s.inode])));
  const scan = await findSocketOwners(inodes, procRoot);
  sockets = attachOwnersByInode(sockets, scan.ownersByInode);
  evidence.push({ command: 'readlink', args: [`${procRoot}/<pid>/fd/<fd>`], rawOutput: scan.evidenceLines.join('\n') });
  if (scan.unreadableProcesses > 0) {
    warnings.push(`The open files of ${scan.unreadableProcesses} processes could not be read, so their sockets show no owner.`);
  }
  return { ok: true, sockets, warnings, evidence, ...(truncated ? { truncated } : {}) };
}
