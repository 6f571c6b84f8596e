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
 * 3. /beheer/ only: the admin's autocomplete comboboxes (select2) get the name of the <select>
 *    they stand for (its <label>, or the aria-label of an inline row, access/adminlabels.py),
 *    and the search icon of a two-list selector, a <span> with aria-label, becomes an image
 *    (role="img": aria-label is not allowed on a span). Both are made by the admin's scripts
 *    after the page loads, so they are named when they appear.
 */
(function () {
  "use strict";

  var SCROLLERS = ".utrecht-table-container, #changelist .results, .inline-group .tabular";

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

  function selectName(select) {
    var own = select.getAttribute("aria-label");
    if (own) return own;
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameAdminWidgets() {
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      var container = select.nextElementSibling;
      var box = container && container.querySelector(".select2-selection[role=combobox]");
      var name = selectName(select);
      if (!box || !name) return;
      // The name, then the chosen value (select2's own labelledby: the rendered value).
      var nameId = select.id + "-naam";
      var nameEl = document.getElementById(nameId);
      if (!nameEl) {
        nameEl = document.createElement("span");
        nameEl.id = nameId;
        nameEl.hidden = true;
        container.appendChild(nameEl);
      }
      if (nameEl.textContent !== name) nameEl.textContent = name;
      var value = box.querySelector(".select2-selection__rendered[id]");
      // select2 makes the chosen value a read-only textbox of its own, without a name; it is
      // part of the combobox's name instead.
      if (value && value.getAttribute("role") === "textbox") {
        value.removeAttribute("role");
        value.removeAttribute("aria-readonly");
      }
      var ids = nameId + (value ? " " + value.id : "");
      if (box.getAttribute("aria-labelledby") !== ids) box.setAttribute("aria-labelledby", ids);
    });
    document.querySelectorAll("span.search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function watchAdmin() {
    if (!document.getElementById("container")) return; // not a /beheer/ page
    nameAdminWidgets();
    new MutationObserver(nameAdminWidgets).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  function enhance() {
    document.querySelectorAll("form").forEach(function (f) {
      f.noValidate = true;
    });
    markScrollers();
    watchAdmin();
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
