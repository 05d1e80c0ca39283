// `npm start`: opens the extension for real use.
// With a desktop VS Code on the PATH: `code --extensionDevelopmentPath=<repo>`.
// Without one: the provisioned code-server serves the workbench on 127.0.0.1
// only, with a fresh random password, and prints the URL to open.
// RUNBOOK_START_HOST=code-server forces the second; PORT picks its port.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
const server = spawn(process.execPath, [
  join(repo, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js'),
  '--auth', 'password', '--bind-addr', `127.0.0.1:${port}`,
  '--user-data-dir', join(state, 'user-data'), '--extensions-dir', join(state, 'extensions'),
  '--disable-telemetry', '--disable-update-check', workspace,
], { env: { ...process.env, PASSWORD: password }, stdio: ['ignore', 'inherit', 'inherit'] });

const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repo}`]]);
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
setTimeout(() => {
  console.log('\nThe extension is loaded in code-server (VS Code in the browser), on this machine only.');
  console.log(`Open:     ${url}`);
  console.log(`Password: ${password}`);
  console.log('Then run "Runbook: Open Runbook" from the command palette. Ctrl+C stops the server.\n');
}, 1500);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: "${command} ${args.join(' ')}" failed`);
    process.exit(1);
  }
}
