// The lists' filter panel, a little faster with a script: type to find a value of a long
// facet, and copy the link of the view. Without it the panel works the same, by scrolling
// and with the "Link to this view" link.
"use strict";

function normalised(text) {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

function findInFacet(input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const wanted = normalised(input.value.trim());
  for (const item of list.children) {
    const label = normalised(item.textContent);
    const checked = item.querySelector("input:checked");
    item.hidden = Boolean(wanted) && !label.includes(wanted) && !checked;
  }
}

async function copyLink(button) {
  const status = button.parentElement.querySelector(".copied");
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    status.textContent = "Link copied.";
  } catch {
    status.textContent = "Copying was refused; use the link beside it.";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll(".facet-find")) {
    input.hidden = false;
    input.addEventListener("input", () => findInFacet(input));
    // Enter in the box finds; it does not submit the filters half chosen.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }
  for (const button of document.querySelectorAll(".copy-link")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", () => copyLink(button));
  }
});
