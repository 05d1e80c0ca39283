// The one way to read a file whose path a user or another program chose (a
// runbook named on the command line, a run record in a shared folder, a
// report to import). Such a path can name a FIFO (opening it blocks until a
// writer comes, and a read never ends), a device (/dev/zero never ends), a
// directory, or a file far larger than anything we expect. So:
//   1. lstat: the path must be a regular file. A symlink is followed only when
//      its target is a regular file (editors and dotfile managers link
//      runbooks; a link to a FIFO or a device is refused like the thing itself).
//   2. open with O_NONBLOCK: a FIFO swapped in between lstat and open returns
//      at once instead of blocking (on a regular file the flag does nothing).
//   3. fstat the opened descriptor: what we actually opened must be a regular
//      file within the cap, whatever the path names by now.
//   4. read in chunks, never past the cap: a file that grows while we read is
//      refused when it passes the cap, not read to the end.
// Every refusal is a BoundedReadError saying what the path is and what to do.
import { constants, promises as fsp, type Stats } from 'node:fs';

export type BoundedReadErrorCode = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export class BoundedReadError extends Error {
  override readonly name = 'BoundedReadError';
  constructor(
    readonly code: BoundedReadErrorCode,
    readonly path: string,
    message: string,
    /** For 'not-regular': what the path is ("a FIFO (named pipe)", "a directory", ...). */
    readonly kind?: string,
  ) {
    super(message);
  }
}

export interface BoundedReadOptions {
  /** The most bytes to read; a larger file is refused. */
  readonly maxBytes: number;
  /** What the file is for the user ("runbook", "run record"), used in messages. */
  readonly what?: string;
}

/** What a non-regular file is, in words. */
export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

const CHUNK = 64 * 1024;
// Windows has no O_NONBLOCK (and no FIFOs in the file system); 0 leaves the flags as they are.
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOCTTY = constants.O_NOCTTY ?? 0;

export interface OpenedBoundedFile {
  readonly handle: fsp.FileHandle;
  /** fstat of the opened descriptor: a regular file of at most maxBytes when it was opened. */
  readonly stats: Stats;
}

/**
 * Steps 1 to 3: the regular file at `path`, opened read-only and checked again
 * through its descriptor; throws BoundedReadError otherwise. The caller reads
 * (never past maxBytes: the file may grow) and closes the handle.
 */
export async function openBoundedFile(path: string, options: BoundedReadOptions): Promise<OpenedBoundedFile> {
  const what = options.what ?? 'file';
  await checkPath(path, options.maxBytes, what);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, constants.O_RDONLY | NONBLOCK | NOCTTY);
  } catch (error) {
    throw fromSystemError(error, path, what);
  }
  try {
    const stats = await handle.stat();
    checkStats(stats, path, options.maxBytes, what);
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The bytes of the regular file at `path`, at most `maxBytes` of them; throws BoundedReadError otherwise. */
export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<Buffer> {
  const { handle } = await openBoundedFile(path, options);
  try {
    return await readUpTo(handle, path, options.maxBytes, options.what ?? 'file');
  } finally {
    await handle.close();
  }
}

/** As readBoundedFile, decoded as UTF-8 (a BOM is kept: the caller decides about it). */
export async function readBoundedText(path: string, options: BoundedReadOptions): Promise<string> {
  return (await readBoundedFile(path, options)).toString('utf8');
}

async function checkPath(path: string, maxBytes: number, what: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await fsp.lstat(path);
    // A link is judged by what it points to; stat follows every link in the chain.
    if (stats.isSymbolicLink()) stats = await fsp.stat(path);
  } catch (error) {
    throw fromSystemError(error, path, what);
  }
  checkStats(stats, path, maxBytes, what);
}

function checkStats(stats: Stats, path: string, maxBytes: number, what: string): void {
  if (!stats.isFile()) {
    const kind = kindOf(stats);
    throw new BoundedReadError('not-regular', path, `The ${what} ${path} is ${kind}, not a regular file: give the path of a regular file.`, kind);
  }
  if (stats.size > maxBytes) throw tooLarge(path, stats.size, maxBytes, what);
}

async function readUpTo(handle: fsp.FileHandle, path: string, maxBytes: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // One byte past the cap tells "exactly at the cap" from "over it".
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(path, undefined, maxBytes, what);
    chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}

/** `size` undefined: the file grew past the cap while being read. */
function tooLarge(path: string, size: number | undefined, maxBytes: number, what: string): BoundedReadError {
  const sizeText = size === undefined ? `more than ${maxBytes} bytes (it grew while being read)` : `${size} bytes`;
  return new BoundedReadError('too-large', path, `The ${what} ${path} is ${sizeText}; the limit is ${maxBytes} bytes. Check that it is the file you meant.`);
}

function fromSystemError(error: unknown, path: string, what: string): BoundedReadError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new BoundedReadError('missing', path, `There is no ${what} at ${path}.`);
  if (code === 'ENOTDIR') return new BoundedReadError('missing', path, `There is no ${what} at ${path}: a part of the path is not a directory.`);
  if (code === 'ELOOP') return new BoundedReadError('unreadable', path, `The ${what} ${path} is a loop of symbolic links: give the path of a regular file.`);
  if (code === 'EACCES' || code === 'EPERM') return new BoundedReadError('unreadable', path, `The ${what} ${path} cannot be read: permission denied. Check its permissions.`);
  return new BoundedReadError('unreadable', path, `The ${what} ${path} could not be read: ${(error as Error).message}.`);
}
