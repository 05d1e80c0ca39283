// Filters the "everything else listening" table as the user types.
(function () {
  const input = document.getElementById('filter');
  const rows = Array.from(document.querySelectorAll('#other-sockets tbody tr'));
  if (!input) return;
  input.addEventListener('input', () => {
    const needle = input.value.trim().toLowerCase();
    for (const row of rows) row.hidden = needle !== '' && !row.textContent.toLowerCase().includes(needle);
  });
})();
