import { runCli } from './runCli';

// Ctrl+C stops a sweep at once; the partial result is still printed.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }, controller.signal)
  .then((code) => { process.exitCode = code; })
  .catch((error: unknown) => {
    process.stderr.write(`dht-runbook: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
