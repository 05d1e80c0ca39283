// Opens a report file for streaming with openBoundedFile (regular files only,
// lstat first, O_NONBLOCK, fstat what was opened, a size cap checked before
// opening and here while reading), and yields its bytes in chunks while
// hashing them, so a report of hundreds of megabytes is read in flat memory.
import { createHash } from 'node:crypto';
import { BoundedReadError, openBoundedFile } from '../files/readBoundedFile';

const CHUNK = 256 * 1024;

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
  const { handle: opened, stats } = await openBoundedFile(path, { maxBytes, what });
  const hash = createHash('sha256');
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
