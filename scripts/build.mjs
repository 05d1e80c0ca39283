// Builds every bundle with esbuild. tsc only type-checks (npm run typecheck).
//   (no flag)   extension + CLI, with source maps, for development
//   --release   extension + CLI, minified, no source maps (what the .vsix ships)
//   --tests     development bundles plus unit, integration and benchmark bundles
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const release = args.includes('--release');
const tests = args.includes('--tests');
// `--unit <dir> --out <dir>` bundles only the unit tests under one folder into
// a folder of its own, so that several people can run their tests at once.
const unitOnly = args.includes('--unit') ? args[args.indexOf('--unit') + 1] : undefined;
const outOnly = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'out';

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir, suffix) {
  const found = [];
  let names = [];
  try { names = readdirSync(dir); } catch { return found; }
  for (const name of names) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, suffix));
    else if (name.endsWith(suffix)) found.push(full);
  }
  return found;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  sourcemap: release ? false : 'linked',
  minify: release,
  legalComments: release ? 'none' : 'inline',
};

if (unitOnly) {
  await esbuild.build({
    ...common, sourcemap: 'linked', minify: false, format: 'esm', packages: 'external',
    entryPoints: filesUnder(unitOnly, '.test.ts'), outbase: '.', outdir: outOnly, outExtension: { '.js': '.mjs' },
  });
  process.exit(0);
}

rmSync('dist', { recursive: true, force: true });
const builds = [
  esbuild.build({ ...common, format: 'cjs', entryPoints: { extension: 'src/extension/extension.ts', runbookParseWorker: 'src/node/runbook/parseWorker.ts' }, outdir: 'dist', external: ['vscode'] }),
  esbuild.build({ ...common, format: 'cjs', entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
];

if (tests) {
  rmSync('out', { recursive: true, force: true });
  // Unit tests and benchmarks: ES modules run by Node directly; packages stay external.
  builds.push(esbuild.build({
    ...common, sourcemap: 'linked', minify: false, format: 'esm', packages: 'external',
    entryPoints: [...filesUnder('test/unit', '.test.ts'), ...filesUnder('bench', '.ts')],
    outbase: '.', outdir: 'out', outExtension: { '.js': '.mjs' },
  }));
  // Integration tests run inside the VS Code extension host, which loads CommonJS.
  builds.push(esbuild.build({
    ...common, sourcemap: 'linked', minify: false, format: 'cjs',
    entryPoints: [...filesUnder('test/integration', '.ts')],
    outbase: '.', outdir: 'out', external: ['vscode', 'mocha'],
  }));
}
await Promise.all(builds);
