// Antitrafik: small progressive enhancements (CSP forbids inline scripts).
document.addEventListener("DOMContentLoaded", function () {
  // A form marked data-once disables its submit buttons after the first submit (no double submission).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
  // Selects marked data-autosubmit submit their form on change (filters).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // A region that scrolls sideways can be reached and scrolled with the keyboard (WCAG 2.1.1): it gets a tab
  // stop and a name when it has no focusable content of its own.
  function focusableScrollers() {
    document.querySelectorAll(".table-responsive, main table.table").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (!scrolls || el.hasAttribute("tabindex") || el.querySelector("a, button, input, select, textarea")) { return; }
      el.tabIndex = 0;
      if (el.tagName !== "TABLE") {
        var caption = el.querySelector("caption");
        el.setAttribute("role", "region");
        if (caption) { el.setAttribute("aria-label", caption.textContent.trim()); }
      }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);
  // A wide cross-table (three dimensions) shows one group of columns at a time when the reporter picks one: the
  // columns of one option of its second dimension, in groups of data-slice-size. Hidden inputs are still sent
  // with the form. The choice is kept for the tab's session; without JavaScript every column shows.
  document.querySelectorAll("select[data-slice-table]").forEach(function (select) {
    var table = document.getElementById(select.dataset.sliceTable);
    var size = parseInt(table.dataset.sliceSize, 10);
    var groups = select.options.length - 1;
    var key = "antitrafik-slice-" + select.id;
    function show(group) {
      var head = table.tHead.rows;
      Array.prototype.forEach.call(head[0].cells, function (cell, i) {  // row dimension, groups, row total
        if (i >= 1 && i <= groups) { cell.hidden = group > 0 && i !== group; }
      });
      var rows = [head[1]].concat(Array.from(table.tBodies[0].rows), table.tFoot ? Array.from(table.tFoot.rows) : []);
      rows.forEach(function (row, r) {
        var first = r === 0 ? 0 : 1;  // body and footer rows start with their row header
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          var column = i - first;
          if (column >= 0 && column < groups * size) { cell.hidden = group > 0 && Math.floor(column / size) + 1 !== group; }
        });
      });
      focusableScrollers();
    }
    select.addEventListener("change", function () {
      show(parseInt(select.value || "0", 10));
      try { window.sessionStorage.setItem(key, select.value); } catch (e) { /* storage refused: not kept */ }
    });
    select.closest("[data-slice-control]").hidden = false;
    var saved = null;
    try { saved = window.sessionStorage.getItem(key); } catch (e) { /* storage refused */ }
    if (saved && select.querySelector("option[value='" + saved + "']")) { select.value = saved; show(parseInt(saved, 10)); }
  });
  // A board of quarters opens on its newest quarters (the right end); the older ones are a scroll away.
  document.querySelectorAll("[data-scroll-end]").forEach(function (el) { el.scrollLeft = el.scrollWidth; });
});
