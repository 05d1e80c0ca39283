// Filters the "everything else listening" table as the user types, and says
// how many rows still show (read out by screen readers: aria-live).
(function () {
  const input = document.getElementById('filter');
  const count = document.getElementById('filter-count');
  const rows = Array.from(document.querySelectorAll('#other-sockets tbody tr'));
  if (!input) return;
  input.addEventListener('input', () => {
    const needle = input.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      row.hidden = needle !== '' && !row.textContent.toLowerCase().includes(needle);
      if (!row.hidden) shown += 1;
    }
    if (count) count.textContent = needle === '' ? '' : `${shown} / ${rows.length}`;
  });
})();
