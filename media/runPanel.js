// The run panel's script. It only turns clicks into messages and puts new
// content in place; the extension decides and validates everything. The
// messages are the typed map in src/extension/run/panelMessages.ts: to the
// extension { command, step?, action?, phase?, answer?, finding? }; from it
// { type: 'render', html } and { type: 'reveal', stepId, findingId? }.
// The webview state ({ runId, scrollY }) survives a hidden panel and a window
// reload, so the panel comes back where the person left it.
(function () {
  const vscode = acquireVsCodeApi();
  const root = () => document.getElementById('run-root');
  const saved = vscode.getState() || {};

  function saveState() {
    vscode.setState({ runId: root()?.dataset.run ?? saved.runId, scrollY: window.scrollY });
    // The saved position, readable in the page (the integration tests check it survives a reload).
    document.body.dataset.scrollY = String(Math.round(window.scrollY));
  }

  // Remember which run this panel shows, so a reloaded window restores it.
  saveState();
  if (typeof saved.scrollY === 'number' && saved.scrollY > 0) restoreScroll(saved.scrollY);

  /** The page may still be laying out (fonts, a render on its way): try until the height allows it. */
  function restoreScroll(y) {
    let tries = 0;
    const again = () => {
      window.scrollTo(0, y);
      if (Math.abs(window.scrollY - y) > 2 && tries++ < 20) setTimeout(again, 50);
      else saveState();
    };
    again();
  }

  let pending = false;
  window.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    // One save per frame is plenty; setState on every scroll event is wasted work.
    window.requestAnimationFrame(() => { pending = false; saveState(); });
  }, { passive: true });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-command]') : null;
    if (!target || target.disabled) return;
    event.preventDefault();
    if (target.dataset.command === 'revealPhase') {
      reveal(`phase-${target.dataset.phase}`);
      return;
    }
    if (target.dataset.command === 'revealItem') {
      reveal(target.dataset.target);
      return;
    }
    const message = { command: target.dataset.command };
    for (const key of ['step', 'action', 'phase', 'answer', 'finding']) {
      if (target.dataset[key] !== undefined) message[key] = target.dataset[key];
    }
    vscode.postMessage(message);
  });

  function focusKey(element) {
    if (!element || !element.dataset) return undefined;
    return ['command', 'step', 'action', 'phase', 'answer', 'finding'].map((k) => element.dataset[k] ?? '').join('|');
  }

  function reveal(id) {
    const element = id ? document.getElementById(id) : null;
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
    saveState();
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'render' && typeof message.html === 'string') {
      // Keep the keyboard and the scroll position where they were across a re-render.
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
      saveState();
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
