// Contrast of the run panel's badges and text, from the colours the
// workbench really gave the webview. VS Code writes every theme colour as a
// --vscode-* custom property on the webview document's <html> element; this
// reads them from the live page through the browser bridge, resolves the
// panel's own rules (media/runbook.css: each .badge-<status> names its
// foreground and background as --badge-fg / --badge-bg, with fallbacks),
// blends translucent colours over what lies beneath, and computes the WCAG 2
// contrast ratio. (The bridge reads markup, not getComputedStyle; resolving
// the stylesheet's declarations against the live variables is what the
// browser's cascade does for these rules, which use nothing but var().)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryWebview } from '../browserBridge';

export type Rgba = [number, number, number, number];

export function parseColor(text: string): Rgba | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'transparent') return [0, 0, 0, 0];
  const hex = /^#([0-9a-f]{3,8})$/.exec(value)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), full.length === 8 ? n(6) / 255 : 1];
  }
  const rgb = /^rgba?\(([^)]+)\)$/.exec(value)?.[1];
  if (rgb) {
    const parts = rgb.split(/[\s,/]+/).filter(Boolean).map((p) => (p.endsWith('%') ? Number(p.slice(0, -1)) / 100 : Number(p)));
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  }
  return undefined;
}

/** `top` painted over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The theme's --vscode-* variables as the run panel's document holds them now. */
export async function webviewThemeVariables(rootSelector = '#run-root'): Promise<Map<string, string>> {
  const [doc] = await queryWebview(`html:has(${rootSelector})`);
  // Attribute values keep ">" unescaped and turn '"' into &quot;, so the value runs to the next '"'.
  const style = decodeEntities(/^<html\b[^]*?\sstyle="([^"]*)"/.exec(doc!.html)?.[1] ?? '');
  const vars = new Map<string, string>();
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim();
    if (name.startsWith('--vscode-')) vars.set(name, declaration.slice(colon + 1).trim());
  }
  return vars;
}

/** The custom properties a stylesheet rule declares, e.g. `.badge-passed` → { --badge-fg: 'var(--vscode-foreground)' }. */
export function ruleProperties(css: string, selector: string): Map<string, string> {
  const found = new Map<string, string>();
  const rule = new RegExp(`(^|\\n)${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(css);
  if (!rule) return found;
  for (const declaration of rule[2]!.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) found.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
  }
  return found;
}

/** Resolves var(--x, fallback) chains against the theme and the rule's own properties. */
export function resolveValue(value: string, vars: ReadonlyMap<string, string>, local: ReadonlyMap<string, string> = new Map(), depth = 0): string | undefined {
  if (depth > 10) return undefined;
  const text = value.trim();
  if (!text.startsWith('var(')) return text;
  const inner = text.slice(4, -1);
  const comma = inner.indexOf(',');
  const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  const fallback = comma < 0 ? undefined : inner.slice(comma + 1).trim();
  const own = local.get(name) ?? vars.get(name);
  if (own !== undefined && own !== '') {
    const resolved = resolveValue(own, vars, local, depth + 1);
    if (resolved !== undefined) return resolved;
  }
  return fallback === undefined ? undefined : resolveValue(fallback, vars, local, depth + 1);
}

export interface Measured { readonly name: string; readonly fg: string; readonly bg: string; readonly ratio: number }

/** Text colour against its background (the editor background beneath), both from the live theme. */
export function measure(name: string, fgValue: string, bgValue: string, vars: ReadonlyMap<string, string>, local: ReadonlyMap<string, string> = new Map()): Measured {
  const page = parseColor(resolveValue('var(--vscode-editor-background)', vars) ?? '') ?? [255, 255, 255, 1];
  const fgText = resolveValue(fgValue, vars, local);
  const bgText = resolveValue(bgValue, vars, local);
  const fg = parseColor(fgText ?? '');
  const bg = parseColor(bgText ?? '');
  if (!fg || !bg) throw new Error(`${name}: could not resolve ${fgValue} (${String(fgText)}) / ${bgValue} (${String(bgText)})`);
  const background = over(bg, page);
  return { name, fg: fgText!, bg: bgText!, ratio: Math.round(contrast(over(fg, background), background) * 100) / 100 };
}

// The stylesheet's own rules are the source of the button colours measured below; keep the two in step.
export const STATUSES = ['pending', 'running', 'passed', 'failed', 'skipped', 'attention', 'partial'] as const;

/** Every badge's text, and the other text the panel puts on coloured ground, in the theme shown now. */
export async function measurePanelContrast(extensionPath: string, theme: string): Promise<Measured[]> {
  const css = readFileSync(join(extensionPath, 'media', 'runbook.css'), 'utf8');
  const vars = await webviewThemeVariables();
  // The colours as measured, kept beside the screenshots for whoever checks the figures.
  writeFileSync(join(extensionPath, 'test-output', `webview-theme-${theme}.json`), `${JSON.stringify(Object.fromEntries(vars), null, 2)}\n`);
  const results = STATUSES.map((status) => {
    const own = ruleProperties(css, `.badge-${status}`);
    const fg = own.get('--badge-fg');
    const bg = own.get('--badge-bg');
    if (fg === undefined || bg === undefined) throw new Error(`media/runbook.css has no --badge-fg/--badge-bg in .badge-${status}`);
    return measure(`badge ${status}`, fg, bg, vars, own);
  });
  const chosen = ruleProperties(css, 'button[aria-pressed="true"]');
  const value = (props: Map<string, string>, key: string, fallback: string) => props.get(key) ?? fallback;
  results.push(
    measure('text', 'var(--vscode-foreground)', 'var(--vscode-editor-background)', vars),
    measure('muted text', 'var(--vscode-descriptionForeground)', 'var(--vscode-editor-background)', vars),
    measure('primary button', 'var(--vscode-button-foreground, var(--vscode-foreground))', 'var(--vscode-button-background, var(--vscode-editor-background))', vars),
    measure('secondary button', 'var(--vscode-button-secondaryForeground, var(--vscode-foreground))', 'var(--vscode-button-secondaryBackground, var(--vscode-editor-background))', vars),
    measure('chosen answer', value(chosen, 'color', ''), value(chosen, 'background', ''), vars),
    measure('result card text', 'var(--vscode-foreground)', 'var(--vscode-textBlockQuote-background, var(--vscode-editor-background))', vars),
    measure('link (note button)', 'var(--vscode-textLink-foreground)', 'var(--vscode-editor-background)', vars),
  );
  return results;
}
