// The README's start command, as a user runs it without a desktop VS Code:
// code-server serves the workbench on loopback with a password, printed as
// the last two lines once the server is ready (its own log goes to a file),
// and the extension's commands are in its command palette.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { skipUnlessAvailable } from '../../support/prerequisites';
import { freePort } from '../node/sockets/openSockets';

describe('npm start (code-server)', { skip: skipUnlessAvailable(['chromium'], false), timeout: 240_000 }, () => {
  let start: ChildProcess;
  let browser: Browser | undefined;
  let url = '';
  let password = '';
  let output = '';
  let stdout = '';
  let readyAfterMs = 0;

  before(async () => {
    const port = await freePort();
    start = spawn('npm', ['start'], { env: { ...process.env, RUNBOOK_START_HOST: 'code-server', PORT: String(port) }, detached: true });
    const started = Date.now();
    start.stdout!.on('data', (d: Buffer) => { output += d.toString(); stdout += d.toString(); });
    start.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const end = Date.now() + 180_000;
    while (Date.now() < end && !/Password: /.test(output)) await new Promise((r) => setTimeout(r, 250));
    readyAfterMs = Date.now() - started;
    // Whatever code-server still logs must go to its file, not below the password.
    await new Promise((r) => setTimeout(r, 3_000));
    url = /Open:\s+(\S+)/.exec(output)?.[1] ?? '';
    password = /Password:\s+(\S+)/.exec(output)?.[1] ?? '';
  });
  after(async () => {
    await browser?.close();
    if (start?.pid) process.kill(-start.pid, 'SIGTERM'); // the whole group: npm, node, code-server
  });

  it('prints a loopback URL and a password', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?folder=/, output);
    assert.ok(password.length >= 12);
    console.log(`# npm start printed the URL after ${(readyAfterMs / 1000).toFixed(1)} s`);
  });

  it('ends with the URL and the password as its last two lines, and names the log file it keeps', () => {
    const lines = stdout.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
    assert.deepEqual(lines.slice(-2), [`Open:     ${url}`, `Password: ${password}`], output);
    const logPath = /^log: (.+)$/m.exec(stdout)?.[1] ?? '';
    assert.ok(logPath !== '' && existsSync(logPath), `no log file named, or it does not exist: "${logPath}"`);
    assert.ok(statSync(logPath).size > 0, 'code-server wrote nothing to its log');
    assert.doesNotMatch(stdout, /HTTP server listening on/, 'code-server\'s own log reached the terminal');
  });

  it('prints them only once code-server answers /healthz', async () => {
    const healthz = await fetch(new URL('/healthz', url));
    assert.equal(healthz.status, 200);
    assert.match(stdout, /code-server is ready after \d+\.\d s/);
  });

  it('serves a workbench whose command palette has the Runbook commands', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('input[type="password"]').fill(password);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // A fresh profile asks whether to trust the example workspace, as it should: say yes.
    const trust = page.getByRole('button', { name: /Yes, I trust the authors/ });
    await trust.click({ timeout: 15_000 }).catch(() => undefined);
    // The palette lists an extension's commands once it is loaded; ask until each shows.
    const input = page.locator('.quick-input-widget input');
    const search = async (text: string): Promise<string[]> => {
      if (!(await input.isVisible())) {
        await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } });
        await page.keyboard.press('Control+Shift+P');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
      }
      await input.fill('>');
      await input.pressSequentially(text, { delay: 10 });
      await page.waitForTimeout(300);
      return page.locator('.quick-input-list .monaco-list-row').allTextContents();
    };
    // Commands that need no run (Export Run Report waits for one: the fresh example workspace has none).
    for (const command of ['Start Run', 'Start Run from Scan Report', 'Probe Host for Mainline DHT', 'Check Listening Ports', 'Open Runbook']) {
      const end = Date.now() + 60_000;
      let labels: string[] = [];
      while (Date.now() < end && !labels.some((l) => l.includes(`Runbook: ${command}`))) labels = await search(`Runbook: ${command}`);
      assert.ok(labels.some((l) => l.includes(`Runbook: ${command}`)), `"Runbook: ${command}" is not in the palette: ${labels.join(' | ')}`);
    }
    await search('Runbook');
    await page.screenshot({ path: 'test-output/npm-start-palette.png' });
  });
});
