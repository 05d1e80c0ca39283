// Tests that need root, a network namespace or a Debian package skip with a
// printed reason on a developer's machine that lacks them, and fail in CI,
// where .ci/run installs everything so that they always run.
import { spawnSync } from 'node:child_process';

export function missingPrerequisite(commands: string[], needsRoot: boolean): string | undefined {
  if (needsRoot && process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const command of commands) {
    if (spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0) {
      return `needs ${command} (install it with: sudo bash scripts/install-system-packages.sh)`;
    }
  }
  return undefined;
}

/** Returns the skip reason to pass to node:test, or throws in CI. */
export function skipUnlessAvailable(commands: string[], needsRoot: boolean): string | false {
  const missing = missingPrerequisite(commands, needsRoot);
  if (!missing) return false;
  if (process.env.CI) throw new Error(`CI must run this test, but it ${missing}`);
  console.log(`# skipped: ${missing}`);
  return missing;
}
