/* Registre de la relation client: each certificate's status on the visitor's day, read from its timeline.
 *
 * Every status element carries its timeline (data-tl: "20210601uP 20220101vT …", each segment's first
 * day then a status letter and a basis letter) and, for a full status line, the words of each segment
 * (data-words). This script finds the segment holding today's date in Europe/Paris and shows its label
 * or its words: no rule, no date arithmetic; the letters, labels and month names come from
 * vocabulaire.js, generated from the Python that computed the timelines. A certificate that did not
 * exist yet on that day is hidden with its list item ([data-rr-item]). Idempotent, no network.
 * Also used by verifier.js and the day-following figures (window.RegistreStatus).
 */
(function () {
  "use strict";

  var VOCABULARY = window.RegistreVocabulary || { statuses: {}, bases: {}, labels: {}, months: [], first: "1" };
  var STATUSES = Object.keys(VOCABULARY.statuses).map(function (letter) { return VOCABULARY.statuses[letter]; });

  /* Today in Europe/Paris as YYYY-MM-DD, whatever the visitor's time zone. */
  function today() {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var value = {};
    parts.forEach(function (part) { value[part.type] = part.value; });
    return value.year + "-" + value.month + "-" + value.day;
  }

  /* "2026-12-01" -> "1ᵉʳ décembre 2026". */
  function formatDay(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!match) { return iso; }
    var day = Number(match[3]);
    return (day === 1 ? VOCABULARY.first : String(day)) + " " + VOCABULARY.months[Number(match[2]) - 1] + " " + match[1];
  }

  /* "20210601uP 20220101vT" -> [{from: "2021-06-01", status: "unknown", basis: "partial-date", code: "uP"}, …]. */
  function parse(text) {
    return (text || "").split(" ").filter(Boolean).map(function (token) {
      return {
        from: token.slice(0, 4) + "-" + token.slice(4, 6) + "-" + token.slice(6, 8),
        status: VOCABULARY.statuses[token.charAt(8)],
        basis: VOCABULARY.bases[token.charAt(9)],
        code: token.slice(8, 10)
      };
    });
  }

  /* The index of the segment holding `day` (YYYY-MM-DD), or -1 before the first. */
  function find(segments, day) {
    var found = -1;
    for (var i = 0; i < segments.length; i += 1) {
      if (segments[i].from <= day) { found = i; } else { break; }
    }
    return found;
  }

  /* The segment of a published timeline ([{from, until, status, basis}], from the JSON exports) holding `day`. */
  function segmentOf(timeline, day) {
    for (var i = 0; i < (timeline || []).length; i += 1) {
      var segment = timeline[i];
      if (segment.from <= day && (!segment.until || day < segment.until)) { return segment; }
    }
    return null;
  }

  function label(status, basis) {
    var code = Object.keys(VOCABULARY.statuses).filter(function (l) { return VOCABULARY.statuses[l] === status; })[0] +
      Object.keys(VOCABULARY.bases).filter(function (l) { return VOCABULARY.bases[l] === basis; })[0];
    return VOCABULARY.labels[code] || "";
  }

  function setClass(element, status) {
    STATUSES.forEach(function (s) { element.classList.remove("rr-status--" + s); });
    element.classList.add("rr-status--" + status);
    element.setAttribute("data-status", status);
  }

  /* The words of each segment; null stands for the words the page was built with (the build day's). */
  function words(element, text) {
    if (!element.rrWords) {
      try { element.rrWords = JSON.parse(element.getAttribute("data-words") || "[]"); } catch (error) { element.rrWords = []; }
      element.rrBuilt = text ? text.textContent : "";
    }
    return element.rrWords;
  }

  /* Show the element's status on `day`; returns the segment, or null when it did not exist yet. */
  function update(element, day) {
    var segments = parse(element.getAttribute("data-tl"));
    var index = find(segments, day);
    var item = element.closest("[data-rr-item]");
    if (item) { item.hidden = index < 0; }
    if (index < 0) { element.setAttribute("data-status", "absent"); return null; }
    var segment = segments[index];
    setClass(element, segment.status);
    element.setAttribute("data-basis", segment.basis);
    if (element.hasAttribute("data-short")) {
      element.textContent = VOCABULARY.labels[segment.code];
      return segment;
    }
    var text = element.querySelector(".rr-status__text");
    var on = element.querySelector(".rr-status__on");
    if (text) {
      var said = words(element, text)[index];
      text.textContent = said === null ? element.rrBuilt : said || VOCABULARY.labels[segment.code];
    }
    if (on) { on.textContent = "(statut au " + formatDay(day) + ")"; }
    return segment;
  }

  function updateAll(day) {
    day = day || today();
    var elements = document.querySelectorAll("[data-rr-status]");
    for (var i = 0; i < elements.length; i += 1) { update(elements[i], day); }
    var stamps = document.querySelectorAll("[data-rr-today]");
    for (var j = 0; j < stamps.length; j += 1) { stamps[j].textContent = formatDay(day); }
    document.dispatchEvent(new CustomEvent("registre:day", { detail: { day: day } }));
  }

  window.RegistreStatus = {
    today: today, formatDay: formatDay, parse: parse, find: find, segmentOf: segmentOf, label: label,
    update: update, updateAll: updateAll, vocabulary: VOCABULARY
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { updateAll(); });
  } else {
    updateAll();
  }
}());
