// Reads Windows `tasklist /fo csv /nh`: one quoted CSV record per process,
//   "svchost.exe","1060","Services","0","12,345 K"
// Image name and pid are what we need; the memory column's number format
// follows the locale, so it is kept as text.
import { excerpt, MAX_LINE_LENGTH, splitLines, WarningList } from './parserSupport';

/** The arguments this parser expects `tasklist` to have been run with. */
export const TASKLIST_ARGS = ['/fo', 'csv', '/nh'] as const;

export interface TasklistEntry {
  name: string;
  pid: number;
  sessionName?: string;
  sessionNumber?: number;
  memory?: string;
}

export interface TasklistParseResult {
  processes: TasklistEntry[];
  warnings: string[];
}

export function parseTasklist(output: string): TasklistParseResult {
  const warnings = new WarningList();
  const processes: TasklistEntry[] = [];
  splitLines(output).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (trimmed.length > MAX_LINE_LENGTH) return warnings.skipped(index + 1, trimmed, 'line too long');
    // "INFO: No tasks are running which match the specified criteria."
    if (/^INFO:/.test(trimmed)) return warnings.add(`tasklist said: ${excerpt(trimmed)}`);
    const fields = parseCsvRecord(trimmed);
    const [name, pid, sessionName, sessionNumber, memory] = fields ?? [];
    if (fields === undefined || name === undefined || name === '' || pid === undefined || !/^\d{1,10}$/.test(pid)) {
      return warnings.skipped(index + 1, trimmed, 'not a tasklist CSV record');
    }
    const entry: TasklistEntry = { name, pid: Number(pid) };
    if (sessionName !== undefined) entry.sessionName = sessionName;
    if (sessionNumber !== undefined && /^\d+$/.test(sessionNumber)) entry.sessionNumber = Number(sessionNumber);
    if (memory !== undefined) entry.memory = memory;
    processes.push(entry);
  });
  return { processes, warnings: warnings.toArray() };
}

/** One CSV record with quoted fields and `""` escapes; undefined when malformed. */
export function parseCsvRecord(line: string): string[] | undefined {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let value = '';
      at++;
      for (;;) {
        const quote = line.indexOf('"', at);
        if (quote < 0) return undefined;
        value += line.slice(at, quote);
        at = quote + 1;
        if (line[at] === '"') { value += '"'; at++; continue; }
        break;
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', at);
      const end = comma < 0 ? line.length : comma;
      const value = line.slice(at, end);
      if (value.includes('"')) return undefined;
      fields.push(value);
      at = end;
    }
    if (at === line.length) return fields;
    if (line[at] !== ',') return undefined;
    at++;
  }
}
