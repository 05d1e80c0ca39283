// Runs inside the runbook webview. Kept free of inline handlers for the CSP.
(function () {
  const vscode = acquireVsCodeApi();
  document.body.dataset.ready = 'true';
  vscode.setState({ scrollY: window.scrollY });
})();
