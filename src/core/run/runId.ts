// Run ids that sort by start time and are safe as file names everywhere
// (no ':' for Windows). The random part comes from the caller: core has no
// random source of its own.
import { RUN_ID_PATTERN } from './recordShape';

/** "2025-01-31T09:30:00.123Z" + "3f9a2c" -> "20250131T093000Z-3f9a2c". */
export function newRunId(startedAt: string, randomHex: string): string {
  const stamp = startedAt.replace(/\.\d+/, '').replace(/[-:]/g, '');
  const id = `${stamp}-${randomHex.toLowerCase()}`;
  if (!RUN_ID_PATTERN.test(id) || !/^[0-9a-f]{4,32}$/.test(randomHex.toLowerCase())) {
    throw new RangeError(`Cannot make a run id from ${JSON.stringify(startedAt)} and ${JSON.stringify(randomHex)}.`);
  }
  return id;
}

export function isValidRunId(runId: string): boolean {
  return RUN_ID_PATTERN.test(runId);
}
