// parley: small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // A filter applies as soon as it is chosen; the Apply button does the same without scripts.
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) select.form.submit();
    });
  });

  // Clicking a source scrolls its highlight into view (inside a scrolling article box) and flashes it.
  document.querySelectorAll("a.evidence-link, a.source").forEach(function (link) {
    link.addEventListener("click", function () {
      var id = (link.getAttribute("href") || "").replace(/^#/, "");
      var target = id && document.getElementById(id);
      if (!target) return;
      target.scrollIntoView({ block: "center" });
      target.classList.add("flash");
      window.setTimeout(function () { target.classList.remove("flash"); }, 1500);
    });
  });

  // The review queue: j/k (or the arrow keys) move the selection, o or Enter opens the event,
  // c confirms it, r puts the cursor in its reject note (Enter sends it, Esc leaves it).
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.review tr.review-row"));
  if (rows.length) {
    var current = 0;
    var select = function (n) {
      if (n < 0 || n >= rows.length) return;
      rows[current].classList.remove("selected");
      current = n;
      rows[current].classList.add("selected");
      rows[current].setAttribute("aria-selected", "true");
      rows[current].focus({ preventScroll: true });
      rows[current].scrollIntoView({ block: "nearest" });
    };
    rows[0].classList.add("selected");
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
      if (typing) {
        if (event.key === "Escape") target.blur();
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      // Enter on a focused link or button does what it always does.
      if (event.key === "Enter" && target && (target.tagName === "A" || target.tagName === "BUTTON")) return;
      var row = rows[current];
      if (event.key === "j" || event.key === "ArrowDown") {
        select(current + 1);
      } else if (event.key === "k" || event.key === "ArrowUp") {
        select(current - 1);
      } else if (event.key === "o" || event.key === "Enter") {
        window.location.assign(row.dataset.url);
      } else if (event.key === "c") {
        var confirm = row.querySelector("form.confirm-form");
        if (!confirm) return;
        confirm.submit();
      } else if (event.key === "r") {
        var note = row.querySelector("form.reject-form input[name=note]");
        if (!note) return;
        note.focus();
      } else {
        return;
      }
      event.preventDefault();
    });
  }
});
