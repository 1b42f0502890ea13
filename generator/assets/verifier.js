/* Registre de la relation client: /verifier/, the registry's answer for a SIREN, a name or a number.
 *
 * The page embeds no company: it queries the Pagefind index (/pagefind/pagefind.js, relative to the
 * site root given by the form's data-root) restricted to company pages (filter type: entreprise),
 * fetches each shown result's open-data record (api/v1/entreprises/<id>.json: the index stays small)
 * and recomputes the statuses with window.RegistreStatus (status.js). Standard and certifier names
 * come from the page's own JSON block. Results are built with DOM methods only, never as HTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 10;

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
    var output = document.querySelector("[data-rr-verify-results]");
    var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
    var pagefind = null;
    var latest = 0;

    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
          return Promise.resolve(module.options({ baseUrl: root.pathname })).then(function () {
            return module;
          });
        });
      }
      return pagefind;
    }

    var names = { standards: {}, certifiers: {} };
    try {
      var block = document.querySelector("script[data-rr-names]");
      if (block) { names = JSON.parse(block.textContent); }
    } catch (error) {
      names = { standards: {}, certifiers: {} };
    }

    function companyRecord(id) {
      return fetch(new URL("api/v1/entreprises/" + encodeURIComponent(id) + ".json", root).href)
        .then(function (response) { return response.ok ? response.json() : { certifications: [] }; })
        .catch(function () { return { certifications: [] }; });
    }

    function certificateItem(c, day) {
      var status = window.RegistreStatus;
      var certifier = c.certifier ? (names.certifiers[c.certifier] || { name: c.certifier }) : null;
      var certificate = {
        standard: names.standards[c.standard] || c.standard,
        standard_id: c.standard,
        certifier: certifier && certifier.name,
        certifier_id: c.certifier,
        lookup_url: certifier && certifier.lookup_url,
        number: c.number,
        scope: c.scope
      };
      // The published timeline says the status of any day: no rule here, only a lookup.
      var segment = status.segmentOf(c.timeline, day);
      var li = element("li", "rr-verify-cert");
      var title = element("p", "rr-verify-cert__title");
      title.appendChild(link(new URL("referentiels/" + certificate.standard_id + "/", root).href,
        certificate.standard));
      if (certificate.scope) { title.appendChild(document.createTextNode(" (" + certificate.scope + ")")); }
      li.appendChild(title);
      var computed = segment ? segment.status : "absent";
      var line = element("p", "rr-status rr-status--" + computed);
      line.setAttribute("data-status", computed);
      line.appendChild(element("span", "rr-status__text", segment ? segment.text : "pas encore attribué à cette date"));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "rr-status__on", "(statut au " + status.formatDay(day) + ")"));
      li.appendChild(line);
      var facts = element("p", "rr-verify-cert__facts");
      if (certificate.certifier) {
        facts.appendChild(document.createTextNode("Certificateur : "));
        facts.appendChild(link(new URL("certificateurs/" + certificate.certifier_id + "/", root).href,
          certificate.certifier));
      } else {
        facts.appendChild(document.createTextNode("Certificateur non précisé par les sources"));
      }
      if (certificate.number) {
        facts.appendChild(document.createTextNode(" ; numéro " + certificate.number));
      }
      li.appendChild(facts);
      if (certificate.lookup_url && isHttp(certificate.lookup_url)) {
        var check = element("p", "rr-verify-cert__lookup", "Vérifier auprès du certificateur : ");
        check.appendChild(link(certificate.lookup_url, "sa recherche de certificats", true));
        li.appendChild(check);
      }
      return li;
    }

    function resultItem(data, info, day) {
      var certificates = Array.isArray(info.certifications) ? info.certifications : [];
      var current = certificates.filter(function (c) { return c.current; });
      var li = element("li", "rr-verify-result");
      var heading = element("h2");  // under the page's h1, before the h2 "Si l'entreprise n'est pas trouvée"
      heading.appendChild(link(data.url, info.name || (data.meta && data.meta.title) || data.url));
      li.appendChild(heading);
      if (info.siren) { li.appendChild(element("p", null, "SIREN " + info.siren)); }
      var list = element("ul", "rr-verify-certs");
      current.forEach(function (c) { list.appendChild(certificateItem(c, day)); });
      li.appendChild(list);
      var older = certificates.length - current.length;
      if (older > 0) {
        var more = element("p", null, older === 1 ? "Un certificat plus ancien : " : older + " certificats plus anciens : ");
        more.appendChild(link(data.url, "voir la fiche"));
        li.appendChild(more);
      }
      return li;
    }

    function show(nodes) {
      while (output.firstChild) { output.removeChild(output.firstChild); }
      nodes.forEach(function (node) { output.appendChild(node); });
    }

    function notFound(query) {
      var p = element("p", "rr-verify-none",
        "Le registre ne contient aucune entreprise correspondant à « " + query + " ». " +
        "Cela ne veut pas dire qu'elle n'est pas certifiée : le registre n'est pas exhaustif. ");
      p.appendChild(link("#non-trouve", "Interrogez le certificateur"));
      p.appendChild(document.createTextNode("."));
      return p;
    }

    function run(raw) {
      var query = raw.trim();
      if (/^[\d\s]+$/.test(query)) { query = query.replace(/\s+/g, ""); }  // "552 081 317" is a SIREN
      var ticket = latest += 1;
      if (!query) { show([]); return; }
      show([element("p", null, "Recherche…")]);
      load().then(function (module) {
        return module.search(query, { filters: { type: "entreprise" } });
      }).then(function (search) {
        return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) {
          return r.data().then(function (data) {
            var id = data.meta && data.meta.id;
            return (id ? companyRecord(id) : Promise.resolve({ certifications: [] })).then(function (info) {
              return { data: data, info: info };
            });
          });
        })).then(function (data) { return { total: search.results.length, data: data }; });
      }).then(function (found) {
        if (ticket !== latest) { return; }
        var day = window.RegistreStatus.today();
        if (!found.data.length) { show([notFound(query)]); return; }
        var summary = element("p", null, found.total + " résultat" + (found.total > 1 ? "s" : "") +
          (found.total > MAX_RESULTS ? " (les " + MAX_RESULTS + " premiers)" : "") +
          " ; statuts au " + window.RegistreStatus.formatDay(day) + ".");
        var list = element("ol", "rr-verify-list");
        found.data.forEach(function (d) { list.appendChild(resultItem(d.data, d.info, day)); });
        show([summary, list]);
      }).catch(function () {
        if (ticket !== latest) { return; }
        var p = element("p", "rr-verify-none", "La recherche n'a pas pu être chargée. Cherchez l'entreprise dans ");
        p.appendChild(link(new URL("entreprises/", root).href, "la liste des entreprises"));
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
      if (input.value.trim()) { params.set("q", input.value.trim()); } else { params.delete("q"); }
      var query = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
      run(input.value);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
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
