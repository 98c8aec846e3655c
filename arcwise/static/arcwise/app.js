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

  // Drag and drop to reorder a list whose container names the URL that takes the new order.
  // Move up / Move down buttons remain the keyboard and no-JavaScript way.
  function enableReordering(root) {
    root.querySelectorAll("[data-reorder-url]").forEach(function (list) {
      if (list.dataset.reorderReady) return;
      list.dataset.reorderReady = "1";
      var dragged = null;
      list.querySelectorAll("[data-phase-id]").forEach(function (row) {
        var handle = row.querySelector(".drag-handle");
        if (handle) {
          handle.addEventListener("mousedown", function () { row.draggable = true; });
        }
        row.addEventListener("dragstart", function (event) {
          dragged = row;
          row.classList.add("is-dragging");
          event.dataTransfer.effectAllowed = "move";
        });
        row.addEventListener("dragend", function () {
          row.classList.remove("is-dragging");
          row.draggable = false;
        });
        row.addEventListener("dragover", function (event) {
          if (!dragged || dragged === row) return;
          event.preventDefault();
          row.classList.add("is-drop-target");
        });
        row.addEventListener("dragleave", function () { row.classList.remove("is-drop-target"); });
        row.addEventListener("drop", function (event) {
          event.preventDefault();
          row.classList.remove("is-drop-target");
          if (!dragged || dragged === row) return;
          var rows = Array.prototype.slice.call(list.children);
          var before = rows.indexOf(dragged) > rows.indexOf(row);
          list.insertBefore(dragged, before ? row : row.nextSibling);
          var order = Array.prototype.map.call(list.querySelectorAll("[data-phase-id]"), function (r) {
            return r.dataset.phaseId;
          });
          window.htmx.ajax("POST", list.dataset.reorderUrl, {
            target: "#designer-body",
            values: { order: order },
          });
        });
      });
    });
  }

  document.addEventListener("htmx:load", function (event) { enableReordering(event.target); });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target && event.detail.target.querySelector("[data-focus-after-swap]");
    if (target) target.focus();
  });
  document.addEventListener("htmx:historyRestore", syncInputsFromUrl);

  // A refused save (409 stale, 400 invalid) carries a message to show, so swap it in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a refused save the coach may keep their own text: adopt the saved version's
  // number, so the next save replaces it, and save now.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-adopt-version]");
    if (!button) return;
    var form = button.closest("form");
    form.querySelector("input[name=record_version]").value = button.dataset.adoptVersion;
    window.htmx.trigger(form, "submit");
  });
  // An autosave that never reached the server (offline) or failed there: say so next to the
  // text, which stays in the box untouched, and keep the version so the next save can go.
  function autosaveFailed(event) {
    var form = event.target && event.target.closest && event.target.closest("form[data-autosave]");
    if (!form) return;
    var status = form.querySelector("[data-save-status]");
    if (!status) return;
    var note = status.querySelector(".save-status__failed");
    if (!note) {
      status.querySelectorAll(".muted, .form-errors").forEach(function (old) { old.remove(); });
      note = document.createElement("p");
      note.className = "form-errors save-status__failed";
      status.appendChild(note);
    }
    note.textContent = "Not saved — your text is still here. It will be saved when you type " +
      "again, or press Save.";
  }
  document.addEventListener("htmx:sendError", autosaveFailed);
  document.addEventListener("htmx:responseError", autosaveFailed);

  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZones(document);
    focusErrors(document);
  });
})();
