// What every socket parser needs: lines, bounded warnings, and one way to
// merge the rows that name the same socket.
import type { ListeningSocket, SocketProcess } from './types';

/** Lines longer than this are rejected before any pattern sees them. */
export const MAX_LINE_LENGTH = 4096;
const MAX_WARNINGS = 50;
const EXCERPT_LENGTH = 120;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

/**
 * Output cut at a size limit without its partial last line: a half row can
 * still look like a whole one (`127.0.0.1:6881` cut to `127.0.0.1:68`).
 */
export function withoutPartialLastLine(text: string): string {
  const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return end < 0 ? '' : text.slice(0, end + 1);
}

/** Warnings with a cap, so hostile output cannot grow a report without end. */
export class WarningList {
  private readonly items: string[] = [];
  private dropped = 0;

  add(message: string): void {
    if (this.items.length < MAX_WARNINGS) this.items.push(message);
    else this.dropped++;
  }

  /** Records a line the parser did not understand. */
  skipped(lineNumber: number, line: string, why: string): void {
    this.add(`Line ${lineNumber} skipped (${why}): ${excerpt(line)}`);
  }

  toArray(): string[] {
    return this.dropped === 0 ? [...this.items] : [...this.items, `${this.dropped} more warnings left out.`];
  }
}

/** A short, printable, quoted copy of untrusted text. */
export function excerpt(text: string): string {
  const cut = text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}...` : text;
  return JSON.stringify(cut);
}

function socketKey(socket: ListeningSocket): string {
  return [socket.protocol, socket.family, socket.localAddress, socket.localPort, socket.interface ?? '', socket.inode ?? ''].join('|');
}

/**
 * Merges rows for one socket (the same address and port, and the same inode
 * when known) into one entry that lists every process holding it. Tools print
 * a socket once per process or once per file descriptor.
 */
export function mergeSocketRows(rows: ListeningSocket[]): ListeningSocket[] {
  const merged = new Map<string, ListeningSocket>();
  for (const row of rows) {
    const key = socketKey(row);
    const existing = merged.get(key);
    if (existing === undefined) {
      merged.set(key, { ...row });
      continue;
    }
    for (const holder of [row.process, ...(row.otherProcesses ?? [])]) {
      if (holder !== undefined) addHolder(existing, holder);
    }
  }
  return [...merged.values()];
}

function addHolder(socket: ListeningSocket, holder: SocketProcess): void {
  const known = [socket.process, ...(socket.otherProcesses ?? [])];
  if (known.some((p) => p?.pid === holder.pid)) return;
  if (socket.process === undefined) socket.process = holder;
  else socket.otherProcesses = [...(socket.otherProcesses ?? []), holder];
}

/** Every process of a socket, the first holder first. */
export function holdersOf(socket: ListeningSocket): SocketProcess[] {
  return socket.process === undefined ? [] : [socket.process, ...(socket.otherProcesses ?? [])];
}
