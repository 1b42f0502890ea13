/* Registre de la relation client: the header search, over the Pagefind index (accents and case folded).
 *
 * Loaded from the site's own origin; only the index fragments a query needs are fetched. Each indexed page
 * carries its fields as Pagefind metadata, searched apart from the text: `resume` (one French sentence,
 * shown instead of Pagefind's raw excerpt), `siren`, `secteur`, `referentiels`, `statut_declare`. No status
 * is in the index: a status depends on the day, the index does not.
 *
 * Pagefind answers a word it does not know with the longest indexed word that begins it ("xyzzy" finds
 * the "X" of "NF X50-798", an unknown SIREN finds every "5"): a result is kept only when each word of the
 * query, or a word sharing its first letters (a plural, an ending), is on the page.
 */
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
  var SHOWN = 8;
  var CHECKED = 20;  // results whose page is read to check the words; beyond, Pagefind's count is trusted
  // The fields a result can be found by, as a visitor names them (the title is the name: it goes unsaid).
  var FIELDS = [["siren", "SIREN"], ["secteur", "Secteur"], ["referentiels", "Référentiels"],
                ["statut_declare", "Statut déclaré dans la fiche"]];
  var KINDS = [["entreprises/", "entreprise"], ["referentiels/", "référentiel"], ["certificateurs/", "certificateur"]];
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

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function termsOf(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function sharedStart(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) n += 1;
    return n;
  }

  /* Whether every term of the query, or a word sharing at least its first 60 % (3 letters or more), is on the page. */
  function holdsEveryTerm(data, terms) {
    var meta = data.meta || {};
    var text = [data.content || ""].concat(Object.keys(meta).map(function (k) { return meta[k]; })).join(" ");
    var words = termsOf(text);
    return terms.every(function (term) {
      var need = term.length <= 3 ? term.length : Math.max(3, Math.ceil(term.length * 0.6));
      return words.some(function (word) { return sharedStart(word, term) >= need; });
    });
  }

  /* A SIREN typed with spaces ("402 960 397") is searched as the nine digits the pages hold. */
  function normalise(query) {
    var lookup = window.RegistreLookup;
    return (lookup && lookup.sirenOf(query)) || query;
  }

  function kindOf(url) {
    var path = new URL(url, document.baseURI).pathname;
    var rootPath = new URL(root).pathname;
    var inside = path.indexOf(rootPath) === 0 ? path.slice(rootPath.length) : path;
    var kind = KINDS.filter(function (k) { return inside.indexOf(k[0]) === 0; })[0];
    return kind ? kind[1] : "";
  }

  function span(className, text) {
    var node = document.createElement("span");
    node.className = className;
    node.textContent = text;
    return node;
  }

  function clear(message) {
    list.replaceChildren();
    list.hidden = true;
    status.textContent = message || "";
  }

  function resultItem(found) {
    var data = found.data;
    var meta = data.meta || {};
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.className = "rrc-search__result";
    var title = document.createElement("strong");
    title.textContent = meta.title || data.url;
    link.appendChild(title);
    var kind = kindOf(data.url);
    if (kind) link.appendChild(span("rrc-search__kind", " · " + kind));
    var matched = FIELDS.filter(function (f) { return found.fields.indexOf(f[0]) >= 0 && meta[f[0]]; })
      .map(function (f) { return f[1] + " : " + meta[f[0]]; });
    if (matched.length) link.appendChild(span("rrc-search__match", matched.join(" ; ")));
    if (meta.resume) {
      link.appendChild(span("rrc-search__excerpt", meta.resume));
    } else {
      // A page without its sentence: Pagefind's excerpt is HTML with <mark>, keep the text (DOMParser loads nothing).
      link.appendChild(span("rrc-search__excerpt",
        new DOMParser().parseFromString(data.excerpt || "", "text/html").body.textContent));
    }
    item.appendChild(link);
    return item;
  }

  /* When the query names a sector, the list of companies shows all of that sector's companies. */
  function sectorItem(results, query) {
    var wanted = fold(query).trim();
    var hit = results.filter(function (r) { return r.data.meta && fold(r.data.meta.secteur).trim() === wanted; })[0];
    if (!hit) return null;
    var sector = hit.data.meta.secteur.trim();
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.className = "rrc-search__result rrc-search__result--all";
    link.href = root + "entreprises/?secteur=" + encodeURIComponent(sector);
    link.textContent = "Toutes les entreprises du secteur «\u00a0" + sector + "\u00a0», dans la liste des entreprises";
    item.appendChild(link);
    return item;
  }

  function show(results, total, query) {
    list.replaceChildren();
    results.slice(0, SHOWN).forEach(function (found) { list.appendChild(resultItem(found)); });
    var sector = sectorItem(results, query);
    if (sector) list.appendChild(sector);
    list.hidden = results.length === 0;
    if (!total) {
      status.textContent = "Aucun résultat pour « " + query + " » : le registre n'est pas exhaustif.";
    } else {
      status.textContent = total + (total === 1 ? " résultat" : " résultats") + " pour « " + query + " »" +
        (total > SHOWN ? ", les " + SHOWN + " premiers ci-dessous" : "");
    }
  }

  // Pages holding the query as a whole word (a certificate number, a SIREN) before those that only share
  // a part of it: Pagefind ranks "NF345ALPHA" close to "NF345ZETA".
  function exactFirst(results, query) {
    var needle = fold(query).replace(/\s+/g, " ").trim();
    var escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var pattern = new RegExp("(^|[^a-z0-9])" + escaped + "($|[^a-z0-9])");
    var exact = results.filter(function (r) { return pattern.test(fold(r.data.content)); });
    var others = results.filter(function (r) { return exact.indexOf(r) < 0; });
    return exact.concat(others);
  }

  function run() {
    var typed = input.value.trim();
    var mine = ++generation;
    if (typed.length < 2) { clear(""); return; }
    var query = normalise(typed);
    var terms = termsOf(query);
    status.textContent = "Recherche…";
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (mine !== generation) return null;
      return Promise.all(search.results.slice(0, CHECKED).map(function (r) {
        return r.data().then(function (data) { return { data: data, fields: r.matchedMetaFields || [] }; });
      })).then(function (checked) {
        var kept = checked.filter(function (r) { return holdsEveryTerm(r.data, terms); });
        // Beyond the pages read, trust Pagefind's count only when the pages read held the query.
        var total = kept.length ? kept.length + Math.max(0, search.results.length - CHECKED) : 0;
        return { kept: kept, total: total };
      });
    }).then(function (found) {
      if (found && mine === generation) show(exactFirst(found.kept, query), found.total, typed);
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
