/* Registre de la relation client: the counts and lists of a page on the visitor's day.
 *
 * A figure container ([data-rr-figures="<série>"], with the build day in data-computed-on) shows the
 * build day's figures, rendered in Python. When the day status.js announces (the "registre:day" event)
 * is another, this script fetches the series' lookup files (api/v1/chiffres/<série>/index.json, then the
 * file whose period holds the day) and shows what they give for that day: each count is a step function
 * (the last step on or before the day), each list the first `limit` items whose days hold the day, in
 * the published order. No rule is applied here: Python computed which certificate counts on which day.
 * Words come from the page (data-forms: singular and plural, chosen by Intl.PluralRules("fr"));
 * every text is set with textContent.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = script ? script.src.replace(/assets\/registre\/figures\.js(?:[?#].*)?$/, "") : "";
  var BASE = ROOT + "api/v1/chiffres/";
  var PLURAL = new Intl.PluralRules("fr");
  var NUMBER = new Intl.NumberFormat("fr-FR");
  var requests = {};
  var states = [];  // per container: {element, built, shown, token}

  function getJSON(url) {
    if (!requests[url]) {
      requests[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(url + " : " + response.status); }
        return response.json();
      });
      requests[url].catch(function () { delete requests[url]; });
    }
    return requests[url];
  }

  /* The file whose period holds `day`: the last start on or before it (null: from the beginning). */
  function fileFor(starts, day) {
    var found = 0;
    for (var i = 0; i < starts.length; i += 1) {
      if (starts[i] === null || starts[i] <= day) { found = i; } else { break; }
    }
    return found;
  }

  function valueOn(count, day) {
    var value = count.start;
    for (var i = 0; i < count.steps.length; i += 1) {
      if (count.steps[i][0] <= day) { value = count.steps[i][1]; } else { break; }
    }
    return value;
  }

  /* An item of a lookup file ([values…], in the order of the file's "fields") as an object. */
  function named(fields, values) {
    var item = {};
    fields.forEach(function (field, index) { item[field] = values[index]; });
    return item;
  }

  /* Whether `day` is in one of the item's spans ("days": first day, first day after, …; null: open). */
  function listedOn(item, day) {
    for (var i = 0; i < item.days.length; i += 2) {
      var until = item.days[i + 1];
      if (item.days[i] <= day && (until === null || day < until)) { return true; }
    }
    return false;
  }

  function forms(element, n) {
    var both = JSON.parse(element.getAttribute("data-forms") || "[]");
    return both[PLURAL.select(n) === "one" ? 0 : 1] || "";
  }

  /* A count as the page shows it: <strong>N</strong> <span>words</span>, or the number alone. */
  function setCount(element, n) {
    var strong = element.querySelector("strong");
    if (!strong) { element.textContent = NUMBER.format(n); return; }
    strong.textContent = NUMBER.format(n);
    var words = strong.nextElementSibling;
    if (words && element.hasAttribute("data-forms")) { words.textContent = forms(element, n); }
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* One item, as templates/_figures.html writes it. */
  function itemElement(list, item, standards, day) {
    var layout = list.getAttribute("data-layout");
    var li = document.createElement("li");
    li.appendChild(link(ROOT + "entreprises/" + encodeURIComponent(item.company) + "/", item.name));
    var text = "";
    if (layout !== "standard") {
      li.appendChild(document.createTextNode(" : "));
      li.appendChild(link(ROOT + "referentiels/" + encodeURIComponent(item.standard) + "/",
        standards[item.standard] || item.standard));
    }
    if (item.scope) { text += " (" + item.scope + ")"; }
    if (layout === "certifier" && item.number) { text += ", " + list.getAttribute("data-number") + item.number; }
    if (item.when) { text += ", " + item.when; }
    if (text) { li.appendChild(document.createTextNode(text)); }
    if (item.former) {
      li.appendChild(document.createTextNode(" "));
      var small = document.createElement("small");
      small.textContent = list.getAttribute("data-former");
      li.appendChild(small);
    }
    li.appendChild(document.createTextNode(" "));
    var badge = document.createElement("span");
    badge.className = "rr-status";
    badge.setAttribute("data-rr-status", "");
    badge.setAttribute("data-tl", item.tl);
    badge.setAttribute("data-short", "");
    li.appendChild(badge);
    window.RegistreStatus.update(badge, day);
    return li;
  }

  function each(container, selector, fn) {
    Array.prototype.forEach.call(container.querySelectorAll(selector), fn);
  }

  function stamp(container, day) {
    each(container, "[data-rr-figures-day]", function (element) {
      element.textContent = window.RegistreStatus.formatDay(day);
    });
  }

  function apply(container, data, day) {
    each(container, "[data-rr-figure]", function (element) {
      var count = data.counts[element.getAttribute("data-rr-figure")];
      if (count) { setCount(element, valueOn(count, day)); }
    });
    var shown = {};
    each(container, "[data-rr-list]", function (list) {
      var name = list.getAttribute("data-rr-list");
      var spec = data.lists[name];
      if (!spec) { return; }
      var items = spec.items.map(function (values) { return named(data.fields, values); })
        .filter(function (item) { return listedOn(item, day); }).slice(0, spec.limit);
      var fragment = document.createDocumentFragment();
      items.forEach(function (item) { fragment.appendChild(itemElement(list, item, data.standards || {}, day)); });
      list.textContent = "";
      list.appendChild(fragment);
      list.hidden = items.length === 0;
      shown[name] = items.length;
      each(container, "[data-rr-empty=\"" + name + "\"]", function (empty) { empty.hidden = items.length > 0; });
    });
    each(container, "[data-rr-more]", function (more) {
      var name = more.getAttribute("data-rr-more");
      if (!data.counts[name] || !(name in shown)) { return; }
      var rest = valueOn(data.counts[name], day) - shown[name];
      setCount(more, Math.max(rest, 0));
      more.hidden = rest <= 0;
    });
    stamp(container, day);
    each(container, "[data-rr-figures-failed]", function (element) { element.hidden = true; });
  }

  function failed(state, day) {
    each(state.element, "[data-rr-figures-failed]", function (element) {
      element.querySelector("[data-rr-failed-day]").textContent = window.RegistreStatus.formatDay(day);
      element.querySelector("[data-rr-shown-day]").textContent = window.RegistreStatus.formatDay(state.shown);
      element.hidden = false;
    });
    // What shows is still the figures of `state.shown`: its badges say that day too.
    each(state.element, "[data-rr-list] [data-rr-status]", function (badge) {
      window.RegistreStatus.update(badge, state.shown);
    });
  }

  function follow(state, day) {
    if (day === state.shown) { state.token = null; return; }  // nothing to fetch; a pending answer is stale
    var token = state.token = {};
    var folder = BASE + state.element.getAttribute("data-rr-figures") + "/";
    state.element.setAttribute("aria-busy", "true");
    getJSON(folder + "index.json").then(function (index) {
      return getJSON(folder + fileFor(index.starts, day) + ".json");
    }).then(function (data) {
      if (token !== state.token) { return; }  // another day was asked for meanwhile
      apply(state.element, data, day);
      state.shown = day;
    }).catch(function () {
      if (token === state.token) { failed(state, day); }
    }).then(function () {
      if (token === state.token) { state.element.removeAttribute("aria-busy"); }
    });
  }

  function onDay(day) {
    if (!states.length) {
      each(document, "[data-rr-live]", function (element) { element.hidden = false; });
      Array.prototype.forEach.call(document.querySelectorAll("[data-rr-figures]"), function (element) {
        var built = element.getAttribute("data-computed-on");
        states.push({ element: element, built: built, shown: built, token: null });
      });
    }
    states.forEach(function (state) { follow(state, day); });
  }

  document.addEventListener("registre:day", function (event) { onDay(event.detail.day); });
  // status.js announces the day once the page is parsed; if it already did, ask it again.
  if (document.readyState !== "loading" && window.RegistreStatus) { onDay(window.RegistreStatus.today()); }
}());
