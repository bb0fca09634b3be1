// Live word count for answers with a word limit. Enhancement only: the limit is shown as a
// hint without JavaScript and enforced on the server either way.
//
// Words are counted as the server counts them (challenges/answers.py: count_words): whatever
// runs of whitespace separate.

export function countWords(text) {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
}

function message(limit, words) {
  const left = limit - words;
  if (left >= 0) {
    return `You have ${left} word${left === 1 ? "" : "s"} remaining`;
  }
  return `You have ${-left} word${left === -1 ? "" : "s"} too many`;
}

function enhance(group) {
  const limit = Number(group.dataset.wordLimit);
  const textarea = group.querySelector("textarea");
  const status = group.querySelector("[data-word-count-message]");
  if (!limit || !textarea || !status) {
    return;
  }
  // Announced politely, and only once typing pauses, so a screen reader is not interrupted
  // at every keystroke.
  status.setAttribute("aria-live", "polite");
  status.hidden = false;
  const described = new Set((textarea.getAttribute("aria-describedby") || "").split(" "));
  described.add(status.id);
  textarea.setAttribute("aria-describedby", [...described].filter(Boolean).join(" "));

  let timer;
  const update = () => {
    const words = countWords(textarea.value);
    status.textContent = message(limit, words);
    status.classList.toggle("govuk-error-message", words > limit);
    status.classList.toggle("govuk-hint", words <= limit);
  };
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
  update();
}

document.querySelectorAll('[data-module="word-count"]').forEach(enhance);
