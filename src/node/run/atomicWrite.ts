// Replaces a file so that a crash at any moment leaves either the old
// complete file or the new complete one, never a mix or nothing:
//   1. write the data to a new temporary file in the same directory,
//   2. fsync it (its bytes are on disk before its name can point at them),
//   3. rename it over the target (atomic within one file system),
//   4. fsync the directory (the rename itself is on disk).
// Every system call goes through an AtomicWriteFs, so tests can stop the
// sequence after any one of them, as a crash would.
import { randomBytes } from 'node:crypto';
import { promises as fsp, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** An open file: the calls atomic writing makes on it. */
export interface SyncableFile {
  write(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface AtomicWriteFs {
  /** Creates a new file; fails if the name exists ('wx'). */
  createExclusive(path: string): Promise<SyncableFile>;
  /** Opens a directory for fsync; undefined where the OS cannot (Windows). */
  openDirectory(path: string): Promise<SyncableFile | undefined>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeAtomicWriteFs: AtomicWriteFs = {
  async createExclusive(path) {
    return fileOf(await fsp.open(path, 'wx', 0o644));
  },
  async openDirectory(path) {
    if (process.platform === 'win32') return undefined; // NTFS journals the rename; a directory cannot be opened for fsync.
    return fileOf(await fsp.open(path, 'r'));
  },
  rename: (from, to) => renameWithRetry(from, to),
  unlink: (path) => fsp.unlink(path),
};

function fileOf(handle: fsp.FileHandle): SyncableFile {
  return {
    async write(data) {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset, offset);
        offset += bytesWritten;
      }
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

/** Windows refuses a rename while a scanner or indexer holds the target open for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/** Hidden, in the target's directory (a rename across file systems is not atomic), unique per call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether a file name is one of writeFileAtomic's temporaries, and the pid that made it. */
export function parseTempName(name: string): { target: string; pid: number } | undefined {
  const match = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { target: match[1], pid: Number(match[2]) };
}

/**
 * Temporaries of saves in progress in this process. A process that must exit
 * before its saves finish (the CLI on a second Ctrl+C, or when a save does
 * not end within its grace) removes them with removeTemporariesInProgress, so
 * an interrupted save leaves the old record and nothing else.
 */
const inProgress = new Set<string>();

/** Deletes the temporaries of this process's unfinished saves; synchronous, for an exit path. Returns the paths removed. */
export function removeTemporariesInProgress(): string[] {
  const removed: string[] = [];
  for (const temp of inProgress) {
    try {
      unlinkSync(temp);
      removed.push(temp);
    } catch {
      // Already renamed into place or removed: nothing of ours is left there.
    }
  }
  inProgress.clear();
  return removed;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const temp = tempPathFor(path);
  // Registered before it exists: an exit during createExclusive must not miss it.
  inProgress.add(temp);
  let file: SyncableFile;
  try {
    file = await fs.createExclusive(temp);
  } catch (error) {
    inProgress.delete(temp);
    throw error;
  }
  let renamed = false;
  try {
    try {
      await file.write(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temp, path);
    renamed = true;
    inProgress.delete(temp);
    await fsyncDirectory(dirname(path), fs);
  } catch (error) {
    // A failure we live through (disk full, say) must not leave the temporary behind.
    if (!renamed) await fs.unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    inProgress.delete(temp);
  }
}

export async function fsyncDirectory(path: string, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<void> {
  const directory = await fs.openDirectory(path);
  if (directory === undefined) return;
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
