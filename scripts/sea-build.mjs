// Builds the CLI as one executable that runs on a host without Node.js
// (Node's single executable applications; /work/shared/docs/single-executable.md):
//   1. bundle src/cli/main.ts into one CommonJS file (a SEA may not require files beside it);
//   2. write the SEA blob with the bundled runbooks as assets (src/cli/runCommand.ts reads
//      them with node:sea's getAsset when it runs as a SEA);
//   3. copy this Node binary and inject the blob with postject.
// The result is for this machine's OS and architecture: dist-cli/dht-runbook-<os>-<arch>.
//   node scripts/sea-build.mjs [--out FILE]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The sentinel Node's SEA loader looks for; fixed by Node, the same for every version with SEA.
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const args = process.argv.slice(2);
const outArg = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
const output = resolve(outArg ?? join('dist-cli', `dht-runbook-${process.platform}-${process.arch}`));

const partial = `${output}.partial-${process.pid}`;
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'dht-runbook-sea-'));
try {
  const bundle = join(work, 'cli.js');
  await esbuild.build({
    entryPoints: ['src/cli/main.ts'], outfile: bundle, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', minify: true, sourcemap: false, legalComments: 'none', logLevel: 'warning',
  });

  // Every bundled runbook, under the key loadRunbook asks for: runbooks/<id>.md.
  const assets = Object.fromEntries(readdirSync('runbooks').filter((n) => n.endsWith('.md')).map((n) => [`runbooks/${n}`, resolve('runbooks', n)]));
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, assets }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

  // Built beside the output and renamed into place, so a reader never sees a half-written executable.
  mkdirSync(dirname(output), { recursive: true });
  copyFileSync(process.execPath, partial);
  chmodSync(partial, 0o755);
  const { inject } = createRequire(import.meta.url)('postject');
  // postject warns "Can't find string offset for section name" for each of Node's ELF notes; it is
  // harmless on Linux (the recipe's note), so only that warning is held back.
  const warn = console.warn;
  console.warn = (...parts) => { if (!/Can't find string offset for section name/.test(parts.join(' '))) warn(...parts); };
  try {
    await inject(partial, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SENTINEL_FUSE, ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}) });
  } finally {
    console.warn = warn;
  }

  // The executable must answer before it replaces anything.
  const help = execFileSync(partial, ['probe', '--help'], { encoding: 'utf8', env: { PATH: '' } });
  if (!help.includes('probe')) throw new Error(`the built executable did not print the probe usage:\n${help}`);
  renameSync(partial, output);

  const megabytes = (statSync(output).size / 1e6).toFixed(1);
  console.log(`${output}: ${megabytes} MB, ${Object.keys(assets).length} runbook(s) embedded, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`single executable not built: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(partial, { force: true });
}
