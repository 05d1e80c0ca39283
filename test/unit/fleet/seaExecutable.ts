// The CLI's single executable (scripts/sea-build.mjs) for tests: reused when it
// is newer than every source it is built from, built otherwise (about 20 s and
// 100 MB). SKIP_SEA=1 skips the tests that need it, with the reason printed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SEA_PATH = join(process.cwd(), 'dist-cli', `dht-runbook-${process.platform}-${process.arch}`);

/** The skip reason when SKIP_SEA=1 (printed, never silent), else false. */
export function seaSkipReason(): string | false {
  if (process.env.SKIP_SEA !== '1') return false;
  const reason = 'SKIP_SEA=1: the single executable (about 100 MB, 20 s to build) was not built';
  console.log(`# skipped: ${reason}`);
  return reason;
}

/** The path of an up-to-date single executable, built now if missing or older than its sources. */
export function ensureSeaExecutable(): string {
  if (existsSync(SEA_PATH) && statSync(SEA_PATH).mtimeMs > newestSource()) return SEA_PATH;
  execFileSync(process.execPath, ['scripts/sea-build.mjs', '--out', SEA_PATH], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  return SEA_PATH;
}

function newestSource(): number {
  return Math.max(...['src', 'runbooks', 'scripts/sea-build.mjs', 'package-lock.json'].map((p) => newestUnder(p)));
}

function newestUnder(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestUnder(join(path, name))));
}
