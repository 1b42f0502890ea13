// Header search over the Pagefind index: accents and case folded by Pagefind (>= 1.5).
// Loaded from the site's own origin; only the index fragments a query needs are fetched.
(function () {
  "use strict";
  var form = document.querySelector("form.rrc-search");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  var input = form.querySelector(".rrc-search__input");
  var list = form.querySelector(".rrc-search__results");
  var status = form.querySelector(".rrc-search__status");
  var root = new URL(form.dataset.siteRoot || ".", document.baseURI).href;
  if (!root.endsWith("/")) root += "/";
  var pagefind = null;
  var timer = null;
  var generation = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(root + "pagefind/pagefind.js").then(function (module) {
        return module.options({ baseUrl: new URL(root).pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function clear(message) {
    list.replaceChildren();
    list.hidden = true;
    status.textContent = message || "";
  }

  function show(results, query) {
    list.replaceChildren();
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.className = "rrc-search__result";
      var title = document.createElement("strong");
      title.textContent = (data.meta && data.meta.title) || data.url;
      link.appendChild(title);
      if (data.meta && data.meta.kind) {
        var kind = document.createElement("span");
        kind.className = "rrc-search__kind";
        kind.textContent = " · " + data.meta.kind;
        link.appendChild(kind);
      }
      var excerpt = document.createElement("span");
      excerpt.className = "rrc-search__excerpt";
      // The excerpt is HTML with <mark>; keep the text only (DOMParser runs and loads nothing).
      var parsed = new DOMParser().parseFromString(data.excerpt || "", "text/html");
      excerpt.textContent = parsed.body.textContent;
      link.appendChild(excerpt);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    status.textContent = results.length
      ? results.length + " résultat(s) pour « " + query + " »"
      : "Aucun résultat pour « " + query + " » : le registre n'est pas exhaustif.";
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Pages holding the query as a whole word (a certificate number, a SIREN) before those that only share
  // a part of it: Pagefind ranks "NF345ALPHA" close to "NF345ZETA".
  function exactFirst(results, query) {
    var needle = fold(query).replace(/\s+/g, " ").trim();
    var escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var pattern = new RegExp("(^|[^a-z0-9])" + escaped + "($|[^a-z0-9])");
    var exact = results.filter(function (r) { return pattern.test(fold(r.content)); });
    var others = results.filter(function (r) { return exact.indexOf(r) < 0; });
    return exact.concat(others);
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    if (query.length < 2) { clear(""); return; }
    status.textContent = "Recherche…";
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (mine !== generation) return null;
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (results && mine === generation) show(exactFirst(results, query).slice(0, 8), query);
    }).catch(function () {
      if (mine === generation) clear("La recherche n'a pas pu se charger.");
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", function () { load(); }, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; clear(""); }
    if (event.key === "ArrowDown" && !list.hidden) {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
})();
