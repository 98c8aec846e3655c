// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function guessTimeZones(root) {
    var guess;
    try {
      guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    root.querySelectorAll("select[data-guess-time-zone]").forEach(function (select) {
      var form = select.form;
      // Only on a fresh form: never overwrite a choice sent back with errors.
      if (form && form.querySelector(".form-errors")) return;
      if (select.value !== "UTC" || select.dataset.guessed) return;
      if (Array.prototype.some.call(select.options, function (o) { return o.value === guess; })) {
        select.value = guess;
        select.dataset.guessed = "1";
      }
    });
  }

  function focusErrors(root) {
    var summary = root.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  }

  // htmx restores the page from its history cache with the inputs as first rendered;
  // put back what the URL says was searched for.
  function syncInputsFromUrl() {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("input[data-sync-from-url]").forEach(function (input) {
      input.value = params.get(input.dataset.syncFromUrl) || "";
    });
  }

  document.addEventListener("htmx:historyRestore", syncInputsFromUrl);
  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZones(document);
    focusErrors(document);
  });
})();
