// Episode page: seek from the chapter list and the transcript, and mark the sentence being read.
// No framework and no network: everything it needs is in the page.
"use strict";

(function () {
  const audio = document.getElementById("player");
  if (!audio) {
    return;
  }
  const cues = Array.from(document.querySelectorAll(".transcript .seek"));
  const chapters = Array.from(document.querySelectorAll(".chapters .seek"));
  const startOf = (button) => Number.parseFloat(button.dataset.start);
  const cueStarts = cues.map(startOf);
  const chapterStarts = chapters.map(startOf);
  let marked = { cue: null, chapter: null };

  // The last item starting at or before `time`: the sentence stays marked through the pause after it.
  function itemAt(starts, time) {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= time + 0.001) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  function mark(kind, items, starts) {
    const index = itemAt(starts, audio.currentTime);
    const item = index >= 0 ? items[index] : null;
    if (item === marked[kind]) {
      return;
    }
    if (marked[kind]) {
      marked[kind].classList.remove("current");
      marked[kind].removeAttribute("aria-current");
    }
    if (item) {
      item.classList.add("current");
      item.setAttribute("aria-current", "true");
    }
    marked[kind] = item;
  }

  function follow() {
    mark("cue", cues, cueStarts);
    mark("chapter", chapters, chapterStarts);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.seek");
    if (!button) {
      return;
    }
    audio.currentTime = startOf(button);
    follow();
    if (audio.paused) {
      // Browsers may refuse to play (autoplay rules); the seek still stands.
      audio.play().catch(() => {});
    }
  });
  audio.addEventListener("timeupdate", follow);
  audio.addEventListener("seeked", follow);
  document.documentElement.classList.add("scripted");
})();
