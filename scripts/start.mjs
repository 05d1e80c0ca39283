/* global AbortSignal */
// `npm start`: opens the extension for real use.
// With a desktop VS Code on the PATH: `code --extensionDevelopmentPath=<repo>`.
// Without one: the provisioned code-server serves the workbench on 127.0.0.1
// only, with a fresh random password. Its own log goes to a file we name, so
// that the URL and the password, printed once the server answers /healthz,
// stay the last lines on screen.
// RUNBOOK_START_HOST=code-server forces the second; PORT picks its port.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const READY_TIMEOUT_MS = 120_000;

const repo = resolve(import.meta.dirname, '..');
const workspace = join(repo, 'examples/workspace');

run('node', [join(repo, 'scripts/build.mjs')]);

const hasDesktopCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode && process.env.RUNBOOK_START_HOST !== 'code-server') {
  console.log('Starting VS Code with the extension loaded from this folder.');
  run('code', [`--extensionDevelopmentPath=${repo}`, workspace]);
  process.exit(0);
}

run('bash', [join(repo, 'scripts/provision-code-server.sh')]);
const port = Number(process.env.PORT ?? 8080);
const password = randomBytes(12).toString('base64url');
const state = join(repo, '.vscode-test/start');
mkdirSync(state, { recursive: true });
const logPath = join(repo, '.vscode-test/code-server.log');
const log = openSync(logPath, 'w');
const startedAt = Date.now();
const LOOPBACK_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' });
const server = spawn(process.execPath, [
  join(repo, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js'),
  '--auth', 'password', '--bind-addr', `127.0.0.1:${port}`,
  '--user-data-dir', join(state, 'user-data'), '--extensions-dir', join(state, 'extensions'),
  '--disable-telemetry', '--disable-update-check', workspace,
  // No extension gallery unless one is set: this workbench is for the extension under
  // development, and code-server would otherwise reach out to its gallery by itself.
], { env: { ...process.env, PASSWORD: password, EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? LOOPBACK_GALLERY }, stdio: ['ignore', log, log] });

let exited = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
server.on('exit', (code, signal) => {
  exited = true;
  if (code !== 0 && signal === null) {
    console.error(`npm start: code-server stopped with exit code ${code}. The end of its log (${logPath}):\n${tail(logPath)}`);
  }
  process.exit(code ?? 0);
});

const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repo}`]]);
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
console.log(`Starting code-server on 127.0.0.1:${port}; its log goes to ${relative(process.cwd(), logPath) || logPath}.`);
if (await ready(`http://127.0.0.1:${port}/healthz`)) {
  console.log(`\ncode-server is ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s: VS Code in the browser, with the extension loaded, on this machine only.`);
  console.log(`log: ${logPath}`);
  console.log('In the browser, open the command palette and type "Runbook". Ctrl+C here stops the server.');
  console.log(`Open:     ${url}`);
  console.log(`Password: ${password}`);
} else if (!exited) {
  console.error(`npm start: code-server did not answer http://127.0.0.1:${port}/healthz within ${READY_TIMEOUT_MS / 1000} s. The end of its log (${logPath}):\n${tail(logPath)}`);
  server.kill('SIGTERM');
  process.exitCode = 1;
}

/** Polls code-server's health endpoint on loopback until it answers 200, the server exits, or time runs out. */
async function ready(healthz) {
  const end = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < end) {
    try {
      const response = await fetch(healthz, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function tail(path) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: "${command} ${args.join(' ')}" failed`);
    process.exit(1);
  }
}
