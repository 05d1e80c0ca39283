// Runs the integration tests in a real VS Code extension host, headless and
// offline: code-server (VS Code's server build) serves the workbench, Debian's
// Chromium shows it, and the workbench reports the tests' exit code back.
// How the tests run: docs/architecture.md, "The tests". Also serves a small HTTP
// "browser bridge" on loopback so tests can read and click inside webviews.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort, waitForHttp } from './net.mjs';

const repo = resolve(import.meta.dirname, '../..');
const codeServerEntry = join(repo, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOOPBACK_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item', resourceUrlTemplate: 'http://127.0.0.1:9/resource/{publisher}/{name}/{version}/{path}' });
const TIME_LIMIT_MS = Number(process.env.RUNBOOK_TEST_TIME_LIMIT_MS ?? 15 * 60_000);
const outputDir = join(repo, 'test-output');

/**
 * Runs the integration tests in stages. A stage is one page load of the
 * workbench, so one extension host; the stage's name (written to a file the
 * test entry reads) picks its suite folder. Stages that share a server share
 * its user data and workspace: "after-reload" is a real window reload.
 *   main          suite/*.test.js                 trusted workspace
 *   after-reload  suite/afterReload/*.test.js      same server, same workspace
 *   restricted    suite/restricted/*.test.js       new server, workspace trust on, untrusted folder
 */
export async function runInCodeServer({ workspace, restrictedWorkspace }) {
  if (!existsSync(codeServerEntry)) throw new Error(`code-server is not provisioned (${codeServerEntry}); run scripts/provision-code-server.sh`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install the Debian package "chromium" (apt-get install chromium)`);
  mkdirSync(outputDir, { recursive: true });
  const totals = { passed: 0, failed: 0, pending: 0 };
  let worst = 0;
  const add = ({ code, counts }) => {
    if (!counts) throw new Error(`the extension host exited with code ${code} before reporting any result`);
    totals.passed += counts.passed; totals.failed += counts.failed; totals.pending += counts.pending;
    worst = Math.max(worst, code);
  };
  const trusted = copyWorkspace(workspace);
  for (const result of await runServer({ workspace: trusted, trust: false, stages: ['main', 'after-reload'] })) add(result);
  if (restrictedWorkspace) {
    const untrusted = copyWorkspace(restrictedWorkspace);
    for (const result of await runServer({ workspace: untrusted, trust: true, stages: ['restricted'] })) add(result);
  }
  return { code: worst, counts: totals };
}

/** Tests write run records into their workspace: each run gets a fresh copy. */
function copyWorkspace(source) {
  const copy = mkdtempSync(join(tmpdir(), 'runbook-ws-'));
  cpSync(source, copy, { recursive: true });
  return copy;
}

async function runServer({ workspace, trust, stages }) {
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-it-'));
  const stageFile = join(scratch, 'stage.txt');
  writeUserSettings(join(scratch, 'user-data'), trust);
  const port = await freePort();
  const bridge = await startBridge();
  const server = spawn(process.execPath, [
    codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', join(scratch, 'extensions'),
    '--disable-telemetry', '--disable-update-check', ...(trust ? [] : ['--disable-workspace-trust']), workspace,
  ], {
    // code-server asks its extension gallery for updates by itself: point it at a closed
    // loopback port, so the tests never look up or reach any host but this one.
    env: { ...process.env, RUNBOOK_TEST_STAGE_FILE: stageFile, RUNBOOK_TEST_BRIDGE: bridge.url, EXTENSIONS_GALLERY: LOOPBACK_GALLERY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverLog = '';
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });

  let browser;
  const results = [];
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    bridge.page = page;
    let resolveExit = () => {};
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = Array.isArray(args) ? format(...args) : String(args);
      process.stdout.write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(join(repo, 'out/test/integration/index'))],
    ]);
    for (const stage of stages) {
      const resultsFile = join(scratch, `results-${stage}.json`);
      writeFileSync(stageFile, JSON.stringify({ stage, resultsFile }));
      const exitCode = new Promise((r) => { resolveExit = r; });
      console.log(`integration stage "${stage}" (workspace trust ${trust ? 'on' : 'off'})`);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`integration stage "${stage}" did not finish within ${TIME_LIMIT_MS / 1000} s`)), TIME_LIMIT_MS).unref());
      const code = await Promise.race([exitCode, timeout]);
      const counts = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
      results.push({ code, counts });
    }
    return results;
  } catch (error) {
    process.stderr.write(`--- code-server log ---\n${serverLog.slice(-4000)}\n`);
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    server.kill('SIGTERM');
    bridge.server.close();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
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
    '/style': async ({ selector, properties, timeoutMs }) => {
      return await pollFrames(state.page, selector, timeoutMs ?? 20_000, async (handle) => handle.evaluateAll((els, props) =>
        els.map((e) => { const s = e.ownerDocument.defaultView.getComputedStyle(e); return Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p).trim()])); }), properties));
    },
    '/press': async ({ key }) => {
      await state.page.keyboard.press(String(key));
      return { pressed: true };
    },
    // axe-core, the standard WCAG engine, run inside the webview frame that holds `selector`.
    // evaluate() goes through the debugger protocol, so the webview's CSP cannot refuse the script.
    '/axe': async ({ selector, tags, timeoutMs }) => {
      const source = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
      const values = tags ?? ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
      const audit = async (frame) => frame.evaluate(async (runOnly) => {
        const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: runOnly }, resultTypes: ['violations', 'incomplete'] });
        return {
          passes: result.passes.length,
          // "Needs review": what axe could not decide (text over an image, say), with its reason.
          incomplete: result.incomplete.map((r) => ({ id: r.id, nodes: r.nodes.map((n) => ({ target: n.target, reason: n.any.concat(n.all, n.none).map((c) => c.message).join(' ') })) })),
          violations: result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
          })),
        };
      }, values);
      const [report] = await pollFrames(state.page, selector, timeoutMs ?? 20_000, async (handle) => {
        // An error inside axe is reported, not retried: pollFrames would take it for a replaced frame.
        const failed = (error) => ({ error: String(error?.stack ?? error) });
        // evaluateAll works in every frame (the other calls need the page's own scripts to run).
        const [snapshot] = await handle.evaluateAll((els) => {
          const doc = els[0].ownerDocument;
          const css = [...doc.styleSheets].map((sheet) => { try { return [...sheet.cssRules].map((r) => r.cssText).join('\n'); } catch { return ''; } }).join('\n');
          const html = doc.documentElement.cloneNode(true);
          for (const old of html.querySelectorAll('link[rel="stylesheet"], meta[http-equiv], script, style')) old.remove();
          const sandbox = window.frameElement?.getAttribute('sandbox');
          return [{ html: html.outerHTML, css, width: doc.documentElement.clientWidth, height: window.innerHeight, scripted: sandbox == null || sandbox.split(/\s+/).includes('allow-scripts') }];
        });
        if (snapshot.scripted) {
          const frame = await (await handle.first().elementHandle()).ownerFrame();
          await frame.evaluate(source);
          return [{ copied: false, ...await audit(frame).catch(failed) }];
        }
        // A webview without enableScripts is a sandbox where no script runs, axe's included: audit
        // a copy instead, the same markup with its live theme variables (on <html>) and its
        // stylesheets' rules inlined, in a page of the same size.
        const copy = await state.page.context().browser().newPage({ viewport: { width: snapshot.width, height: snapshot.height } });
        try {
          await copy.setContent(`<!DOCTYPE html>${snapshot.html.replace('</head>', () => `<style>${snapshot.css}</style></head>`)}`);
          await copy.evaluate(source);
          return [{ copied: true, ...await audit(copy.mainFrame()).catch(failed) }];
        } finally {
          await copy.close();
        }
      });
      if (report.error) throw new Error(`axe-core in ${report.frameUrl}: ${report.error}`);
      return report;
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
function writeUserSettings(userDataDir, trust) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'git.openRepositoryInParentFolders': 'never',
    'git.enabled': false,
    'workbench.tips.enabled': false,
    // With trust on, the folder opens in Restricted Mode without a modal prompt.
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
  }, null, 2));
}
