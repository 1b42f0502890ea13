/* Registre de la relation client: /verifier/, the registry's exact answer for a SIREN, a certificate number or a name.
 *
 * A query that is a SIREN (nine digits, spaces allowed) is looked up in the SIREN table (and as a
 * certificate number, in case one is made of nine digits); other text is looked up as a certificate
 * number (case, accents, spaces and punctuation aside) and, only when no number matches, in the words of
 * names and other names. The tables are the small files of api/v1/recherche/, written by
 * generator/export/lookup.py: their index gives the shards that exist, the key length, the folding table
 * and the words left out of names. The folding below is the Python one's copy (a test runs both on the
 * same inputs). Each company's certificates come from api/v1/entreprises/<id>.json and their status on the
 * chosen day from their published timelines (window.RegistreStatus.segmentOf): no rule here.
 * Results are built with DOM methods only, never as HTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 10;
  var ANNUAIRE = "https://annuaire-entreprises.data.gouv.fr/entreprise/";
  var REASON_ORDER = ["siren", "number", "name", "alias"];

  /* --- Folding: the copy of generator/export/lookup.py (fold, words, name_words, number_key, siren_of). --- */

  function fold(text, letters) {
    var plain = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return Array.from(plain).map(function (char) {
      return Object.prototype.hasOwnProperty.call(letters, char) ? letters[char] : char;
    }).join("");
  }

  function words(text, letters) {
    return fold(text, letters).match(/[a-z0-9]+/g) || [];
  }

  function nameWords(text, letters, stopWords) {
    var found = words(text, letters);
    var kept = found.filter(function (word) { return stopWords.indexOf(word) < 0; });
    return kept.length ? kept : found;
  }

  function numberKey(text, letters) {
    return words(text, letters).join("");
  }

  function sirenOf(text) {
    var digits = String(text || "").normalize("NFKD").replace(/[ \t\n\r\f\v]+/g, "");
    return /^[0-9]{9}$/.test(digits) ? digits : null;
  }

  /* The SIREN's key (its last digit) is a Luhn check digit, as python-stdnum checks it at build time. */
  function luhnValid(digits) {
    var total = 0;
    for (var i = 0; i < digits.length; i += 1) {
      var value = Number(digits.charAt(digits.length - 1 - i)) * (i % 2 ? 2 : 1);
      total += value > 9 ? value - 9 : value;
    }
    return total % 10 === 0;
  }

  /* "402960397" -> "402 960 397", as printed on documents. */
  function groupSiren(siren) {
    return siren.slice(0, 3) + "\u00a0" + siren.slice(3, 6) + "\u00a0" + siren.slice(6);
  }

  /* A real day written AAAA-MM-JJ, else null. */
  function validDay(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) { return null; }
    var date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 &&
      date.getUTCDate() === Number(match[3]) ? text : null;
  }

  window.RegistreLookup = {
    fold: fold, words: words, nameWords: nameWords, numberKey: numberKey, sirenOf: sirenOf,
    luhnValid: luhnValid, validDay: validDay
  };

  /* --- The lookup tables, fetched shard by shard. --- */

  function Tables(root) {
    this.root = root;
    this.cache = {};
    this.index = null;
  }

  Tables.prototype.get = function (path) {
    if (!this.cache[path]) {
      this.cache[path] = fetch(new URL("api/v1/recherche/" + path, this.root).href).then(function (response) {
        if (!response.ok) { throw new Error(path + ": " + response.status); }
        return response.json();
      });
    }
    return this.cache[path];
  };

  Tables.prototype.load = function () {
    var self = this;
    return this.get("index.json").then(function (index) { self.index = index; return index; });
  };

  /* The shard `folder/key.json` when the index lists it, else an empty table (no request). */
  Tables.prototype.shard = function (list, folder, key) {
    return this.index[list].indexOf(key) < 0 ? Promise.resolve({}) : this.get(folder + "/" + key + ".json");
  };

  Tables.prototype.bySiren = function (siren) {
    return this.shard("siren", "siren", siren.slice(0, this.index.key_length)).then(function (table) {
      return (table[siren] || []).map(function (id) { return { id: id, kind: "siren", value: siren }; });
    });
  };

  Tables.prototype.byNumber = function (query) {
    var key = numberKey(query, this.index.folded_letters);
    if (!key) { return Promise.resolve([]); }
    return this.shard("numbers", "numeros", key.slice(-this.index.key_length)).then(function (table) {
      return (table[key] || []).map(function (pair) {
        return { id: pair[0], kind: "number", certificate: pair[1] };
      });
    });
  };

  /* Every query word in one name (or one other name) of a company; the last word may begin a word. */
  Tables.prototype.byName = function (query) {
    var index = this.index;
    var wanted = nameWords(query, index.folded_letters, index.stop_words);
    if (!wanted.length) { return Promise.resolve([]); }
    var self = this;
    return Promise.all(wanted.map(function (word) {
      return self.shard("names", "noms", word.slice(0, index.key_length));
    })).then(function (tables) {
      var found = null;
      wanted.forEach(function (word, i) {
        var prefix = i === wanted.length - 1 && word.length >= index.key_length;
        var here = {};
        Object.keys(tables[i]).forEach(function (indexed) {
          if (indexed === word || (prefix && indexed.indexOf(word) === 0)) {
            tables[i][indexed].forEach(function (entry) { here[entry[0] + " " + entry[1]] = entry; });
          }
        });
        if (found === null) {
          found = here;
        } else {
          Object.keys(found).forEach(function (key) { if (!here[key]) { delete found[key]; } });
        }
      });
      return Object.keys(found).map(function (key) {
        var entry = found[key];
        return { id: entry[0], kind: entry[1] === 0 ? "name" : "alias", place: entry[1], size: entry[2],
                 whole: entry[2] === wanted.length };
      }).sort(function (a, b) {
        return (b.whole - a.whole) || (a.size - b.size) || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.place - b.place);
      });
    });
  };

  /* --- The page. --- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function link(href, text, external) {
    var a = element("a", null, text);
    a.href = href;
    if (external) { a.rel = "external nofollow"; }
    return a;
  }

  function isHttp(url) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:";
    } catch (error) {
      return false;
    }
  }

  function init(form) {
    if (form.getAttribute("data-rr-ready")) { return; }
    form.setAttribute("data-rr-ready", "1");
    var input = form.elements.q;
    var dateInput = form.elements.date;
    var output = document.querySelector("[data-rr-verify-results]");
    var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
    var tables = new Tables(root);
    var status = window.RegistreStatus;
    var latest = 0;

    var names = { standards: {}, certifiers: {} };
    try {
      var block = document.querySelector("script[data-rr-names]");
      if (block) { names = JSON.parse(block.textContent); }
    } catch (error) {
      names = { standards: {}, certifiers: {} };
    }

    function page(path) { return new URL(path, root).href; }

    function companyRecord(id) {
      return fetch(page("api/v1/entreprises/" + encodeURIComponent(id) + ".json"))
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }

    /* What a certificate was on `day`, in the words Python published (only for one that existed then). */
    function statusLine(segment, day) {
      var line = element("p", "rr-status rr-status--" + segment.status);
      line.setAttribute("data-status", segment.status);
      line.appendChild(element("span", "rr-status__text", segment.text));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "rr-status__on", "(statut au " + status.formatDay(day) + ")"));
      return line;
    }

    /* Before its first segment a certificate did not exist yet: it is not listed, it is only counted. */
    function notYetLine(count, none, searched, day, url) {
      var when = " au " + status.formatDay(day) + " d'après les sources";
      var words;
      if (none && !searched) {
        words = "Aucun certificat connu de cette entreprise n'existait encore" + when + ". ";
      } else if (count === 1) {
        words = (searched ? "Le certificat recherché" : "Un autre certificat connu de cette entreprise") +
          " n'existait pas encore" + when + " : il n'est pas listé. ";
      } else {
        words = new Intl.NumberFormat("fr-FR").format(count) + " certificats connus de cette entreprise" +
          (searched ? ", dont celui recherché," : "") + " n'existaient pas encore" + when + " : ils ne sont pas listés. ";
      }
      var p = element("p", "rr-verify-later", words);
      p.appendChild(link(url, "Voir la fiche"));
      p.appendChild(document.createTextNode("."));
      return p;
    }

    function certificateItem(c, segment, day, matched) {
      var certifier = c.certifier ? (names.certifiers[c.certifier] || { name: c.certifier }) : null;
      var li = element("li", "rr-verify-cert" + (matched ? " rr-verify-cert--matched" : ""));
      var title = element("p", "rr-verify-cert__title");
      title.appendChild(link(page("referentiels/" + encodeURIComponent(c.standard) + "/"),
        names.standards[c.standard] || c.standard));
      if (c.scope) { title.appendChild(document.createTextNode(" (" + c.scope + ")")); }
      if (matched) { title.appendChild(element("strong", "rr-verify-cert__matched", " — numéro recherché")); }
      li.appendChild(title);
      li.appendChild(statusLine(segment, day));
      var facts = element("p", "rr-verify-cert__facts");
      if (certifier) {
        facts.appendChild(document.createTextNode("Certificateur : "));
        facts.appendChild(link(page("certificateurs/" + encodeURIComponent(c.certifier) + "/"), certifier.name));
      } else {
        facts.appendChild(document.createTextNode("Certificateur non précisé par les sources"));
      }
      if (c.number) { facts.appendChild(document.createTextNode(" ; numéro " + c.number)); }
      li.appendChild(facts);
      if (certifier && certifier.lookup_url && isHttp(certifier.lookup_url)) {
        var check = element("p", "rr-verify-cert__lookup", "Vérifier auprès du certificateur : ");
        check.appendChild(link(certifier.lookup_url, "sa recherche de certificats", true));
        li.appendChild(check);
      }
      return li;
    }

    function matchWords(reason, info) {
      if (reason.kind === "siren") { return "SIREN"; }
      if (reason.kind === "number") {
        var c = (info.certifications || []).filter(function (x) { return x.id === reason.certificate; })[0];
        return "numéro de certificat" + (c && c.number ? " " + c.number : "");
      }
      if (reason.kind === "alias") { return "autre nom « " + ((info.aliases || [])[reason.place - 1] || "") + " »"; }
      return "nom";
    }

    function resultItem(found, chosen) {
      var info = found.info;
      var url = page("entreprises/" + encodeURIComponent(found.id) + "/");
      var certificates = Array.isArray(info.certifications) ? info.certifications : [];
      var matched = found.reasons.filter(function (r) { return r.kind === "number"; })
        .map(function (r) { return r.certificate; });
      var li = element("li", "rr-verify-result");
      var heading = element("h2");  // under the page's h1, before the h2 "Si l'entreprise n'est pas trouvée"
      heading.appendChild(link(url, info.name || found.id));
      li.appendChild(heading);
      var seen = {};
      var reasons = found.reasons.slice().sort(function (a, b) {
        return REASON_ORDER.indexOf(a.kind) - REASON_ORDER.indexOf(b.kind) || (a.place || 0) - (b.place || 0);
      }).map(function (r) { return matchWords(r, info); })
        .filter(function (words) { var again = seen[words]; seen[words] = true; return !again; });
      li.appendChild(element("p", "rr-verify-match", "Correspondance : " + reasons.join(" ; ")));
      if (info.siren) { li.appendChild(element("p", null, "SIREN " + info.siren)); }
      // Only the certificates that existed on the day; on a chosen day all of those, the older ones too;
      // on the visitor's day, those in use.
      var existing = certificates.filter(function (c) { return status.segmentOf(c.timeline, chosen.day); });
      var shown = existing.filter(function (c) {
        return chosen.explicit || c.current || matched.indexOf(c.id) >= 0;
      });
      if (shown.length) {
        var list = element("ul", "rr-verify-certs");
        shown.forEach(function (c) {
          var hit = matched.indexOf(c.id) >= 0;
          list.appendChild(certificateItem(c, status.segmentOf(c.timeline, chosen.day), chosen.day, hit));
        });
        li.appendChild(list);
      }
      var later = certificates.filter(function (c) { return existing.indexOf(c) < 0; });
      if (later.length) {
        var searched = later.some(function (c) { return matched.indexOf(c.id) >= 0; });
        li.appendChild(notYetLine(later.length, !existing.length, searched, chosen.day, url));
      }
      var older = existing.length - shown.length;
      if (older > 0) {
        var more = element("p", null, older === 1 ? "Un certificat plus ancien : " : older + " certificats plus anciens : ");
        more.appendChild(link(url, "voir la fiche"));
        li.appendChild(more);
      }
      return li;
    }

    function show(nodes) {
      while (output.firstChild) { output.removeChild(output.firstChild); }
      nodes.forEach(function (node) { output.appendChild(node); });
    }

    /* The registry is not exhaustive: say so with every "not found", and where to ask. */
    function notFound(sentence, siren, number) {
      var p = element("p", "rr-verify-none");
      p.appendChild(element("strong", null, sentence));
      p.appendChild(document.createTextNode(" Cela ne veut pas dire que " +
        (number ? "ce certificat n'existe pas" : "l'entreprise n'est pas certifiée") + " : le registre n'est pas exhaustif. "));
      p.appendChild(link("#non-trouve", "Interrogez le certificateur"));
      if (siren) {
        p.appendChild(document.createTextNode(", ou consultez "));
        p.appendChild(link(ANNUAIRE + siren, "la fiche de ce SIREN sur l'Annuaire des entreprises", true));
      }
      p.appendChild(document.createTextNode("."));
      return p;
    }

    function invalidSiren(siren) {
      return element("p", "rr-verify-none rr-verify-invalid", "« " + groupSiren(siren) + " » n'est pas un SIREN " +
        "valide : sa clé de contrôle (le dernier chiffre) ne correspond pas aux huit premiers chiffres. " +
        "Vérifiez le numéro saisi.");
    }

    function dayWords(chosen) {
      var words = "statuts au " + status.formatDay(chosen.day);
      if (chosen.explicit && chosen.day > chosen.today) {
        words += ", d'après ce que les sources connues aujourd'hui en disent";
      }
      return words;
    }

    /* The hits of a query, by company, in the order found: [{id, reasons: [...]}]. */
    function search(query) {
      var siren = sirenOf(query);
      var valid = siren !== null && luhnValid(siren);
      return tables.load().then(function () {
        return Promise.all([valid ? tables.bySiren(siren) : Promise.resolve([]), tables.byNumber(query)]);
      }).then(function (exact) {
        var hits = exact[0].concat(exact[1]);
        if (hits.length || siren) { return { siren: siren, valid: valid, hits: hits }; }
        return tables.byName(query).then(function (named) { return { siren: null, valid: false, hits: named }; });
      });
    }

    function byCompany(hits) {
      var order = [];
      var groups = {};
      hits.forEach(function (hit) {
        if (!groups[hit.id]) { groups[hit.id] = { id: hit.id, reasons: [] }; order.push(groups[hit.id]); }
        groups[hit.id].reasons.push(hit);
      });
      return order;
    }

    function run(raw, rawDay) {
      var query = raw.trim();
      var ticket = latest += 1;
      if (!query) { show([]); return; }
      var today = status.today();
      var picked = validDay(rawDay);
      var chosen = { day: picked || today, today: today, explicit: Boolean(picked) };
      var notes = [];
      if (rawDay && !picked) {
        notes.push(element("p", "rr-verify-invalid", "« " + rawDay + " » n'est pas une date (attendu : AAAA-MM-JJ) ; " +
          "statuts à la date du jour."));
      }
      show([element("p", null, "Recherche…")]);
      search(query).then(function (result) {
        var companies = byCompany(result.hits);
        return Promise.all(companies.slice(0, MAX_RESULTS).map(function (found) {
          return companyRecord(found.id).then(function (info) { found.info = info; return found; });
        })).then(function (loaded) {
          return { result: result, total: companies.length, found: loaded.filter(function (f) { return f.info; }) };
        });
      }).then(function (answer) {
        if (ticket !== latest) { return; }
        var result = answer.result;
        if (!answer.found.length) {
          if (result.siren && !result.valid) {
            show(notes.concat([invalidSiren(result.siren)]));
          } else if (result.siren) {
            show(notes.concat([notFound("Aucune entreprise du registre n'a le SIREN " + groupSiren(result.siren) + ".",
              result.siren)]));
          } else if (/[0-9]/.test(query)) {
            show(notes.concat([notFound("Aucun certificat du registre ne porte le numéro « " + query + " », et " +
              "aucune entreprise du registre ne porte ce nom.", null, true)]));
          } else {
            show(notes.concat([notFound("Le registre ne contient aucune entreprise correspondant à « " + query + " ».")]));
          }
          return;
        }
        var total = answer.total;
        var summary = element("p", "rr-verify-summary", new Intl.NumberFormat("fr-FR").format(total) +
          " résultat" + (total > 1 ? "s" : "") +
          (total > MAX_RESULTS ? " (les " + MAX_RESULTS + " premiers : précisez le nom pour les départager)" : "") +
          " ; " + dayWords(chosen) + ".");
        var list = element("ol", "rr-verify-list");
        answer.found.forEach(function (found) { list.appendChild(resultItem(found, chosen)); });
        var nodes = notes.concat([summary]);
        if (result.siren && !result.valid) { nodes.push(invalidSiren(result.siren)); }
        show(nodes.concat([list]));
      }).catch(function () {
        if (ticket !== latest) { return; }
        var p = element("p", "rr-verify-none", "La vérification n'a pas pu être chargée. Cherchez l'entreprise dans ");
        p.appendChild(link(page("entreprises/"), "la liste des entreprises"));
        p.appendChild(document.createTextNode("."));
        show([p]);
      });
    }

    form.hidden = false;
    var notes = document.querySelectorAll("[data-rr-nojs]");
    for (var i = 0; i < notes.length; i += 1) { notes[i].hidden = true; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams(window.location.search);
      var q = input.value.trim();
      var day = dateInput ? dateInput.value : "";
      if (q) { params.set("q", q); } else { params.delete("q"); }
      if (day) { params.set("date", day); } else { params.delete("date"); }
      var search = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : ""));
      run(input.value, day);
    });
    var params = new URLSearchParams(window.location.search);
    var initial = params.get("q");
    var initialDay = params.get("date") || "";
    if (dateInput && validDay(initialDay)) { dateInput.value = initialDay; }
    if (initial) {
      input.value = initial;
      run(initial, initialDay);
    }
  }

  function start() {
    if (!window.RegistreStatus) { return; }
    var forms = document.querySelectorAll("form[data-rr-verify]");
    for (var i = 0; i < forms.length; i += 1) { init(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
