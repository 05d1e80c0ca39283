import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createServer, type Server } from 'node:net';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activateExtension } from '../helpers';
import { contrast, over, parseColor, resolveValue, ruleProperties, webviewThemeVariables } from './themeContrast';
import { browserBridgeAvailable, fillInWorkbench, queryWebview, screenshot } from '../browserBridge';
import { startNodeOnBitTorrentPort, type RunningDhtNode } from '../../support/realDhtNodes';

interface CheckResult {
  counts: { sockets: number; confirmedDhtNodes: number };
  sockets: { verdict: { socket: { protocol: string; localPort: number; process?: { pid: number } } }; dhtReplies: unknown[] }[];
}

describe('Runbook: Check Listening Ports', () => {
  let node: RunningDhtNode;
  // More BitTorrent-looking sockets of this same process (the extension host):
  // TCP on the DHT node's port, as clients pair them, and a second UDP port.
  let tcp: Server;
  let udp: Socket;
  let udpPort = 0;
  let activatedPath = '';
  before(async () => {
    activatedPath = (await activateExtension()).extensionPath;
    node = await startNodeOnBitTorrentPort();
    tcp = createServer();
    await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen(node.port, '127.0.0.1', () => resolve()); });
    udp = await bindUdpOnBitTorrentPort(node.port);
    udpPort = udp.address().port;
  });
  after(async () => {
    await node?.close();
    await new Promise((r) => tcp?.close(r));
    udp?.close();
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists this extension host\'s DHT socket with its pid and confirms it by KRPC', async () => {
    const result = await vscode.commands.executeCommand<CheckResult>('runbook.checkListeningPorts');
    assert.ok(result.counts.sockets > 0);
    const socket = result.sockets.find((s) => s.verdict.socket.protocol === 'udp' && s.verdict.socket.localPort === node.port);
    assert.ok(socket, `udp/${node.port} is not listed`);
    assert.equal(socket.verdict.socket.process?.pid, process.pid);
    assert.equal(socket.dhtReplies.length, 1);
  });

  it('shows one card for the process, with all its suspect sockets, confirmed first', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    const cards = await queryWebview(`#check-ports section.card[data-pid="${process.pid}"]`);
    assert.equal(cards.length, 1, `the extension host has ${cards.length} cards`);
    const card = cards[0]!;
    assert.match(card.html, /^<section class="card card-found"/, 'the card is the confirmed kind');
    for (const label of [`udp/127.0.0.1:${node.port}`, `tcp/127.0.0.1:${node.port}`, `udp/127.0.0.1:${udpPort}`]) {
      assert.ok(card.html.includes(`data-socket="${label}"`), `${label} is not on the process's card`);
    }
    assert.match(card.text, /Confirmed DHT node/, 'status in words, not colour only');
    assert.match(card.html, /<svg class="icon icon-found"[^>]*aria-hidden="true"/);
    assert.match(card.text, new RegExp(`answered at 127\\.0\\.0\\.1:${node.port}`));
    assert.match(card.text, new RegExp(node.nodeIdHex));
    const first = await queryWebview('#check-ports section.card');
    assert.match(first[0]!.html, /card-found/, 'confirmed cards come first');
    const verdict = await queryWebview('#check-ports .verdict');
    assert.match(verdict[0]!.text, /\d+ confirmed DHT nodes? \(programs?\) on \d+ sockets?/);
    // Pictures of the top of the panel, without the output panel and toasts over it.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await inTheme('Default Dark Modern');
    await screenshot('check-ports-dark');
    await inTheme('Default Light Modern');
    await screenshot('check-ports-light');
  });

  it('filters everything else, in a filter box styled by the theme', async function () {
    if (!browserBridgeAvailable()) {
      console.log('    skipped: no browser bridge (desktop VS Code run)');
      this.skip();
    }
    const before = await queryWebview('#other-sockets tbody tr');
    await fillInWorkbench('#filter', 'no-such-process-name');
    const hidden = await queryWebview('#other-sockets tbody tr[hidden]');
    assert.equal(hidden.length, before.length);
    const count = await queryWebview('#filter-count');
    assert.equal(count[0]!.text, `0 / ${before.length}`);
    await inTheme('Default Dark Modern');
    await fillInWorkbench('#filter', ''); // and it keeps the focus

    // The browser's computed style where the runner can read it (its /style
    // endpoint); else the #filter rule of media/results.css resolved against
    // the live theme variables, as themeContrast.ts does for the run panel.
    const live = await computedStyle('#filter', ['background-color']);
    if (live === undefined) console.log('    note: the browser bridge has no /style endpoint; resolving media/results.css against the live theme instead');
    const css = readFileSync(join(activatedPath, 'media/results.css'), 'utf8');
    const rule = ruleProperties(css, '#filter');
    const seen: Record<string, string> = {};
    for (const [name, theme] of [['Dark', 'Default Dark Modern'], ['Light', 'Default Light Modern']] as const) {
      await inTheme(theme);
      const vars = await webviewThemeVariables('#check-ports');
      const inputBg = vars.get('--vscode-input-background')!;
      const inputFg = vars.get('--vscode-input-foreground')!;
      let background: string;
      let foreground: string;
      if (live !== undefined) {
        const [style] = (await computedStyle('#filter', ['background-color', 'color', 'outline-style', 'outline-color']))!;
        background = style!['background-color']!;
        foreground = style!['color']!;
        if (name === 'Dark') {
          assert.equal(style!['outline-style'], 'solid', 'the focused filter shows a focus outline');
          assert.equal(style!['outline-color'], rgbOf(vars.get('--vscode-focusBorder')!));
        }
      } else {
        background = resolveValue(rule.get('background')!, vars)!;
        foreground = resolveValue(rule.get('color')!, vars)!;
      }
      assert.equal(rgbOf(background), rgbOf(inputBg), `${name}: the filter's background ${background} is not the theme's input background ${inputBg}`);
      assert.equal(rgbOf(foreground), rgbOf(inputFg), `${name}: the filter's text ${foreground} is not the theme's input foreground ${inputFg}`);
      const editor = parseColor(vars.get('--vscode-editor-background')!)!;
      const box = over(parseColor(inputBg)!, editor);
      const textRatio = contrast(over(parseColor(inputFg)!, box), box);
      const placeholderRatio = contrast(over(parseColor(vars.get('--vscode-input-placeholderForeground')!)!, box), box);
      console.log(`    filter box in ${name}: background ${rgbOf(background)}, text ${rgbOf(foreground)} (${textRatio.toFixed(2)}:1), placeholder ${placeholderRatio.toFixed(2)}:1`);
      assert.ok(textRatio >= 4.5 && placeholderRatio >= 4.5, `${name}: filter text ${textRatio.toFixed(2)}:1, placeholder ${placeholderRatio.toFixed(2)}:1`);
      seen[name] = rgbOf(background);
    }
    assert.notEqual(seen.Dark, 'rgb(255, 255, 255)', 'a white input in a dark theme');
    assert.notEqual(seen.Dark, seen.Light, 'the filter follows the theme');
  });
});

async function bindUdpOnBitTorrentPort(except: number): Promise<Socket> {
  for (let port = 6881; port <= 6889; port += 1) {
    if (port === except) continue;
    const socket = createSocket('udp4');
    const bound = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) return socket;
    socket.close();
  }
  throw new Error('no free UDP port in 6881-6889 on 127.0.0.1');
}

/**
 * Computed styles of the elements matching `selector`, read in the webview by
 * the headless runner; undefined when this runner has no /style endpoint.
 */
async function computedStyle(selector: string, properties: string[]): Promise<Record<string, string>[] | undefined> {
  const response = await fetch(`${process.env.RUNBOOK_TEST_BRIDGE}/style`, { method: 'POST', body: JSON.stringify({ selector, properties }) });
  const text = await response.text();
  if (!response.ok && /no handler for \/style/.test(text)) return undefined;
  if (!response.ok) throw new Error(`browser bridge /style: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, string>[];
}

/** "#313131" or "#31313180" as the browser computes it, "rgb(49, 49, 49)". */
function rgbOf(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})?$/i.exec(hex.trim());
  if (!m) return hex.trim();
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h!, 16));
  if (m[4] === undefined || m[4].toLowerCase() === 'ff') return `rgb(${r}, ${g}, ${b})`;
  const alpha = Math.round((Number.parseInt(m[4], 16) / 255) * 1000) / 1000;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

async function inTheme(theme: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 1500));
}
