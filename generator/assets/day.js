/* Registre de la relation client: a company page on a chosen day.
 *
 * The verdict line ([data-rr-verdict]) shows the words Python computed for the day announced by
 * status.js ("registre:day"): data-steps lists the days its words change, data-words the words before
 * the first of them and from each. The form [data-rr-day-control] lets the visitor pick a day: every
 * status of the page is then re-read for it (RegistreStatus.updateAll), and the address keeps it
 * (?date=AAAA-MM-JJ) so that the view can be shared. No rule, no date arithmetic: a chosen date is only
 * checked to be a real calendar day.
 *
 * The charts ([data-rr-chart], render/charts.py) are drawn at build time with a marker at the build day
 * ([data-rr-chart-day]): it moves to the visitor's day by the chart's linear map from days to x
 * (data-from, data-to, data-x0, data-x1), and hides outside the chart's span. Drawing, not a rule.
 */
(function () {
  "use strict";

  var PARAM = "date";

  /* "2025-02-30" is not a day; "2025-03-15" is. */
  function isDay(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) { return false; }
    var date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 &&
      date.getUTCDate() === Number(match[3]);
  }

  function showVerdict(element, day) {
    var steps = (element.getAttribute("data-steps") || "").split(" ").filter(Boolean).map(function (s) {
      return s.slice(0, 4) + "-" + s.slice(4, 6) + "-" + s.slice(6, 8);
    });
    var words;
    try { words = JSON.parse(element.getAttribute("data-words") || "[]"); } catch (error) { return; }
    var index = 0;
    while (index < steps.length && steps[index] <= day) { index += 1; }
    var before = element.querySelector("[data-rr-verdict-before]");
    var after = element.querySelector("[data-rr-verdict-after]");
    /* null: the words the page was built with; a number in first place: the first words of that entry. */
    if (!element.rrBuilt) { element.rrBuilt = [before.textContent, after.textContent]; }
    var said = words[index] === null ? element.rrBuilt : words[index];
    if (!said) { return; }
    var first = typeof said[0] === "number" ? (words[said[0]] || element.rrBuilt)[0] : said[0];
    before.textContent = first;
    element.querySelector("[data-rr-verdict-day]").textContent = window.RegistreStatus.formatDay(day);
    after.textContent = said[1];
  }

  function utcDays(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86400000 : NaN;
  }

  function placeMarker(chart, day) {
    var marker = chart.querySelector("[data-rr-chart-day]");
    if (!marker) { return; }
    var from = utcDays(chart.getAttribute("data-from"));
    var to = utcDays(chart.getAttribute("data-to"));
    var at = utcDays(day);
    if (!(at >= from && at < to)) { marker.setAttribute("hidden", ""); return; }
    var x0 = Number(chart.getAttribute("data-x0"));
    var x1 = Number(chart.getAttribute("data-x1"));
    var x = x0 + (at - from) / (to - from) * (x1 - x0);
    var width = chart.viewBox.baseVal.width;
    marker.setAttribute("transform", "translate(" + x.toFixed(1) + " 0)");
    var text = marker.querySelector("text");
    text.setAttribute("text-anchor", x < 90 ? "start" : (x > width - 90 ? "end" : "middle"));
    text.textContent = window.RegistreStatus.formatDay(day);
    marker.removeAttribute("hidden");
  }

  function setDateParam(day) {
    var url = new URL(window.location.href);
    if (day) { url.searchParams.set(PARAM, day); } else { url.searchParams.delete(PARAM); }
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }

  function initControl(form) {
    var input = form.querySelector("input[type=date]");
    var reset = form.querySelector("[data-rr-day-reset]");
    var invalid = form.querySelector("[data-rr-day-invalid]");

    function show(day) {
      var chosen = day !== window.RegistreStatus.today();
      input.value = day;
      form.querySelector("[data-rr-day-value]").textContent = window.RegistreStatus.formatDay(day);
      form.querySelector("[data-rr-day-chosen]").hidden = !chosen;
      form.querySelector("[data-rr-day-today]").hidden = chosen;
      reset.hidden = !chosen;
    }

    document.addEventListener("registre:day", function (event) { show(event.detail.day); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!isDay(input.value)) { input.reportValidity(); return; }
      invalid.hidden = true;
      setDateParam(input.value);
      window.RegistreStatus.updateAll(input.value);
    });
    reset.addEventListener("click", function () {
      invalid.hidden = true;
      setDateParam(null);
      window.RegistreStatus.updateAll(window.RegistreStatus.today());
      input.focus();
    });
    form.hidden = false;

    var asked = new URLSearchParams(window.location.search).get(PARAM);
    if (asked !== null && isDay(asked)) {
      window.RegistreStatus.updateAll(asked);
    } else {
      if (asked !== null) {
        invalid.querySelector("span").textContent = asked;
        invalid.hidden = false;
      }
      show(window.RegistreStatus.today());
    }
  }

  function verdicts(day) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-rr-verdict]"), function (element) {
      showVerdict(element, day);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-rr-chart]"), function (chart) {
      placeMarker(chart, day);
    });
  }

  // Listening from now on: status.js announces the visitor's day when the page is parsed.
  document.addEventListener("registre:day", function (event) { verdicts(event.detail.day); });

  function start() {
    var forms = document.querySelectorAll("form[data-rr-day-control]");
    for (var i = 0; i < forms.length; i += 1) { initControl(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    verdicts(window.RegistreStatus.today());  // status.js has announced it already
    start();
  }
}());
