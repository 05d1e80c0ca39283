// A second "window": a separate process that hammers a RunStore. Bundled and
// spawned by concurrentStore.test.ts; prints one JSON line with its counts.
//   own:    creates its own run and saves it `count` times
//   shared: appends `count` results to a run another process also writes,
//           reloading and retrying whenever the store reports a conflict
import { addResult } from '../../../../src/core/run/runState';
import { RunStore, RunStoreError } from '../../../../src/node/run/runStore';
import { at, newRun } from '../../core/run/fixtures';

interface Job {
  readonly dir: string;
  readonly runId: string;
  readonly mode: 'own' | 'shared';
  readonly count: number;
  readonly label: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const store = new RunStore(job.dir, { lock: { timeoutMs: 60_000 } });
const confirmation = (n: number) => ({ kind: 'confirm' as const, at: at(30, n % 60), statement: `${job.label} #${n}`, by: job.label });

async function own(): Promise<{ saves: number }> {
  let run = await store.save(newRun(job.runId));
  for (let n = 1; n <= job.count; n++) run = await store.save(addResult(run, 'list-sockets', confirmation(n), at(30)));
  return { saves: job.count + 1 };
}

async function shared(): Promise<{ successes: number; conflicts: number }> {
  let conflicts = 0;
  for (let n = 1; n <= job.count;) {
    const run = await store.load(job.runId);
    // A pause between read and write widens the window in which the other process saves.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    try {
      await store.save(addResult(run, 'list-sockets', confirmation(n), at(30)));
      n++;
    } catch (error) {
      if (!(error instanceof RunStoreError) || error.code !== 'conflict') throw error;
      conflicts++;
    }
  }
  return { successes: job.count, conflicts };
}

const result = job.mode === 'own' ? await own() : await shared();
process.stdout.write(`${JSON.stringify(result)}\n`);
