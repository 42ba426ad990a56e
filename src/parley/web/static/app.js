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
});
