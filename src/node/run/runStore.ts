// Run records on disk: one JSON file per run, `<dir>/<runId>.json`.
//
// Writes are atomic (atomicWrite.ts). A save holds the run's lock
// (runLock.ts) across read-check-write and refuses to replace a record whose
// revision is newer than the one this store last read or wrote for that run:
// another window saved in between, and overwriting would lose its update. A
// record on disk that this version cannot read (damaged, older or newer
// schema) is reported and never overwritten.
//
// Every read goes through readBoundedFile: a FIFO, a device or a directory
// named `*.json` in the folder is reported as an unreadable entry, never
// waited on, and the other records still list. A record whose file name and
// run id differ is refused when loaded, before anything runs on it.
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BoundedReadError, readBoundedText } from '../files/readBoundedFile';
import { isValidRunId } from '../../core/run/runId';
import type { RunRecord } from '../../core/run/types';
import { validateRunRecord } from '../../core/run/validateRecord';
import { fsyncDirectory, nodeAtomicWriteFs, parseTempName, writeFileAtomic, type AtomicWriteFs } from './atomicWrite';
import { processIsAlive, withRunLock, type LockOptions } from './runLock';

export type RunStoreErrorCode = 'bad-run-id' | 'not-found' | 'unreadable' | 'invalid-record' | 'too-large' | 'conflict';

export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
  constructor(
    readonly code: RunStoreErrorCode,
    message: string,
    readonly details: { readonly runId: string; readonly diskRevision?: number; readonly basedOn?: number } = { runId: '' },
  ) {
    super(message);
  }
}

export interface RunStoreOptions {
  /** The file system calls of atomic writes (tests inject crashes here). */
  readonly fs?: AtomicWriteFs;
  readonly lock?: LockOptions;
}

export interface SaveOptions {
  /** The revision the caller's record was derived from; defaults to the one this store last loaded or saved. */
  readonly basedOn?: number;
}

export interface RunList {
  /** Newest first. */
  readonly records: RunRecord[];
  /** Files that are not readable records, each with what to do; the files are left as they are. */
  readonly problems: { readonly file: string; readonly message: string }[];
}

/** Far above any real record (a /16 sweep's findings with their packets); a larger file is not ours. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

// Hidden files (lock flags, temporaries) stay out of version control.
const GITIGNORE = '# Written by dht-runbook: lock flags and temporary files of saves in progress.\n.*\n!.gitignore\n';

export class RunStore {
  /** The revision this store last read or wrote, per run: what a save must find on disk. */
  private readonly known = new Map<string, number>();

  constructor(readonly dir: string, private readonly options: RunStoreOptions = {}) {}

  pathOf(runId: string): string {
    if (!isValidRunId(runId)) throw new RunStoreError('bad-run-id', `${JSON.stringify(runId)} is not a valid run id.`, { runId });
    return join(this.dir, `${runId}.json`);
  }

  async save(record: RunRecord, options: SaveOptions = {}): Promise<RunRecord> {
    const valid = validateRunRecord(record);
    if (!valid.ok) throw new RunStoreError('invalid-record', `Not saved: ${valid.message}`, { runId: record.runId });
    const path = this.pathOf(record.runId);
    const text = `${JSON.stringify(record, null, 2)}\n`;
    // load() refuses a larger file, so writing one would leave the run stuck.
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_RECORD_BYTES) {
      throw new RunStoreError('too-large',
        `Not saved: run ${record.runId} would be ${bytes} bytes, over the ${MAX_RECORD_BYTES}-byte limit of a run record, and a larger record could not be loaded again. ` +
        'Split the work: fewer targets per run, or merge fewer hosts per fleet run. Nothing was written.', { runId: record.runId });
    }
    await this.ensureDirectory();
    await withRunLock(this.dir, record.runId, async () => {
      const onDisk = await this.readRecord(record.runId, path);
      if (onDisk !== undefined) this.checkNotStale(record, onDisk.revision, options.basedOn ?? this.known.get(record.runId));
      await writeFileAtomic(path, text, this.options.fs ?? nodeAtomicWriteFs);
      await this.removeDeadTemporaries(record.runId);
    }, this.options.lock);
    this.known.set(record.runId, record.revision);
    return record;
  }

  async load(runId: string): Promise<RunRecord> {
    const path = this.pathOf(runId);
    const record = await this.readRecord(runId, path);
    if (record === undefined) throw new RunStoreError('not-found', `There is no run ${runId} in ${this.dir}.`, { runId });
    this.known.set(runId, record.revision);
    return record;
  }

  async list(): Promise<RunList> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return { records: [], problems: [] };
      throw error;
    }
    const records: RunRecord[] = [];
    const problems: { file: string; message: string }[] = [];
    for (const file of names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort()) {
      const result = await this.readFile(join(this.dir, file));
      if (!result.ok) problems.push({ file, message: result.message });
      else if (`${result.record.runId}.json` !== file) {
        problems.push({ file, message: `Record ${file} holds run ${result.record.runId}; a record's file is named after its run id. It was left untouched.` });
      } else {
        // Listing does not update `known`: a session's record in this window may derive from an older revision.
        records.push(result.record);
      }
    }
    records.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runId.localeCompare(a.runId));
    return { records, problems };
  }

  private checkNotStale(record: RunRecord, diskRevision: number, basedOn: number | undefined): void {
    const details = { runId: record.runId, diskRevision, ...(basedOn === undefined ? {} : { basedOn }) };
    if (basedOn === undefined) {
      throw new RunStoreError('conflict', `Not saved: run ${record.runId} is already on disk at revision ${diskRevision}, and this window never loaded it. Load it, then apply the change again.`, details);
    }
    if (diskRevision > basedOn) {
      throw new RunStoreError('conflict', `Not saved: run ${record.runId} was saved elsewhere (another window or the CLI) at revision ${diskRevision} after this window read revision ${basedOn}. Reload it, then apply the change again.`, details);
    }
    if (record.revision <= diskRevision) {
      throw new RunStoreError('conflict', `Not saved: this copy of run ${record.runId} (revision ${record.revision}) is not newer than the one on disk (revision ${diskRevision}).`, details);
    }
  }

  /** The record on disk, undefined when there is none; throws when the file is there but unreadable. */
  private async readRecord(runId: string, path: string): Promise<RunRecord | undefined> {
    const result = await this.readFile(path);
    if (!result.ok) {
      if (result.missing) return undefined;
      throw new RunStoreError('unreadable', result.message, { runId });
    }
    // Saving it back would write a second file for the other id; running checks on it would be wasted.
    if (result.record.runId !== runId) {
      throw new RunStoreError('invalid-record',
        `Record ${basename(path)} holds run ${result.record.runId}, not ${runId}; a record's file is named after its run id. ` +
        `Rename the file to ${result.record.runId}.json if that is the run you meant. It was left untouched.`, { runId });
    }
    return result.record;
  }

  private async readFile(path: string): Promise<{ ok: true; record: RunRecord } | { ok: false; missing: boolean; message: string }> {
    let text: string;
    try {
      text = await readBoundedText(path, { maxBytes: MAX_RECORD_BYTES, what: 'run record' });
    } catch (error) {
      if (error instanceof BoundedReadError && error.code === 'missing') return { ok: false, missing: true, message: `${basename(path)} does not exist.` };
      return { ok: false, missing: false, message: `Record ${basename(path)} could not be read: ${(error as Error).message} It was left untouched.` };
    }
    const result = validateRunRecord(text, basename(path));
    return result.ok ? result : { ok: false, missing: false, message: result.message };
  }

  /** Creates the folder on first use, durably, with a .gitignore for the hidden working files. */
  private async ensureDirectory(): Promise<void> {
    const created = await makeDirectories(this.dir);
    if (created === undefined) return;
    // `created` is the topmost folder made: its entry in its parent must reach the disk too.
    await fsp.writeFile(join(this.dir, '.gitignore'), GITIGNORE, { flag: 'wx' }).catch((error: unknown) => {
      if (!isCode(error, 'EEXIST')) throw error;
    });
    await fsyncDirectory(dirname(created), this.options.fs ?? nodeAtomicWriteFs);
  }

  /** Temporary files of this run's saves whose process died mid-write. */
  private async removeDeadTemporaries(runId: string): Promise<void> {
    const isAlive = this.options.lock?.isAlive ?? processIsAlive;
    for (const name of await fsp.readdir(this.dir)) {
      const temp = parseTempName(name);
      if (temp?.target === `${runId}.json` && temp.pid !== process.pid && !isAlive(temp.pid)) {
        await fsp.unlink(join(this.dir, name)).catch(() => undefined);
      }
    }
  }
}

/**
 * `mkdir -p` that stops at the first error it cannot get past. Node's own
 * recursive mkdir loops forever on a path such as /proc/self/missing/x, where
 * the kernel answers ENOENT for the parent it just tried to create, spinning
 * at full CPU. Here each path component costs one stat and at most one mkdir,
 * and any error other than "missing" ends the walk. Returns the
 * topmost folder created, undefined when the folder was already there.
 */
export async function makeDirectories(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    let isDirectory: boolean;
    try {
      isDirectory = (await fsp.stat(current)).isDirectory();
    } catch (error) {
      // ENOTDIR: a parent is a file; walking up finds it and says so.
      if (!isCode(error, 'ENOENT') && !isCode(error, 'ENOTDIR')) throw folderError(dir, current, error);
      missing.push(current);
      if (dirname(current) === current) throw folderError(dir, current, error);
      continue;
    }
    if (!isDirectory) throw new Error(`Cannot create the record folder ${dir}: ${current} is not a folder. Choose another folder.`);
    break;
  }
  for (const folder of missing.reverse()) {
    try {
      await fsp.mkdir(folder);
    } catch (error) {
      if (isCode(error, 'EEXIST') && (await fsp.stat(folder).then((s) => s.isDirectory(), () => false))) continue;
      throw folderError(dir, folder, error);
    }
  }
  return missing[0];
}

function folderError(dir: string, step: string, error: unknown): Error {
  return new Error(`Cannot create the record folder ${dir}: creating ${step} failed (${(error as Error).message}). Choose a folder you can write to.`);
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
