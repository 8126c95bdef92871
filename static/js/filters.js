/* On a narrow screen a list's filters fold behind one "Filter" button, as on GOV.UK's
   finders; without this script (or on a wide screen) they stay open. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");
  document.querySelectorAll("form.filters").forEach(function (form) {
    var toggle = form.querySelector(".filter-toggle");
    var panel = form.querySelector(".filter-panel");
    if (!toggle || !panel) {
      return;
    }
    function show(open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    function fit() {
      toggle.hidden = !narrow.matches;
      show(!narrow.matches);
    }
    toggle.addEventListener("click", function () {
      show(panel.hidden);
    });
    narrow.addEventListener("change", fit);
    fit();
  });
})();
