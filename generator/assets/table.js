/* Registre de la relation client: filters and sorting for the table of /entreprises/.
 *
 * Without script the whole table shows. With it: a text filter (accents and case ignored), one
 * select each for standard, certifier, status and sector, sortable columns (buttons in the headers,
 * aria-sort), and the state kept in the query string so a filtered view can be shared.
 * Rows are shown and hidden with the `hidden` attribute: fast enough for 10,000 rows. The status filter
 * reads the badges status.js set for the visitor's day (a certificate not attributed yet that day is
 * hidden and matches nothing), and runs again when the day changes ("registre:day"). When no row is
 * left, the page says so in words.
 */
(function () {
  "use strict";

  var PARAMS = ["q", "referentiel", "certificateur", "statut", "secteur"];
  var SORT_KEYS = { name: 0, siren: 1, sector: 3 };
  var PLURAL = new Intl.PluralRules("fr");
  var NUMBER = new Intl.NumberFormat("fr-FR");

  /* "1 entreprise", "3 entreprises": the words are the page's (data-forms), the choice Intl's. */
  function counted(element, n) {
    var forms = JSON.parse(element.getAttribute("data-forms") || "[]");
    return NUMBER.format(n) + " " + (forms[PLURAL.select(n) === "one" ? 0 : 1] || "");
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, ms);
    };
  }

  function init(form) {
    var table = document.querySelector("table[data-rr-table]");
    if (!table || form.getAttribute("data-rr-ready")) { return; }
    form.setAttribute("data-rr-ready", "1");
    var tbody = table.tBodies[0];
    var count = document.querySelector("[data-rr-count]");
    var empty = document.querySelector("[data-rr-table-empty]");
    var collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
    var rows = Array.prototype.map.call(tbody.rows, function (row, index) {
      return {
        row: row,
        index: index,
        q: row.getAttribute("data-q") || "",
        sector: row.getAttribute("data-sector") || "",
        items: Array.prototype.map.call(row.querySelectorAll("li[data-standard]"), function (li) {
          return {
            standard: li.getAttribute("data-standard"),
            certifier: li.getAttribute("data-certifier") || "",
            item: li,
            badge: li.querySelector("[data-rr-status]")
          };
        }),
        keys: null
      };
    });
    var sort = { key: "", order: "asc" };

    function value(name) {
      var field = form.elements[name];
      return field ? field.value : "";
    }

    function matches(entry, state) {
      if (state.q && entry.q.indexOf(state.q) === -1) { return false; }
      if (state.secteur && entry.sector !== state.secteur) { return false; }
      if (!state.referentiel && !state.certificateur && !state.statut) { return true; }
      return entry.items.some(function (item) {
        return !item.item.hidden && (!state.referentiel || item.standard === state.referentiel) &&
          (!state.certificateur || item.certifier === state.certificateur) &&
          (!state.statut || (item.badge && item.badge.getAttribute("data-status") === state.statut));
      });
    }

    function apply() {
      var state = {};
      PARAMS.forEach(function (name) { state[name] = value(name); });
      state.q = fold(state.q);
      var shown = 0;
      rows.forEach(function (entry) {
        var show = matches(entry, state);
        if (entry.row.hidden === show) { entry.row.hidden = !show; }
        if (show) { shown += 1; }
      });
      if (count) {
        count.textContent = shown === rows.length ? counted(count, rows.length) + "."
          : counted(count, shown) + " sur " + NUMBER.format(rows.length) + ".";
      }
      if (empty) { empty.hidden = shown > 0; }
      writeUrl();
    }

    function writeUrl() {
      var params = new URLSearchParams(window.location.search);
      PARAMS.forEach(function (name) {
        var v = value(name);
        if (v) { params.set(name, v); } else { params.delete(name); }
      });
      if (sort.key) { params.set("tri", sort.key); params.set("ordre", sort.order); } else {
        params.delete("tri"); params.delete("ordre");
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      PARAMS.forEach(function (name) {
        var field = form.elements[name];
        var v = params.get(name);
        if (!field || v === null) { return; }
        if (field.tagName === "SELECT") {
          var known = Array.prototype.some.call(field.options, function (o) { return o.value === v; });
          if (known) { field.value = v; }
        } else {
          field.value = v;
        }
      });
      var key = params.get("tri");
      if (key && Object.prototype.hasOwnProperty.call(SORT_KEYS, key)) {
        sort.key = key;
        sort.order = params.get("ordre") === "desc" ? "desc" : "asc";
      }
    }

    function sortKey(entry, key) {
      if (!entry.keys) {
        var cells = entry.row.cells;
        entry.keys = {};
        Object.keys(SORT_KEYS).forEach(function (k) {
          var cell = cells[SORT_KEYS[k]];
          entry.keys[k] = cell ? cell.textContent.trim() : "";
        });
      }
      return entry.keys[key];
    }

    function applySort() {
      var headers = table.tHead ? table.tHead.querySelectorAll("th[data-sort]") : [];
      Array.prototype.forEach.call(headers, function (th) {
        if (th.getAttribute("data-sort") === sort.key) {
          th.setAttribute("aria-sort", sort.order === "asc" ? "ascending" : "descending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });
      var ordered = rows.slice();
      if (sort.key) {
        var sign = sort.order === "asc" ? 1 : -1;
        ordered.sort(function (a, b) {
          var x = sortKey(a, sort.key);
          var y = sortKey(b, sort.key);
          if (!x !== !y) { return x ? -1 : 1; }  // empty values last, either order
          return sign * collator.compare(x, y) || a.index - b.index;
        });
      }
      var fragment = document.createDocumentFragment();
      ordered.forEach(function (entry) { fragment.appendChild(entry.row); });
      tbody.appendChild(fragment);
    }

    var headers = table.tHead ? table.tHead.querySelectorAll("th[data-sort]") : [];
    Array.prototype.forEach.call(headers, function (th) {
      if (th.querySelector("button")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rr-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        sort.order = sort.key === key && sort.order === "asc" ? "desc" : "asc";
        sort.key = key;
        applySort();
        writeUrl();
      });
    });

    readUrl();
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("change", apply);
    form.addEventListener("input", debounce(apply, 200));
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    document.addEventListener("registre:day", apply);
    if (sort.key) { applySort(); }
    apply();
  }

  function start() {
    var forms = document.querySelectorAll("form[data-rr-filters]");
    for (var i = 0; i < forms.length; i += 1) { init(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
