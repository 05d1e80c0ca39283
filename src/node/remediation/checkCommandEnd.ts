// After a command marked `ends:` exited 0: was its end seen? For a process,
// wait (up to 10 s) for that very process to be gone; for a program, look
// whether its file is still there. The rule of what to check is in
// src/core/remediation/commandEnd.ts; this is the looking.
import { lstat } from 'node:fs/promises';
import { programEndSeen, type EndCheck, type EndSeen } from '../../core/remediation/commandEnd';
import { awaitProcessExit, describeProcessExit } from './awaitProcessExit';

export async function checkCommandEnd(check: EndCheck, signal?: AbortSignal): Promise<EndSeen> {
  if (check.ends === 'process') {
    const { finding } = check;
    const wait = await awaitProcessExit(finding.pid, finding.processName, finding.program?.process.startTicks, signal === undefined ? {} : { signal });
    return { effect: { ends: 'process', seen: wait.unknown === true ? 'unknown' : wait.ended ? 'yes' : 'no' }, line: describeProcessExit(wait) };
  }
  return programEndSeen(check.path, await stillThere(check.path));
}

/** lstat, not stat: a dangling symlink left behind is still something left behind. */
async function stillThere(path: string): Promise<boolean | undefined> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? false : undefined;
  }
}
