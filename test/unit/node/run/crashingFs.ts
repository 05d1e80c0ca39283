// An AtomicWriteFs that "crashes" after a chosen number of system calls: the
// call that reaches the limit completes, then it and every later call throw,
// as if the process had died there. Nothing runs after a real crash, so the
// cleanup that writeFileAtomic attempts on failure must fail too.
import { nodeAtomicWriteFs, type AtomicWriteFs, type SyncableFile } from '../../../../src/node/run/atomicWrite';

export class SimulatedCrash extends Error {
  constructor(readonly afterCall: string) {
    super(`simulated crash after ${afterCall}`);
  }
}

export interface CrashingFs extends AtomicWriteFs {
  /** The calls made so far, in order: "create temp", "write temp", ... */
  readonly calls: string[];
  /** Closes what the "dead" process left open, as the OS would. */
  osCleanup(): Promise<void>;
}

/** Crashes after call number `crashAfter` (1-based); Infinity never crashes and only records. */
export function crashingFs(crashAfter: number): CrashingFs {
  const calls: string[] = [];
  const opened: SyncableFile[] = [];
  let dead = false;
  async function call<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (dead) throw new SimulatedCrash('an earlier call');
    const result = await run();
    calls.push(name);
    if (calls.length >= crashAfter) {
      dead = true;
      throw new SimulatedCrash(name);
    }
    return result;
  }
  const wrap = (file: SyncableFile, what: string): SyncableFile => ({
    write: (data) => call(`write ${what}`, () => file.write(data)),
    sync: () => call(`fsync ${what}`, () => file.sync()),
    close: () => call(`close ${what}`, () => file.close()),
  });
  const track = (file: SyncableFile): SyncableFile => {
    opened.push(file);
    return file;
  };
  return {
    calls,
    async osCleanup() {
      for (const file of opened) await file.close().catch(() => undefined);
    },
    createExclusive: (path) => call('create temp', async () => wrap(track(await nodeAtomicWriteFs.createExclusive(path)), 'temp')),
    openDirectory: (path) => call('open directory', async () => {
      const dir = await nodeAtomicWriteFs.openDirectory(path);
      return dir === undefined ? undefined : wrap(track(dir), 'directory');
    }),
    rename: (from, to) => call('rename', () => nodeAtomicWriteFs.rename(from, to)),
    unlink: (path) => call('unlink', () => nodeAtomicWriteFs.unlink(path)),
  };
}

/** The calls of one successful writeFileAtomic, in order (Linux and macOS). */
export const WRITE_CALLS = ['create temp', 'write temp', 'fsync temp', 'close temp', 'rename', 'open directory', 'fsync directory', 'close directory'];
