// The entry of the worker thread that parses a large runbook (see
// parseInWorker.ts). Bundled on its own as dist/runbookParseWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { parseRunbook } from '../../core/runbook/parseRunbook';

parentPort?.postMessage(parseRunbook(String(workerData)));
