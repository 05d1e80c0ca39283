// The run panel's script. It only turns clicks into messages and puts new
// content in place; the extension decides and validates everything. The
// messages are the typed map in src/extension/run/panelMessages.ts: to the
// extension { command, step?, action?, phase?, answer?, finding? }; from it
// { type: 'render', html }, { type: 'reveal', stepId, findingId? } and
// { type: 'revealHost', host }. The host table (hostTableHtml.ts) is sorted
// and filtered here, on its rows' data attributes, without a re-render; the
// choice survives the extension's re-renders.
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

  // The host table: sort key and direction, text filter and state filter.
  const hostView = { key: undefined, descending: false, text: '', state: '' };

  /** Puts the rows in the chosen order: only when the sort key changes, or the table is new after a render. */
  function sortHostRows() {
    const table = document.getElementById('host-table');
    if (!table) return;
    if (hostView.key) {
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const attr = `sort${hostView.key[0].toUpperCase()}${hostView.key.slice(1)}`;
      const numeric = hostView.key !== 'host';
      const sign = hostView.descending ? -1 : 1;
      rows.sort((a, b) => {
        const x = a.dataset[attr] ?? '';
        const y = b.dataset[attr] ?? '';
        const by = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true });
        return by !== 0 ? sign * by : Number(a.dataset.order) - Number(b.dataset.order);
      });
      // Appending moves each row: one pass, no re-render.
      const fragment = document.createDocumentFragment();
      for (const row of rows) fragment.appendChild(row);
      body.appendChild(fragment);
    }
    for (const th of table.tHead.querySelectorAll('th[data-sort-key]')) {
      th.setAttribute('aria-sort', th.dataset.sortKey === hostView.key ? (hostView.descending ? 'descending' : 'ascending') : 'none');
    }
  }

  /** Shows the rows the filters let through and says how many: a keystroke only toggles row.hidden, never moves a row. */
  function filterHostRows() {
    const table = document.getElementById('host-table');
    if (!table) return;
    const rows = table.tBodies[0].rows;
    const text = hostView.text.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const visible = (hostView.state === '' || row.dataset.state === hostView.state) && (text === '' || (row.dataset.search ?? '').includes(text));
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    const count = document.getElementById('host-count');
    if (count) count.textContent = (table.dataset.shownText ?? '{0} / {1}').replace('{0}', String(shown)).replace('{1}', String(rows.length));
    const filter = document.getElementById('host-filter');
    if (filter && filter.value !== hostView.text) filter.value = hostView.text;
    const state = document.getElementById('host-state-filter');
    if (state && state.value !== hostView.state) state.value = hostView.state;
  }

  /** A new table (first load, a render) gets the person's sort and filters again. */
  function applyHostView() {
    sortHostRows();
    filterHostRows();
  }

  document.addEventListener('input', (event) => {
    if (event.target instanceof Element && event.target.id === 'host-filter') {
      hostView.text = event.target.value;
      filterHostRows();
    }
  });
  document.addEventListener('change', (event) => {
    if (event.target instanceof Element && event.target.id === 'host-state-filter') {
      hostView.state = event.target.value;
      filterHostRows();
    }
  });

  function revealHost(host) {
    const row = Array.from(document.querySelectorAll('#host-table tr.host-row')).find((r) => r.dataset.host === host);
    if (!row) return;
    // A filter that hides the row gives way: the person asked to see it.
    if (row.hidden) { hostView.text = ''; hostView.state = ''; filterHostRows(); }
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
    saveState();
  }

  document.addEventListener('click', (event) => {
    const sort = event.target instanceof Element ? event.target.closest('button[data-sort]') : null;
    if (sort) {
      event.preventDefault();
      const key = sort.dataset.sort;
      hostView.descending = hostView.key === key ? !hostView.descending : false;
      hostView.key = key;
      sortHostRows();
      return;
    }
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
    for (const key of ['step', 'action', 'phase', 'answer', 'finding', 'host']) {
      if (target.dataset[key] !== undefined) message[key] = target.dataset[key];
    }
    vscode.postMessage(message);
  });

  function focusKey(element) {
    if (!element || !element.dataset) return undefined;
    return ['command', 'step', 'action', 'phase', 'answer', 'finding', 'host'].map((k) => element.dataset[k] ?? '').join('|');
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
      applyHostView();
      window.scrollTo(0, scroll);
      if (key) {
        const again = Array.from(document.querySelectorAll('[data-command]')).find((el) => focusKey(el) === key);
        if (again) again.focus({ preventScroll: true });
      }
      saveState();
    } else if (message.type === 'revealHost' && typeof message.host === 'string') {
      revealHost(message.host);
    } else if (message.type === 'reveal' && typeof message.stepId === 'string') {
      const item = typeof message.findingId === 'string'
        ? Array.from(document.querySelectorAll('.finding-item')).find((el) => el.dataset.step === message.stepId && el.dataset.finding === message.findingId)
        : undefined;
      if (item && item.id) reveal(item.id);
      else reveal(`step-${message.stepId}`);
    }
  });
  applyHostView();
  vscode.postMessage({ command: 'ready' });
})();
