// The admin's two-list chooser (SelectFilter2.js) draws its search icon as a <span> with an
// aria-label, which a span without a role may not carry: give it the role of an image, which
// its label then names. The chooser is drawn on "load", so watch for it.
// An autocomplete (Select2) is a combobox named only by its current choice, so an empty one
// has no name: name it by the label of the <select> it stands for, then by its choice.
"use strict";
(function () {
  function fix(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      var container = select.nextElementSibling;
      var selection = container && container.querySelector(".select2-selection");
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (!selection || !label || selection.dataset.labelled) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var current = selection.getAttribute("aria-labelledby");
      selection.setAttribute("aria-labelledby", current ? label.id + " " + current : label.id);
      // Its choice is shown in a read-only textbox of its own, which the label names too.
      var rendered = selection.querySelector(".select2-selection__rendered[role=textbox]");
      if (rendered) {
        rendered.setAttribute("aria-labelledby", label.id);
      }
      selection.dataset.labelled = "true";
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
