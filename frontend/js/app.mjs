// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// Conditional reveals: show the fields under the chosen option and hide the others. GOV.UK's
// radios module would do this too, but it also sets aria-expanded on each radio, which ARIA does
// not allow on that role; so our fields name their reveal in data-reveals, which it ignores.
const revealing = document.querySelectorAll("input[data-reveals]");

function syncReveals() {
  for (const input of revealing) {
    const reveal = document.getElementById(input.dataset.reveals);
    if (!reveal) continue;
    const kind = reveal.classList.contains("govuk-radios__conditional") ? "radios" : "checkboxes";
    reveal.classList.toggle(`govuk-${kind}__conditional--hidden`, !input.checked);
  }
}

if (revealing.length) {
  document.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement) syncReveals();
  });
  syncReveals();
}
