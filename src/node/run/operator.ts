// Who runs the runbook, and where: the OS account and the host name. Falls
// back to the environment where the OS cannot say (a container whose uid has
// no passwd entry makes os.userInfo throw).
import { hostname, userInfo } from 'node:os';
import type { Operator } from '../../core/run/types';

export interface OperatorSources {
  readonly userInfo: () => { readonly username: string; readonly uid: number };
  readonly hostname: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const nodeSources: OperatorSources = { userInfo: () => userInfo(), hostname, env: process.env };

export function currentOperator(sources: OperatorSources = nodeSources): Operator {
  return { user: currentUser(sources), host: currentHost(sources) };
}

function currentUser(sources: OperatorSources): string {
  let uid: number | undefined;
  try {
    const info = sources.userInfo();
    if (info.username.trim() !== '') return info.username;
    uid = info.uid;
  } catch {
    // No passwd entry: the environment may still name the user.
  }
  const fromEnv = firstSet(sources.env, ['USER', 'LOGNAME', 'USERNAME']);
  if (fromEnv !== undefined) return fromEnv;
  return uid !== undefined && uid >= 0 ? `uid ${uid}` : 'unknown user';
}

function currentHost(sources: OperatorSources): string {
  try {
    const name = sources.hostname().trim();
    if (name !== '') return name;
  } catch {
    // Fall through to the environment.
  }
  return firstSet(sources.env, ['HOSTNAME', 'COMPUTERNAME']) ?? 'unknown host';
}

function firstSet(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
