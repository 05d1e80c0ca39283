import { handleInterrupts } from './interrupts';
import { writeError } from './output';
import { runCli } from './runCli';

// Ctrl+C or SIGTERM stops any command: a sweep reports what it found so far,
// then the process exits 130 or 143 (interrupts.ts).
const interrupts = handleInterrupts({ stderr: process.stderr });
const io = { stdout: process.stdout, stderr: process.stderr };

runCli(process.argv.slice(2), io, interrupts.signal)
  .then((code) => finish(code))
  .catch((error: unknown) => {
    writeError(io, '', error instanceof Error ? error.message : String(error));
    finish(2);
  });

function finish(code: number): void {
  const interrupted = interrupts.exitCode();
  // Interrupted: exit now, so nothing left running (a tool we gave up on) keeps us alive.
  if (interrupted !== undefined) process.exit(interrupted);
  process.exitCode = code;
}
