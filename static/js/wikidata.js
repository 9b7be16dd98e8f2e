// Beneath an actor's Wikidata id, the items its name may stand for; choosing one fills the id,
// the original-script name and the other names, for the curator to check and save (see
// admin/wikidata.py). Nothing is saved here.
"use strict";
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.wikidata-lookup");
  if (!link) return;
  event.preventDefault();
  const field = (name) => document.getElementById(`id_${name}`);
  const output = document.getElementById("id_wikidata_id_candidates");
  const query = new URLSearchParams({
    name: field("name")?.value || "",
    original_name_language: field("original_name_language")?.value || "",
    format: "json",
  });
  output.textContent = "Looking the name up on Wikidata…";
  let found;
  try {
    const response = await fetch(`${link.dataset.lookupUrl}?${query}`, {
      credentials: "same-origin",
    });
    found = await response.json();
  } catch {
    found = { candidates: [], notice: "Wikidata could not be asked; type the id by hand." };
  }
  output.replaceChildren();
  if (found.notice) output.append(found.notice);
  else if (!found.candidates.length) output.append("Wikidata has no item for this name.");
  const list = document.createElement("ul");
  for (const item of found.candidates) {
    const entry = document.createElement("li");
    const use = document.createElement("button");
    use.type = "button";
    use.textContent = `Use ${item.qid}`;
    use.addEventListener("click", () => fill(item));
    const about = [item.label, item.original_label, item.description].filter(Boolean).join(" · ");
    const moved = item.redirected_from ? ` (was ${item.redirected_from})` : "";
    entry.append(use, ` ${about}${moved}`);
    list.append(entry);
  }
  if (found.candidates.length) output.append(list);

  function fill(item) {
    field("wikidata_id").value = item.qid;
    const original = field("original_name");
    if (original && !original.value && item.original_label) original.value = item.original_label;
    const others = field("other_names");
    if (others) {
      const names = others.value.split("\n").map((name) => name.trim()).filter(Boolean);
      const known = new Set([...names, field("name")?.value, original?.value]);
      others.value = [...names, ...item.aliases.filter((alias) => !known.has(alias))].join("\n");
    }
    output.replaceChildren(`Filled from ${item.qid}: check the fields, then save.`);
  }
});
