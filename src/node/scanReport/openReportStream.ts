// Opens a report file for streaming by the same rules as readBoundedFile
// (regular files only, lstat first, O_NONBLOCK, fstat what was opened, a size
// cap checked before and while reading), and yields its bytes in chunks while
// hashing them, so a report of hundreds of megabytes is read in flat memory.
import { createHash } from 'node:crypto';
import { constants, promises as fsp, type Stats } from 'node:fs';
import { BoundedReadError, kindOf } from '../files/readBoundedFile';

const CHUNK = 256 * 1024;
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOCTTY = constants.O_NOCTTY ?? 0;

export interface ReportStream {
  readonly size: number;
  /** The file's chunks, in order; throws BoundedReadError if it grows past the cap. */
  chunks(): AsyncGenerator<Buffer>;
  /** The SHA-256 of every byte yielded so far, hex. */
  sha256(): string;
  /** The first bytes, without consuming them (format detection). */
  head(bytes: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openReportStream(path: string, maxBytes: number): Promise<ReportStream> {
  const what = 'scan report';
  let stats: Stats;
  try {
    stats = await fsp.lstat(path);
    if (stats.isSymbolicLink()) stats = await fsp.stat(path);
  } catch (error) {
    throw systemError(error, path);
  }
  check(stats, path, maxBytes, what);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, constants.O_RDONLY | NONBLOCK | NOCTTY);
  } catch (error) {
    throw systemError(error, path);
  }
  try {
    stats = await handle.stat();
    check(stats, path, maxBytes, what);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const hash = createHash('sha256');
  const opened = handle;
  return {
    size: stats.size,
    async *chunks() {
      let total = 0;
      let position = 0;
      for (;;) {
        const buffer = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await opened.read(buffer, 0, CHUNK, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        total += bytesRead;
        if (total > maxBytes) throw new BoundedReadError('too-large', path, `The ${what} ${path} grew past the limit of ${maxBytes} bytes while being read. Import it once the scanner has finished writing it.`);
        const chunk = bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead);
        hash.update(chunk);
        yield chunk;
      }
    },
    sha256: () => hash.copy().digest('hex'),
    async head(bytes: number) {
      const buffer = Buffer.alloc(Math.min(bytes, Math.max(stats.size, 0)));
      const { bytesRead } = await opened.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    },
    close: () => opened.close(),
  };
}

function check(stats: Stats, path: string, maxBytes: number, what: string): void {
  if (!stats.isFile()) {
    const kind = kindOf(stats);
    throw new BoundedReadError('not-regular', path, `The ${what} ${path} is ${kind}, not a regular file: give the path of a regular file.`, kind);
  }
  if (stats.size > maxBytes) throw new BoundedReadError('too-large', path, `The ${what} ${path} is ${stats.size} bytes; the limit is ${maxBytes} bytes. Check that it is the file you meant.`);
}

function systemError(error: unknown, path: string): BoundedReadError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new BoundedReadError('missing', path, `There is no scan report at ${path}.`);
  if (code === 'EACCES' || code === 'EPERM') return new BoundedReadError('unreadable', path, `The scan report ${path} cannot be read: permission denied. Check its permissions.`);
  return new BoundedReadError('unreadable', path, `The scan report ${path} could not be read: ${(error as Error).message}.`);
}
