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
  // A board of quarters opens on its newest quarters (the right end); the older ones are a scroll away.
  document.querySelectorAll("[data-scroll-end]").forEach(function (el) { el.scrollLeft = el.scrollWidth; });
});
