// The admin's two-list chooser (SelectFilter2.js) draws its search icon as a <span> with an
// aria-label, which a span without a role may not carry: give it the role of an image, which
// its label then names. The chooser is drawn on "load", so watch for it.
"use strict";
(function () {
  function fix(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
