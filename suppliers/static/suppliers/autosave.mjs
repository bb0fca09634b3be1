// Saves the proposal draft in the background while someone types. Enhancement only: the
// "Save draft" button does the same without JavaScript.
//
// It posts the form (without files) to the form's own address, asking for JSON. The server
// answers with the draft's new version, which goes into the hidden field so the next save,
// automatic or not, is not mistaken for a colleague's stale copy. If a colleague did save in
// between, the server refuses (409) and autosave stops, so the person's text stays on screen
// for them to save deliberately.

function enhance(form) {
  const seconds = Number(form.dataset.autosaveInterval) || 20;
  const status = form.querySelector("[data-autosave-status]");
  const version = form.querySelector('input[name="version"]');
  let changed = false;
  let saving = false;
  let stopped = false;

  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };

  form.addEventListener("input", () => {
    changed = true;
  });
  form.addEventListener("change", () => {
    changed = true;
  });
  form.addEventListener("submit", () => {
    stopped = true;
  });

  async function save() {
    if (!changed || saving || stopped) {
      return;
    }
    saving = true;
    changed = false;
    const data = new FormData(form);
    for (const input of form.querySelectorAll('input[type="file"]')) {
      data.delete(input.name);
    }
    data.set("action", "autosave");
    try {
      // getAttribute, not form.action: the buttons named "action" shadow that property.
      const response = await fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const body = await response.json();
      if (response.ok) {
        version.value = body.version;
        say(`Draft saved automatically at ${body.saved_at}.`);
      } else if (response.status === 409) {
        stopped = true;
        say(`Not saved: ${body.errors.join(" ")} Select "Save draft" to see the problem.`);
      } else {
        say(`Not saved automatically: ${body.errors.join(" ")}`);
      }
    } catch {
      changed = true;
      say("Not saved automatically: check your connection. Your text is still here.");
    } finally {
      saving = false;
    }
  }

  setInterval(save, seconds * 1000);
}

document.querySelectorAll('form[data-module="autosave"]').forEach(enhance);
