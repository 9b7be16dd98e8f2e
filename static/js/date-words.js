// Under each date of the desk, how the typed value will read on the page (see admin/dates.py).
"use strict";
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches("input[data-words-url]")) return;
  const output = document.getElementById(`${input.id}_words`);
  if (!output) return;
  clearTimeout(input.wordsTimer);
  input.wordsTimer = setTimeout(async () => {
    const url = `${input.dataset.wordsUrl}?value=${encodeURIComponent(input.value)}`;
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) output.textContent = (await response.json()).words;
  }, 250);
});
