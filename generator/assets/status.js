/* Registre de la relation client: recompute every certificate's status for the visitor's day.
 *
 * A static page goes stale; each status element carries its dates (data-last-day, data-status-date,
 * data-declared) and this script applies the rules of generator/status.py to today's date in
 * Europe/Paris, so a page built weeks ago never shows a lapsed certificate as valid.
 * Idempotent, no network, no inline script; also used by verifier.js (window.RegistreStatus).
 */
(function () {
  "use strict";

  var EXPIRING_DAYS = 90;
  var DAY_MS = 86400000;
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"];
  var SHORT = {
    valid: "valide", expiring: "expire bientôt", expired: "expiré", suspended: "suspendu",
    withdrawn: "retiré", unknown: "statut inconnu"
  };
  var STATUSES = Object.keys(SHORT);

  /* Today in Europe/Paris as YYYY-MM-DD, whatever the visitor's time zone. */
  function today() {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var value = {};
    parts.forEach(function (part) { value[part.type] = part.value; });
    return value.year + "-" + value.month + "-" + value.day;
  }

  /* "2008", "2008-03" or "2008-03-05" -> [year, month or null, day or null]. */
  function parse(text) {
    var match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text || "");
    if (!match) { return null; }
    return [Number(match[1]), match[2] ? Number(match[2]) : null, match[3] ? Number(match[3]) : null];
  }

  /* Days since the epoch of the first day a (partial) date can mean. */
  function firstDay(text) {
    var p = parse(text);
    return p ? Date.UTC(p[0], (p[1] || 1) - 1, p[2] || 1) / DAY_MS : null;
  }

  function formatDays(days) {
    var d = new Date(days * DAY_MS);
    var day = d.getUTCDate();
    return (day === 1 ? "1er" : String(day)) + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function formatDay(iso) { return formatDays(firstDay(iso)); }

  /* What follows "depuis": "le 3 mars 2008", "mars 2008", "2008". */
  function since(text) {
    var p = parse(text);
    if (!p) { return text; }
    if (p[2]) { return "le " + formatDay(text); }
    return p[1] ? MONTHS[p[1] - 1] + " " + p[0] : String(p[0]);
  }

  /* A partial date as a status line says it: "le 3 mars 2008", "en mars 2008", "en 2008". */
  function onDay(text) {
    var p = parse(text);
    if (!p) { return text; }
    return p[2] ? "le " + formatDay(text) : "en " + since(text);
  }

  /* The status on `day` (YYYY-MM-DD): same order of rules as generator/status.py. */
  function compute(record, day) {
    var now = firstDay(day);
    var declared = record.declared || "active";
    if (declared !== "active" && record.statusDate && now >= firstDay(record.statusDate)) {
      return declared === "suspended" ? "suspended" : "withdrawn";
    }
    if (!record.lastDay) { return "unknown"; }
    var last = firstDay(record.lastDay);
    if (now > last) { return "expired"; }
    if (last - now <= EXPIRING_DAYS) { return "expiring"; }
    return "valid";
  }

  /* The contract's wording, as generator/render.py writes it. */
  function words(status, record) {
    switch (status) {
      case "valid": return "valide jusqu'au " + formatDay(record.lastDay);
      case "expiring": return "expire bientôt (le " + formatDay(record.lastDay) + ")";
      case "expired": return "expiré depuis le " + formatDays(firstDay(record.lastDay) + 1);
      case "suspended": return "suspendu depuis " + since(record.statusDate);
      case "withdrawn": return "retiré depuis " + since(record.statusDate);
      default: return "statut inconnu : " + (record.known || "aucune date connue");
    }
  }

  function recordOf(element) {
    return {
      lastDay: element.getAttribute("data-last-day") || "",
      statusDate: element.getAttribute("data-status-date") || "",
      declared: element.getAttribute("data-declared") || "active",
      known: element.getAttribute("data-known") || ""
    };
  }

  function setClass(element, status) {
    STATUSES.forEach(function (s) { element.classList.remove("rr-status--" + s); });
    element.classList.add("rr-status--" + status);
    element.setAttribute("data-status", status);
  }

  function update(element, day) {
    var record = recordOf(element);
    var status = compute(record, day);
    setClass(element, status);
    if (element.hasAttribute("data-short")) {
      element.textContent = SHORT[status];
      return;
    }
    var text = element.querySelector(".rr-status__text");
    var on = element.querySelector(".rr-status__on");
    var renewal = element.querySelector(".rr-status__renewal");
    if (text) { text.textContent = words(status, record); }
    if (on) { on.textContent = "(statut au " + formatDay(day) + ")"; }
    if (renewal) { renewal.hidden = status !== "expired" || element.hasAttribute("data-history"); }
  }

  function updateAll() {
    var day = today();
    var elements = document.querySelectorAll("[data-rr-status]");
    for (var i = 0; i < elements.length; i += 1) { update(elements[i], day); }
    var stamps = document.querySelectorAll("[data-rr-today]");
    for (var j = 0; j < stamps.length; j += 1) { stamps[j].textContent = formatDay(day); }
  }

  window.RegistreStatus = {
    today: today, compute: compute, words: words, formatDay: formatDay, onDay: onDay, short: SHORT, update: update
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", updateAll);
  } else {
    updateAll();
  }
}());
