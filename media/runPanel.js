// The run panel's script. It only turns clicks into messages and puts new
// content in place; the extension decides and validates everything. The
// messages are the typed map in src/extension/run/panelMessages.ts: to the
// extension { command, step?, action?, phase?, answer?, finding? }; from it
// { type: 'render', html } and { type: 'reveal', stepId, findingId? }.
(function () {
  const vscode = acquireVsCodeApi();
  const root = () => document.getElementById('run-root');

  // Remember which run this panel shows, so a reloaded window restores it.
  const initial = root();
  if (initial) vscode.setState({ runId: initial.dataset.run });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-command]') : null;
    if (!target || target.disabled) return;
    event.preventDefault();
    const message = { command: target.dataset.command };
    for (const key of ['step', 'action', 'phase', 'answer', 'finding']) {
      if (target.dataset[key] !== undefined) message[key] = target.dataset[key];
    }
    if (message.command === 'revealPhase') {
      reveal(`phase-${message.phase}`);
      return;
    }
    vscode.postMessage(message);
  });

  function focusKey(element) {
    if (!element || !element.dataset) return undefined;
    return ['command', 'step', 'action', 'phase', 'answer', 'finding'].map((k) => element.dataset[k] ?? '').join('|');
  }

  function reveal(id) {
    const element = document.getElementById(id);
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'render' && typeof message.html === 'string') {
      // Keep the keyboard where it was across a re-render.
      const key = focusKey(document.activeElement);
      const scroll = window.scrollY;
      const main = root();
      if (!main) return;
      main.outerHTML = message.html;
      window.scrollTo(0, scroll);
      if (key) {
        const again = Array.from(document.querySelectorAll('[data-command]')).find((el) => focusKey(el) === key);
        if (again) again.focus({ preventScroll: true });
      }
      vscode.setState({ runId: root()?.dataset.run });
    } else if (message.type === 'reveal' && typeof message.stepId === 'string') {
      const item = typeof message.findingId === 'string'
        ? Array.from(document.querySelectorAll('.finding-item')).find((el) => el.dataset.step === message.stepId && el.dataset.finding === message.findingId)
        : undefined;
      if (item && item.id) reveal(item.id);
      else reveal(`step-${message.stepId}`);
    }
  });
  vscode.postMessage({ command: 'ready' });
})();
