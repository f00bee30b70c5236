// The import job page follows its job: polls the progress endpoint and updates the
// bar and the sentence; once the job is no longer queued or running, the page
// reloads to show the report. Without JavaScript a meta refresh does the same.
const POLL_MILLISECONDS = 2000;

function follow(box) {
  const url = box.dataset.importProgress;
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const state = await response.json();
        if (!state.pending) {
          window.location.reload();
          return;
        }
        bar.value = state.percent;
        bar.textContent = `${state.percent} %`;
        text.textContent = state.text;
      }
    } catch {
      // A missed poll (network, restart) is retried at the next one.
    }
    window.setTimeout(poll, POLL_MILLISECONDS);
  };
  window.setTimeout(poll, POLL_MILLISECONDS);
}

for (const box of document.querySelectorAll("[data-import-progress]")) {
  follow(box);
}
