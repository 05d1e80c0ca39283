// Runs the integration tests in a real VS Code extension host, headless and
// offline: code-server (VS Code's server build) serves the workbench, Debian's
// Chromium shows it, and the workbench reports the tests' exit code back.
// Recipe: ../shared/docs/vscode-headless-tests.md. Also serves a small HTTP
// "browser bridge" on loopback so tests can read and click inside webviews.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort, waitForHttp } from './net.mjs';

const repo = resolve(import.meta.dirname, '../..');
const codeServerEntry = join(repo, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIME_LIMIT_MS = Number(process.env.RUNBOOK_TEST_TIME_LIMIT_MS ?? 15 * 60_000);
const outputDir = join(repo, 'test-output');

export async function runInCodeServer({ workspace }) {
  if (!existsSync(codeServerEntry)) throw new Error(`code-server is not provisioned (${codeServerEntry}); run scripts/provision-code-server.sh`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install the Debian package "chromium" (apt-get install chromium)`);
  mkdirSync(outputDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-it-'));
  const resultsFile = join(scratch, 'results.json');
  writeUserSettings(join(scratch, 'user-data'));
  const port = await freePort();
  const bridge = await startBridge();
  const server = spawn(process.execPath, [
    codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', join(scratch, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace,
  ], {
    env: { ...process.env, RUNBOOK_TEST_RESULTS: resultsFile, RUNBOOK_TEST_BRIDGE: bridge.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverLog = '';
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });

  let browser;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    bridge.page = page;
    const exitCode = new Promise((resolveExit) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = Array.isArray(args) ? format(...args) : String(args);
        process.stdout.write(`${line}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(join(repo, 'out/test/integration/index'))],
    ]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`integration tests did not finish within ${TIME_LIMIT_MS / 1000} s`)), TIME_LIMIT_MS).unref());
    const code = await Promise.race([exitCode, timeout]);
    const counts = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
    return { code, counts };
  } catch (error) {
    process.stderr.write(`--- code-server log ---\n${serverLog.slice(-4000)}\n`);
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    server.kill('SIGTERM');
    bridge.server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The HTTP endpoints tests call through test/integration/browserBridge.ts. */
async function startBridge() {
  const state = { page: undefined };
  const handlers = {
    '/query': async ({ selector, timeoutMs }) => {
      return await pollFrames(state.page, selector, timeoutMs ?? 20_000, async (handle) => handle.evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent ?? '', html: e.outerHTML }))));
    },
    '/click': async ({ selector, timeoutMs }) => {
      const clicked = await pollFrames(state.page, selector, timeoutMs ?? 20_000, async (handle) => { await handle.first().click(); return [true]; });
      return { clicked: clicked.length > 0 };
    },
    '/fill': async ({ selector, text, timeoutMs }) => {
      const filled = await pollFrames(state.page, selector, timeoutMs ?? 20_000, async (handle) => { await handle.first().fill(String(text)); return [true]; });
      return { filled: filled.length > 0 };
    },
    '/press': async ({ key }) => {
      await state.page.keyboard.press(String(key));
      return { pressed: true };
    },
    '/screenshot': async ({ name }) => {
      const safe = String(name).replace(/[^a-z0-9-]/gi, '_');
      const path = join(outputDir, `${safe}.png`);
      await state.page.screenshot({ path });
      return { path };
    },
  };
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const handler = handlers[req.url ?? ''];
      if (!handler || !state.page) throw new Error(`no handler for ${req.url} or no page yet`);
      const result = await handler(JSON.parse(body || '{}'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      res.writeHead(500).end(String(error?.stack ?? error));
    }
  });
  const port = await new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
  return Object.assign(state, { server, url: `http://127.0.0.1:${port}` });
}

/** Looks through every frame (webviews are nested iframes) until `selector` matches. */
async function pollFrames(page, selector, timeoutMs, act) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      try {
        const locator = frame.locator(selector);
        if ((await locator.count()) > 0) {
          const items = await act(locator);
          return items.map((item) => (typeof item === 'object' ? { frameUrl: frame.url(), ...item } : item));
        }
      } catch {
        // A webview frame can be replaced while we read it; look again.
      }
    }
    if (Date.now() > end) throw new Error(`no frame holds ${selector} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Quiet the workbench for tests: no welcome page, no git prompt over the panels. */
function writeUserSettings(userDataDir) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'git.openRepositoryInParentFolders': 'never',
    'git.enabled': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
  }, null, 2));
}
