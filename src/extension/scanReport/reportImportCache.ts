// The CodeLens's imports, kept per file while the file stays the same. The
// editor asks for lenses often (on opening, on scrolling back, after edits),
// and each import streams, parses and hashes the whole report, which can be
// gigabytes. A stat says whether the file on disk changed; only then is it
// imported again. Free of 'vscode', so it is unit-tested on real files.
import { stat } from 'node:fs/promises';

/** The stat fields the stamp is made of. */
export type StatFile = (path: string) => Promise<{ readonly mtimeMs: number; readonly ctimeMs: number; readonly size: number }>;

/** Few reports are open at once; a closed one is forgotten anyway (registerScanReport). */
const MAX_ENTRIES = 8;

export class ReportImportCache<T> {
  private readonly entries = new Map<string, { stamp: string; result: Promise<T> }>();

  constructor(
    private readonly load: (path: string) => Promise<T>,
    private readonly statFile: StatFile = stat,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /**
   * The import of `path`: the held one while its modification time and size
   * (and change time, which a chmod moves: a refusal for want of permission
   * is not kept past one) are those it was imported at, else a new one.
   * A refusal is held like a result: an unchanged file is refused the same way.
   */
  async get(path: string): Promise<T> {
    let stamp: string;
    try {
      const s = await this.statFile(path);
      stamp = `${s.mtimeMs}:${s.ctimeMs}:${s.size}`;
    } catch {
      // Missing or not examinable: the import itself says why, in its own words, and nothing is held.
      this.entries.delete(path);
      return this.load(path);
    }
    const held = this.entries.get(path);
    // Re-inserted on every use, so the first key is the least recently used.
    this.entries.delete(path);
    if (held?.stamp === stamp) {
      this.entries.set(path, held);
      return held.result;
    }
    const result = this.load(path);
    this.entries.set(path, { stamp, result });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return result;
  }

  forget(path: string): void {
    this.entries.delete(path);
  }
}
