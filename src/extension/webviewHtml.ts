import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { escapeHtml } from './probe/resultsMarkup';

export { escapeHtml };

/** A fresh nonce for each page: the CSP lets only our own script run. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The page shell shared by the extension's webviews: strict CSP, media/ only. */
export function webviewPage(webview: vscode.Webview, mediaRoot: vscode.Uri, options: { title: string; body: string; script?: string; style: string }): string {
  const nonce = makeNonce();
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, options.style));
  const script = options.script
    ? `<script nonce="${nonce}" src="${webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, options.script)).toString()}"></script>`
    : '';
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri.toString()}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
${options.body}
${script}
</body>
</html>`;
}
