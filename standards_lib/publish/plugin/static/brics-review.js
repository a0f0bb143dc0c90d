/* brics-standards review workspace: one-click decisions and keyboard shortcuts.
   j / k: next / previous card; c / r / d: confirm / reject / discuss the current card; n: its note.
   Decisions are posted with fetch (the form's own CSRF token) and the card is updated in place;
   without JavaScript the same forms post normally. */
(function () {
  "use strict";
  var DECISION_CLASSES = ["brics-card-confirmed", "brics-card-rejected", "brics-card-needs_discussion"];
  var KEYS = { c: "confirm", r: "reject", d: "discuss" };

  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".brics-card, tr.brics-eq")); }
  var current = -1;

  function select(index) {
    var list = cards();
    if (!list.length) { return; }
    index = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (card) { card.classList.remove("brics-current"); });
    current = index;
    list[index].classList.add("brics-current");
    list[index].scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function bumpProgress() {
    var box = document.getElementById("brics-progress");
    if (!box) { return; }
    var reviewed = parseInt(box.getAttribute("data-reviewed"), 10) + 1;
    var total = parseInt(box.getAttribute("data-total"), 10);
    box.setAttribute("data-reviewed", String(reviewed));
    Array.prototype.forEach.call(document.querySelectorAll(".brics-reviewed-n"), function (count) {
      count.textContent = reviewed.toLocaleString("en");
    });
    var fill = document.getElementById("brics-bar-fill");
    if (fill && total) { fill.style.width = (100 * reviewed / total).toFixed(1) + "%"; }
  }

  function showDecision(card, result) {
    var line = card.querySelector("[data-role=decision]") || card.querySelector(".brics-decision");
    if (line) {
      line.textContent = "";
      var strong = document.createElement("strong");
      strong.textContent = result.label;
      line.appendChild(strong);
      line.appendChild(document.createTextNode(" — " + result.reviewer + ", " + String(result.reviewed_at).slice(0, 10)
        + (result.note ? ": “" + result.note + "”" : "")));
    }
    DECISION_CLASSES.forEach(function (c) { card.classList.remove(c); });
    card.classList.add("brics-card-" + result.decision);
    if (card.getAttribute("data-decided") === "no") { bumpProgress(); }
    card.setAttribute("data-decided", "yes");
    var note = card.querySelector("input[name=note]");
    if (note) { note.value = ""; note.placeholder = "Why change? 修改原因"; }
  }

  function decide(form, action) {
    var card = form.closest(".brics-card, tr.brics-eq");
    var data = new URLSearchParams(new FormData(form));  /* form-urlencoded, as Datasette reads posts */
    data.set("action", action);
    form.classList.add("brics-busy");
    return fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                               headers: { "Accept": "application/json" } })
      .then(function (response) {
        if ((response.headers.get("content-type") || "").indexOf("json") < 0) {
          throw new Error("HTTP " + response.status + (response.status === 403 ? " (signed out? reload the page)" : ""));
        }
        return response.json();
      })
      .then(function (result) {
        form.classList.remove("brics-busy");
        if (!result.ok) { throw new Error(result.error || "not stored"); }
        showDecision(card, result);
        var list = cards();
        var index = list.indexOf(card);
        if (index >= 0 && index + 1 < list.length) { select(index + 1); }
      })
      .catch(function (error) {
        form.classList.remove("brics-busy");
        window.alert("The decision was not stored: " + error.message);
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("brics-decide") || !window.fetch) { return; }
    var button = event.submitter;
    if (!button || !button.value) { return; }
    event.preventDefault();
    decide(form, button.value);
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (tag === "input" || tag === "textarea" || tag === "select") {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var list = cards();
    if (!list.length) { return; }
    if (event.key === "j") { select(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { select(current - 1); event.preventDefault(); return; }
    if (current < 0) { select(0); }
    var form = list[current].querySelector("form.brics-decide");
    if (!form) { return; }
    if (KEYS[event.key]) { event.preventDefault(); decide(form, KEYS[event.key]); return; }
    if (event.key === "n") {
      var note = form.querySelector("input[name=note]");
      if (note) { event.preventDefault(); note.focus(); }
    }
  });

  function applyFilters(form) {
    var params = new URLSearchParams();
    var defaults = { kind: "equivalences", status: "open", order: "useful" };
    new FormData(form).forEach(function (value, name) {
      if (value && defaults[name] !== value) { params.append(name, value); }
    });
    var query = params.toString();
    window.location.assign(form.getAttribute("action") + (query ? "?" + query : ""));
  }

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.classList.contains("brics-filters")) { applyFilters(form); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("brics-filters")) { event.preventDefault(); applyFilters(form); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector(".brics-card")) { select(0); window.scrollTo(0, 0); }
  });
})();
