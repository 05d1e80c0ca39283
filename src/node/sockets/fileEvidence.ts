// Reads a small system file and keeps it as evidence, the way runTool keeps
// a command's output.
import { readFile } from 'node:fs/promises';
import type { ToolEvidence } from '../../core/sockets/types';

/** Kernel tables are small; a cap still keeps a strange host from filling memory. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface FileRead {
  text?: string;
  evidence: ToolEvidence;
}

export async function readFileEvidence(path: string): Promise<FileRead> {
  try {
    const bytes = await readFile(path);
    const truncated = bytes.length > MAX_FILE_BYTES;
    const text = bytes.subarray(0, MAX_FILE_BYTES).toString('utf8');
    const evidence: ToolEvidence = { command: 'read-file', args: [path], rawOutput: text };
    if (truncated) evidence.truncated = true;
    return { text, evidence };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { evidence: { command: 'read-file', args: [path], rawOutput: '', error: `${path} could not be read (${code}).` } };
  }
}
