// Under a statement's title, the statements it may repeat: the same speaker, the same date, a
// similar title, named as the form is filled (see admin/duplicates.py).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const title = document.querySelector("input[data-duplicates-url]");
  if (!title) return;
  const output = document.getElementById(`${title.id}_duplicates`);
  const field = (name) => document.getElementById(`id_${name}`);

  const show = (duplicates) => {
    output.replaceChildren();
    if (!duplicates.length) return;
    output.append("This may repeat ");
    duplicates.forEach((duplicate, index) => {
      if (index) output.append(index === duplicates.length - 1 ? " or " : ", ");
      const link = document.createElement("a");
      link.href = duplicate.url;
      link.textContent = duplicate.title;
      output.append(link, ` (${duplicate.date}, ${duplicate.status})`);
    });
    output.append(": same speaker, same date, a similar title.");
  };

  const check = () => {
    clearTimeout(title.duplicatesTimer);
    title.duplicatesTimer = setTimeout(async () => {
      const query = new URLSearchParams({
        speaker: field("speaker")?.value || "",
        date: field("date")?.value || "",
        title: title.value,
        exclude: title.dataset.exclude || "",
      });
      const response = await fetch(`${title.dataset.duplicatesUrl}?${query}`, {
        credentials: "same-origin",
      });
      if (response.ok) show((await response.json()).duplicates);
    }, 300);
  };

  for (const name of ["title", "date"]) field(name)?.addEventListener("input", check);
  // The speaker is chosen in an autocomplete, which tells its choice through jQuery.
  field("speaker")?.addEventListener("change", check);
  if (window.django?.jQuery) window.django.jQuery(field("speaker")).on("change", check);
});
