/* The API documentation's interface is third-party code, mended as it draws itself: its
   headings skip a level (the title is h1, each group of operations h3, their sections h4
   and h5) and are given the levels of the outline they make; its copy buttons get a name;
   its examples that scroll can be reached from the keyboard. */
(function () {
  "use strict";
  var levels = { "h3.opblock-tag": "2", "h4": "3", "h5": "4" };
  function fix(root) {
    Object.keys(levels).forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (heading) {
        if (heading.getAttribute("aria-level") !== levels[selector]) {
          heading.setAttribute("aria-level", levels[selector]);
        }
      });
    });
    root.querySelectorAll(".copy-to-clipboard button:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Copy to clipboard");
    });
    root.querySelectorAll("pre.microlight:not([tabindex]), .curl:not([tabindex])").forEach(function (code) {
      code.setAttribute("tabindex", "0");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("swagger-ui");
    if (!root) {
      return;
    }
    new MutationObserver(function () { fix(root); }).observe(root, { childList: true, subtree: true });
    fix(root);
  });
})();
