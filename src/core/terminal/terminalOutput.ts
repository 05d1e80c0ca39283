// A command's terminal output as the record keeps it: text without escape
// sequences, bounded in size, fed chunk by chunk as the terminal streams it.
import { BoundedOutput, DEFAULT_OUTPUT_LIMIT, type CollectedOutput } from './boundedOutput';
import { createTerminalTextStripper } from './stripTerminalSequences';

export interface TerminalOutputCollector {
  push(rawChunk: string): void;
  /** The text; chunks pushed after this are ignored (a stream may still flush after the end). */
  finish(): CollectedOutput;
}

export function createTerminalOutputCollector(limit = DEFAULT_OUTPUT_LIMIT): TerminalOutputCollector {
  const stripper = createTerminalTextStripper();
  const output = new BoundedOutput(limit);
  let finished: CollectedOutput | undefined;
  return {
    push(rawChunk: string): void {
      if (!finished) output.push(stripper.push(rawChunk));
    },
    finish(): CollectedOutput {
      if (!finished) {
        output.push(stripper.end());
        finished = output.result();
      }
      return finished;
    },
  };
}
