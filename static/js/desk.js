// The desk's widgets, named for assistive technology. Django's autocompletes (select2) and
// tabular inlines leave some controls without an accessible name; select2 redraws its
// controls on every choice, so they are named again whenever the form changes.
"use strict";

function labelOf(field) {
  const label = document.querySelector(`label[for="${field.id}"]`);
  if (!label) return null;
  if (!label.id) label.id = `${field.id}_label`;
  return label;
}

function columnOf(field) {
  const cell = field.closest("td");
  const table = cell && cell.closest("table");
  const header = table && table.querySelector("thead tr");
  if (!header) return "";
  const column = header.children[[...cell.parentElement.children].indexOf(cell)];
  return column ? column.textContent.trim() : "";
}

function setOnce(element, name, value) {
  if (element && element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function nameAutocomplete(select) {
  const container = select.nextElementSibling;
  if (!container || !container.classList.contains("select2")) return;
  const label = labelOf(select);
  const name = label ? label.textContent.replace(/:\s*$/, "").trim() : columnOf(select);
  const selection = container.querySelector(".select2-selection");
  const shown = container.querySelector(".select2-selection__rendered");
  if (label && shown && shown.id) {
    setOnce(selection, "aria-labelledby", `${label.id} ${shown.id}`);
  } else if (selection) {
    selection.removeAttribute("aria-labelledby");
    setOnce(selection, "aria-label", name);
  }
  // A single choice is shown in a read-only textbox, named as its field.
  if (shown && shown.getAttribute("role") === "textbox") {
    if (label) setOnce(shown, "aria-labelledby", label.id);
    else setOnce(shown, "aria-label", name);
  }
  setOnce(container.querySelector(".select2-search__field"), "aria-label", `Find: ${name}`);
  // The "remove all" cross is drawn inside the list of choices.
  setOnce(container.querySelector("ul > .select2-selection__clear"), "role", "listitem");
}

function nameTheDesksControls() {
  document.querySelectorAll("select.admin-autocomplete").forEach(nameAutocomplete);
  for (const field of document.querySelectorAll(".tabular td :is(input, select, textarea)")) {
    if (field.type === "hidden" || field.labels.length || field.closest(".select2")) continue;
    const name = columnOf(field);
    if (name) setOnce(field, "aria-label", name);
  }
  for (const header of document.querySelectorAll(".tabular th.original:empty")) {
    header.innerHTML = '<span class="visually-hidden">Saved row</span>';
  }
  setOnce(document.getElementById("searchbar"), "aria-label", "Search");
}

// A long filter of the changelist's sidebar (the countries) gets a box to find a value by typing.
function findInFilter(details) {
  const list = details.querySelector("ul");
  const input = document.createElement("input");
  input.type = "search";
  input.className = "filter-find";
  input.setAttribute("aria-label", `Find a ${details.dataset.filterTitle}`);
  input.placeholder = "Type to find";
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    for (const item of list.children) {
      item.hidden = Boolean(wanted) && !item.textContent.toLowerCase().includes(wanted);
    }
  });
  list.before(input);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("details.findable").forEach(findInFilter);
  nameTheDesksControls();
  // Named in the same task as the change, before the page is drawn or read by anything else:
  // the observer is told once per task, whatever the number of changes.
  new MutationObserver(nameTheDesksControls).observe(document.body, {
    childList: true,
    subtree: true,
  });
});
