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
});
