/*
 * Ketenzicht: the only script, loaded (deferred) on every page, the beheer screens included.
 * Progressive enhancement for keyboard and screen-reader users (issue 19); every page works
 * without it.
 *
 * 1. Every form gets novalidate: the server's Dutch messages and error summary always show,
 *    never the browser's own bubble ("Please fill out this field.") that blocks the submit.
 * 2. A table container that scrolls sideways (at the current width) becomes a keyboard stop:
 *    tabindex="0", role="region" and the table's name, so a keyboard user can scroll it
 *    (WCAG 2.1.1); when it fits again, those are removed, so no needless tab stops.
 */
(function () {
  "use strict";

  var SCROLLERS = ".utrecht-table-container";

  function tableName(container) {
    var table = container.querySelector("table");
    if (!table) return "Tabel";
    var label = table.getAttribute("aria-label");
    if (label) return label;
    var ids = table.getAttribute("aria-labelledby");
    if (ids) {
      var text = ids.split(/\s+/).map(function (id) {
        var el = document.getElementById(id);
        return el ? el.textContent.trim() : "";
      }).join(" ").trim();
      if (text) return text;
    }
    var caption = table.querySelector("caption");
    return caption && caption.textContent.trim() ? caption.textContent.trim() : "Tabel";
  }

  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (c) {
      var scrolls = c.scrollWidth > c.clientWidth + 1;
      if (scrolls && !c.hasAttribute("tabindex")) {
        c.setAttribute("tabindex", "0");
        c.setAttribute("role", "region");
        c.setAttribute("aria-label", tableName(c) + " (scrolt horizontaal)");
        c.setAttribute("data-ketenzicht-scroller", "");
      } else if (!scrolls && c.hasAttribute("data-ketenzicht-scroller")) {
        ["tabindex", "role", "aria-label", "data-ketenzicht-scroller"].forEach(function (a) {
          c.removeAttribute(a);
        });
      }
    });
  }

  function enhance() {
    document.querySelectorAll("form").forEach(function (f) {
      f.noValidate = true;
    });
    markScrollers();
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollers, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
