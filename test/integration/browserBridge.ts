// Talks to the headless runner, which drives the browser that shows this
// very workbench, so a test can read what a webview really rendered.
// In a desktop VS Code (@vscode/test-electron) there is no such browser.

export function browserBridgeAvailable(): boolean {
  return Boolean(process.env.RUNBOOK_TEST_BRIDGE);
}

export interface FrameElement {
  frameUrl: string;
  text: string;
  html: string;
}

async function call<T>(path: string, body: unknown): Promise<T> {
  const base = process.env.RUNBOOK_TEST_BRIDGE;
  if (!base) throw new Error('RUNBOOK_TEST_BRIDGE is not set: not running under the headless runner');
  const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`browser bridge ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Waits until some frame of the page holds `selector`, then returns those elements. */
export function queryWebview(selector: string, timeoutMs = 20_000): Promise<FrameElement[]> {
  return call('/query', { selector, timeoutMs });
}

/** Clicks the first element matching `selector` in whichever frame holds it. */
export function clickInWebview(selector: string, timeoutMs = 20_000): Promise<{ clicked: boolean }> {
  return call('/click', { selector, timeoutMs });
}

/** Saves a PNG of the whole workbench under test-output/. */
export function screenshot(name: string): Promise<{ path: string }> {
  return call('/screenshot', { name });
}

/** Replaces the text of the first input matching `selector` (the quick input, say). */
export function fillInWorkbench(selector: string, text: string, timeoutMs = 20_000): Promise<{ filled: boolean }> {
  return call('/fill', { selector, text, timeoutMs });
}

/** Presses one key in the workbench, e.g. "Enter" or "Escape". */
export function pressKey(key: string): Promise<{ pressed: boolean }> {
  return call('/press', { key });
}

/** Polls until an element matching `selector` has text matching `pattern`; returns that text. */
export async function waitForText(selector: string, pattern: RegExp, timeoutMs = 10_000): Promise<string | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const found = await queryWebview(selector, 2_000).catch(() => []);
    const match = found.find((f) => pattern.test(f.text));
    if (match) return match.text;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}
