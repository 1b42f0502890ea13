/* Registre de la relation client: /contribuer/proposer/, a certificate described in a form, checked as the
 * validator checks it, written as `python -m generator fmt` writes a record, handed to GitHub by a link.
 *
 * Every table comes from the page's JSON block (render/proposal.py): the fields in the model's order, the
 * date, URL and quoted fields, the date pattern, the white space the validator refuses in a URL, the
 * standards and certifiers, the repository's addresses and python-slugify's transliteration. The only
 * requests are to the site itself (its search index and company records, to find a company already in
 * the registry): what the visitor types leaves the browser when they follow the link to GitHub. Text is
 * shown with DOM methods only. The checking and writing functions are pure (window.RegistreProposal):
 * the tests run them in node against the validator and `fmt`.
 */
(function () {
  "use strict";

  // --- checks: the validator's, one value at a time --------------------------------------------------

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  function daysInMonth(year, month) {
    if (month === 2) { return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28; }
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }

  /* A date as the records write it: null when fine, else "format", "impossible" or "future" (after `today`,
   * AAAA-MM-JJ; a partial date is in the future when its first day is). */
  function checkDate(text, data, today) {
    if (!new RegExp(data.date_pattern).test(text)) { return "format"; }
    var year = Number(text.slice(0, 4));
    var month = text.length > 4 ? Number(text.slice(5, 7)) : null;
    var day = text.length > 7 ? Number(text.slice(8, 10)) : null;
    if (year < data.years[0] || year > data.years[1] || (month !== null && (month < 1 || month > 12)) ||
        (day !== null && (day < 1 || day > daysInMonth(year, month)))) { return "impossible"; }
    var first = pad(year, 4) + "-" + pad(month || 1, 2) + "-" + pad(day || 1, 2);
    return today && first > today ? "future" : null;
  }

  /* The first and last days a date stands for, AAAA-MM-JJ (the date is valid). */
  function bounds(text) {
    var year = Number(text.slice(0, 4));
    var month = text.length > 4 ? Number(text.slice(5, 7)) : null;
    var day = text.length > 7 ? Number(text.slice(8, 10)) : null;
    var y = pad(year, 4);
    if (day !== null) { return [text, text]; }
    if (month !== null) { return [y + "-" + pad(month, 2) + "-01", y + "-" + pad(month, 2) + "-" + pad(daysInMonth(year, month), 2)]; }
    return [y + "-01-01", y + "-12-31"];
  }

  /* A SIREN: null when fine, else "format" (not 9 digits) or "key" (the Luhn check digit is wrong). */
  function checkSiren(text) {
    if (!/^[0-9]{9}$/.test(text)) { return "format"; }
    var sum = 0;
    for (var i = 0; i < 9; i += 1) {
      var digit = Number(text.charAt(8 - i));
      if (i % 2 === 1) { digit *= 2; if (digit > 9) { digit -= 9; } }
      sum += digit;
    }
    return sum % 10 === 0 ? null : "key";
  }

  /* A source or website address: null when the validator takes it, else "url". The same rules as
   * generator/fields.py::parse_web_address, over the browser's own URL parser (WHATWG, as ada-url is):
   * no backslash, no white space nor invisible character, http(s) with a host, nothing before « @ », and a
   * host the browser reads as it is written. */
  var INVISIBLE = /[\p{Zs}\p{Cc}\p{Cf}\p{Zl}\p{Zp}\t\n\v\f\r\u001c-\u001f\u0085]/u;

  function writtenHost(authority) {
    if (authority.charAt(0) === "[") {
      var close = authority.indexOf("]");
      return close >= 0 ? authority.slice(0, close + 1) : authority;
    }
    var colon = authority.lastIndexOf(":");
    return colon >= 0 ? authority.slice(0, colon) : authority;
  }

  function checkUrl(text) {
    if (text.indexOf("\\") >= 0 || INVISIBLE.test(text)) { return "url"; }
    var start = /^https?:\/\/(?=[^\/?#])/i.exec(text);
    if (!start) { return "url"; }
    var parsed;
    try { parsed = new URL(text); } catch (error) { return "url"; }
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || !parsed.hostname) { return "url"; }
    var authority = /^[^\/?#]*/.exec(text.slice(start[0].length))[0];
    if (authority.indexOf("@") >= 0 || parsed.username || parsed.password) { return "url"; }
    var written = writtenHost(authority).toLowerCase();
    if (written === parsed.hostname) { return null; }
    // A host in another script reads in Punycode (xn--…): it is read as written unless Unicode's
    // compatibility mapping changes it (full-width letters, look-alike dots or slashes).
    var foreign = /[^\x00-\x7f]/.test(written) && written.normalize("NFKC") === written;
    return foreign && parsed.hostname.indexOf("xn--") >= 0 ? null : "url";
  }

  // --- text as a record takes it ----------------------------------------------------------------------

  /* One line of printable text: line breaks and tabs become spaces, what YAML cannot print is dropped. */
  function clean(text) {
    return String(text || "")
      .replace(/[\t\n\r\u0085\u2028\u2029]/g, " ")
      .replace(/[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|\ufeff/gu, "")
      .replace(/ {2,}/g, " ")
      .trim();
  }

  /* The id `python -m generator new company` gives a name (python-slugify's steps over its transliteration
   * table); null when the name holds a character the table lacks, or an HTML entity slugify would decode. */
  function companyId(name, data) {
    var text = String(name).replace(/'+/g, "-");
    var out = "";
    for (var character of text) {
      var code = character.codePointAt(0);
      if (code < 0x80) { out += character; continue; }
      var found = null;
      for (var r = 0; r < data.slug.length && found === null; r += 1) {
        var start = data.slug[r][0], values = data.slug[r][1];
        if (code >= start && code < start + values.length) { found = values[code - start]; }
      }
      if (found === null) { return null; }
      out += found;
    }
    if (/&(#[0-9]+|#x[0-9a-f]+|[a-z0-9]+);/i.test(out)) { return null; }
    return out.toLowerCase().replace(/'+/g, "").replace(/(?<=[0-9]),(?=[0-9])/g, "")
      .replace(/[^-a-z0-9]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  }

  /* The id of a certificate added to a company whose certificates are `existing` ([{id, standard, issued,
   * reported}], from its JSON): standard and date, made unique; null when another certificate has the same
   * standard and date (the editing commands then add the scope: the maintainers do). */
  function certificateId(standard, when, existing) {
    var base = standard + "-" + when;
    var clash = existing.some(function (c) {
      return c.standard === standard && (c.issued !== null && c.issued !== undefined ? c.issued : c.reported) === when;
    });
    if (clash) { return null; }
    var taken = existing.map(function (c) { return c.id; });
    var id = base, number = 2;
    while (taken.indexOf(id) >= 0) { id = base + "-" + number; number += 1; }
    return id;
  }

  // --- YAML as `fmt` writes it ------------------------------------------------------------------------

  var RESERVED = /^(y|n|yes|no|on|off|true|false|null)$/i;

  function quoted(text) { return "'" + text.replace(/'/g, "''") + "'"; }

  /* A text after "key: ": plain when it surely reads back as the same text (and `fmt` keeps it plain),
   * else single-quoted, which `fmt` keeps as written. */
  function scalar(text, isUrl) {
    if (isUrl) {
      return /^https?:\/\/[^\s'"\[\]{},]*$/i.test(text) && !/:$/.test(text) ? text : quoted(text);
    }
    var plain = /^\p{L}[\p{L}\p{M}\p{N} .,;'’()\/&+_«»…°%€$@=~*!?\u00a0\u202f\u2013\u2014-]*$/u.test(text) &&
      !RESERVED.test(text) && !/ $/.test(text);
    return plain ? text : quoted(text);
  }

  function value(key, text, data) {
    if (data.dates.indexOf(key) >= 0 || data.quoted.indexOf(key) >= 0) { return quoted(text); }
    return scalar(text, data.urls.indexOf(key) >= 0);
  }

  /* The lines of a mapping (keys in `order`), then lists: dashes two spaces in, as ruamel is set up. */
  function mapping(object, order, indent, data, first) {
    var lines = [];
    order.forEach(function (key) {
      var item = object[key];
      if (item === undefined || item === null) { return; }
      var prefix = lines.length === 0 && first !== undefined ? first : indent;
      if (Array.isArray(item)) {
        lines.push(prefix + key + ":");
        item.forEach(function (element) {
          if (typeof element === "string") {
            lines.push(indent + "  - " + scalar(element, true));
          } else {
            lines.push.apply(lines, mapping(element, data.fields.source, indent + "    ", data, indent + "  - "));
          }
        });
      } else {
        lines.push(prefix + key + ": " + value(key, item, data));
      }
    });
    return lines;
  }

  function sourceItems(input) {
    return input.sources.map(function (s) {
      if (!s.title) { return s.url; }
      return { title: s.title, url: s.url, publisher: s.publisher || null, date: s.date || null };
    });
  }

  function standardId(input) { return input.standard && input.standard !== "autre" ? input.standard : null; }
  function certifierId(input) { return input.certifier && input.certifier !== "autre" ? input.certifier : null; }

  /* The certificate as a mapping of the record (its id given). */
  function certificate(input, id) {
    var entry = { standard: standardId(input), id: id, certifier: certifierId(input) };
    entry[input.date_kind === "reported" ? "reported" : "issued"] = input.date;
    entry.expires = input.expires || null;
    entry.number = input.number || null;
    entry.scope = input.scope || null;
    entry.category = input.category || null;
    entry.sources = sourceItems(input);
    entry.notes = input.notes || null;
    return entry;
  }

  /* A new company's record, as `fmt` writes it; `today` is the day it is checked against its sources. */
  function companyRecord(input, data, today) {
    var company = {
      name: input.name, siren: input.siren || null, website: input.website || null, sector: input.sector || null,
      checked: today, sources: sourceItems(input),
      certifications: [certificate(input, standardId(input) + "-" + input.date)]
    };
    var lines = [];
    data.fields.company.forEach(function (key) {
      if (key !== "certifications") { lines.push.apply(lines, mapping(pick(company, key), [key], "", data)); }
    });
    lines.push("certifications:");
    lines.push.apply(lines, mapping(company.certifications[0], data.fields.certification, "    ", data, "  - "));
    return lines.join("\n") + "\n";
  }

  /* The certificate to append to an existing company's `certifications` (id null: left to the maintainers). */
  function certificateEntry(input, data, id) {
    return mapping(certificate(input, id), data.fields.certification, "    ", data, "  - ").join("\n") + "\n";
  }

  function pick(object, key) { var one = {}; one[key] = object[key]; return one; }

  // --- the whole form -----------------------------------------------------------------------------------

  var MESSAGES = {
    required: "Ce champ est obligatoire.",
    name: "Le nom doit contenir au moins une lettre ou un chiffre.",
    "date-format": "Écrivez la date sous la forme AAAA-MM-JJ, ou AAAA-MM ou AAAA quand la source n'est pas plus précise (par exemple 2024-03-15).",
    "date-impossible": "Cette date n'existe pas : le mois ou le jour est hors du calendrier.",
    "date-future": "Cette date est postérieure à aujourd'hui : le registre n'enregistre que ce qui a déjà eu lieu.",
    "date-order": "La fin de validité doit tomber après la date d'attribution.",
    "siren-format": "Un SIREN s'écrit avec 9 chiffres (par exemple 552 081 317).",
    "siren-key": "Ce numéro n'est pas un SIREN : sa clé de contrôle ne correspond pas. Vérifiez les 9 chiffres.",
    url: "Écrivez une adresse complète, commençant par https:// ou http://, sans espace.",
    standard: "Choisissez dans la liste, ou « Un autre, absent de la liste ».",
    "certifier-listed": "Cet organisme n'est pas connu du registre pour ce référentiel : choisissez « Un autre, absent de la liste » et écrivez son nom.",
    sources: "Indiquez au moins une source : l'adresse d'une page qui établit le certificat.",
    "source-title": "Donnez le titre de la source pour indiquer son éditeur ou sa date."
  };

  function standardOf(data, id) {
    return data.standards.filter(function (s) { return s.id === id; })[0] || null;
  }

  /* Every problem of the form: [{field, code}], in the order of the page. */
  function problems(input, data, today) {
    var found = [];
    function add(field, code) { found.push({ field: field, code: code }); }
    function date(field, text, future) {
      var problem = checkDate(text, data, future ? today : null);
      if (problem) { add(field, "date-" + problem); }
      return !problem;
    }
    if (!input.name) { add("name", "required"); } else if (companyId(input.name, data) === "") { add("name", "name"); }
    if (input.siren) { var siren = checkSiren(input.siren); if (siren) { add("siren", "siren-" + siren); } }
    if (input.website && checkUrl(input.website, data)) { add("website", "url"); }
    if (!input.standard) { add("standard", "standard"); }
    if (input.standard === "autre" && !input.standard_other) { add("standard_other", "required"); }
    var standard = standardOf(data, standardId(input));
    var certifier = certifierId(input);
    if (certifier && standard && standard.certifiers && standard.certifiers.indexOf(certifier) < 0) {
      add("certifier", "certifier-listed");
    }
    if (input.certifier === "autre" && !input.certifier_other) { add("certifier_other", "required"); }
    var dated = input.date ? date("date", input.date, true) : (add("date", "required"), false);
    var ends = input.expires ? date("expires", input.expires, false) : false;
    if (dated && ends && input.date_kind !== "reported" && bounds(input.expires)[1] <= bounds(input.date)[0]) {
      add("expires", "date-order");
    }
    input.sources.forEach(function (s, index) {
      var key = "source-" + (s.n || index + 1) + "-";  // n: its number in the form, where empty ones are left out
      if (!s.url) { add(key + "url", "required"); } else if (checkUrl(s.url, data)) { add(key + "url", "url"); }
      if (!s.title && (s.publisher || s.date)) { add(key + "title", "source-title"); }
      if (s.date) { date(key + "date", s.date, true); }
    });
    if (!input.sources.length) { add("sources", "sources"); }
    return found;
  }

  /* What the proposal is, once the form has no problem: the record (or the certificate to add), the link
   * to GitHub's new-file page when it can take it, the prefilled issue form always, and why no new file
   * (`reason`: "existing", "standard" or "certifier" without a record of its own, "id" not derivable,
   * "long" for an address). */
  function proposal(input, data, today, existing) {
    var standardKnown = standardId(input) !== null;
    var result = { yaml: null, id: null, existing: existing || null, certificate_id: null, new_file: null,
                   issue: null, issue_with_record: false, reason: null };
    if (existing) {
      result.certificate_id = standardKnown ? certificateId(standardId(input), input.date, existing.certifications || []) : null;
      result.yaml = standardKnown ? certificateEntry(input, data, result.certificate_id) : null;
      result.reason = "existing";
    } else {
      result.id = companyId(input.name, data);
      result.yaml = standardKnown ? companyRecord(input, data, today) : null;
      result.certificate_id = standardKnown ? standardId(input) + "-" + input.date : null;
      result.reason = !standardKnown ? "standard" : input.certifier === "autre" ? "certifier" : !result.id ? "id" : null;
    }
    if (!data.issue) { return result; }
    if (result.reason === null && data.new_file) {
      var href = data.new_file + "?filename=" + encodeURIComponent(result.id + ".yml") + "&value=" + encodeURIComponent(result.yaml);
      if (href.length <= data.url_limit) { result.new_file = href; } else { result.reason = "long"; }
    }
    var fields = issueFields(input, data, existing);
    var withRecord = result.yaml !== null ? issueLink(data, fields, result.yaml) : null;
    if (withRecord && withRecord.length <= data.url_limit) {
      result.issue = withRecord;
      result.issue_with_record = true;
    } else {
      result.issue = issueLink(data, fields, null);
      if (result.issue.length > data.url_limit) {
        result.issue = issueLink(data, { title: fields.title, company: fields.company, standard: fields.standard,
                                         sources: "Les sources sont dans la fiche proposée (à coller ci-dessous)." }, null);
      }
    }
    return result;
  }

  function issueFields(input, data, existing) {
    var standard = standardOf(data, standardId(input));
    var certifier = data.certifiers.filter(function (c) { return c.id === certifierId(input); })[0];
    var companyName = existing ? existing.name : input.name;
    var standardName = standard ? standard.name : input.standard_other;
    var details = [];
    if (input.scope) { details.push("Périmètre : " + input.scope); }
    if (input.number) { details.push("Numéro : " + input.number); }
    if (input.category) { details.push("Catégorie : " + input.category); }
    if (input.notes) { details.push("Remarque : " + input.notes); }
    return {
      title: "[Certification] " + companyName + " — " + standardName,
      company: existing ? existing.name + " (fiche existante : " + data.site + "entreprises/" + existing.id + "/)"
        : input.name + (input.siren ? " (SIREN " + input.siren + ")" : ""),
      standard: standard ? standard.name + " (" + standard.id + ")" : input.standard_other,
      dates: (input.date_kind === "reported" ? "signalé comme détenu le " : "attribué le ") + input.date +
        (input.expires ? " ; fin de validité le " + input.expires : ""),
      certifier: certifier ? certifier.name + " (" + certifier.id + ")" : (input.certifier_other || ""),
      sources: input.sources.map(function (s) {
        var about = [s.publisher, s.date].filter(Boolean).join(", ");
        return s.url + (s.title ? " — " + s.title : "") + (about ? " (" + about + ")" : "");
      }).join("\n"),
      details: details.join("\n")
    };
  }

  /* GitHub's issue form "Signaler une certification", its fields filled by their ids. */
  function issueLink(data, fields, yaml) {
    var query = ["template=" + encodeURIComponent(data.issue_template), "title=" + encodeURIComponent(fields.title)];
    Object.keys(data.issue_fields).forEach(function (key) {
      var text = key === "record" ? yaml : fields[key];
      if (text) { query.push(data.issue_fields[key] + "=" + encodeURIComponent(text)); }
    });
    return data.issue + "?" + query.join("&");
  }

  var api = {
    checkDate: checkDate, checkSiren: checkSiren, checkUrl: checkUrl, clean: clean, companyId: companyId,
    certificateId: certificateId, scalar: scalar, companyRecord: companyRecord, certificateEntry: certificateEntry,
    problems: problems, proposal: proposal, messages: MESSAGES
  };
  if (typeof window !== "undefined") { window.RegistreProposal = api; }
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof document === "undefined") { return; }

  // --- the page -----------------------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function init(form) {
    var block = document.querySelector("script[data-rr-proposal-data]");
    var data = JSON.parse(block.textContent);
    var siteRoot = new URL(form.getAttribute("data-root") || "./", document.baseURI);
    var sourcesBox = form.querySelector("[data-rr-sources]");
    var template = form.querySelector("template[data-rr-source-template]");
    var errorsBox = document.querySelector("[data-rr-errors]");
    var resultBox = document.querySelector("[data-rr-result]");
    var matchBox = form.querySelector("[data-rr-match]");
    var existing = null;
    var candidates = [];
    var picked = false;  // the visitor picked the company among those found (and may take it back)
    var pagefind = null;

    function input(key) { return form.querySelector("[data-rr-input='" + key + "']"); }
    function text(key) { var node = input(key); return node ? clean(node.value) : ""; }
    function today() { return window.RegistreStatus ? window.RegistreStatus.today() : new Date().toISOString().slice(0, 10); }
    function day(iso) { return window.RegistreStatus ? window.RegistreStatus.formatDay(iso) : iso; }

    function sourceSets() { return Array.prototype.slice.call(sourcesBox.querySelectorAll("[data-rr-source]")); }

    function read() {
      return {
        name: text("name"), siren: text("siren").replace(/[\s.]/g, ""), website: text("website"), sector: text("sector"),
        standard: input("standard").value, standard_other: text("standard_other"),
        certifier: input("certifier").value, certifier_other: text("certifier_other"),
        date: text("date"), date_kind: input("date_kind").value, expires: text("expires"),
        number: text("number"), scope: text("scope"), notes: text("notes"),
        // Asked for prizes only: a category typed before another standard was chosen is not kept.
        category: form.querySelector("[data-rr-field='category']").hidden ? "" : text("category"),
        sources: sourceSets().map(function (set, index) {
          var key = "source-" + (index + 1) + "-";
          return { n: index + 1, url: text(key + "url"), title: text(key + "title"),
                   publisher: text(key + "publisher"), date: text(key + "date") };
        }).filter(function (s, index) { return index === 0 || s.url || s.title || s.publisher || s.date; })
      };
    }

    function message(problem) {
      var words = MESSAGES[problem.code];
      if (problem.code === "date-future") { words += " (Nous sommes le " + day(today()) + ".)"; }
      return words;
    }

    function lowerFirst(words) { return words.charAt(0).toLowerCase() + words.slice(1); }

    function labelOf(field) {
      var label = form.querySelector("label[for='rr-p-" + field + "']");
      if (!label) { return "Sources"; }
      var set = label.closest("[data-rr-source]");
      var words = label.firstChild ? label.firstChild.textContent.trim() : label.textContent.trim();
      return set ? set.querySelector("legend").textContent + " : " + lowerFirst(words) : words;
    }

    function showErrors(found) {
      var fields = form.querySelectorAll("[data-rr-input]");
      for (var i = 0; i < fields.length; i += 1) { setError(fields[i].id.slice(5), null); }
      setError("sources", null);
      found.forEach(function (problem) { setError(problem.field, message(problem)); });
      var list = errorsBox.querySelector("[data-rr-error-list]");
      clear(list);
      found.forEach(function (problem) {
        var li = element("li");
        var a = element("a", null, labelOf(problem.field) + " : " + lowerFirst(message(problem)));
        a.href = "#rr-p-" + problem.field;
        a.addEventListener("click", function (event) {
          var target = document.getElementById("rr-p-" + problem.field);
          if (target) { event.preventDefault(); target.focus(); }
        });
        li.appendChild(a);
        list.appendChild(li);
      });
      errorsBox.querySelector("[data-rr-error-count]").textContent = found.length === 1
        ? "Un point est à corriger avant de préparer la proposition :"
        : found.length + " points sont à corriger avant de préparer la proposition :";
      errorsBox.hidden = found.length === 0;
    }

    function setError(field, words) {
      var error = document.getElementById("rr-p-" + field + "-erreur");
      var control = document.getElementById("rr-p-" + field);
      if (!error) { return; }
      error.textContent = words || "";
      error.hidden = !words;
      if (!control) { return; }
      var hint = document.getElementById("rr-p-" + field + "-aide");
      var described = [hint ? hint.id : null, words ? error.id : null].filter(Boolean).join(" ");
      if (described) { control.setAttribute("aria-describedby", described); } else { control.removeAttribute("aria-describedby"); }
      if (words) { control.setAttribute("aria-invalid", "true"); } else { control.removeAttribute("aria-invalid"); }
    }

    // Standards decide which certifiers are offered, and whether a prize's category is asked.
    function followStandard() {
      var standard = standardOf(data, input("standard").value);
      var other = input("standard").value === "autre";
      form.querySelector("[data-rr-field='standard_other']").hidden = !other;
      form.querySelector("[data-rr-field='category']").hidden = !(other || (standard && standard.kind === "prix"));
      var options = input("certifier").options;
      for (var i = 0; i < options.length; i += 1) {
        var id = options[i].value;
        var listed = !id || id === "autre" || !standard || !standard.certifiers || standard.certifiers.indexOf(id) >= 0;
        options[i].hidden = !listed;
        options[i].disabled = !listed;
      }
      if (input("certifier").selectedOptions[0] && input("certifier").selectedOptions[0].disabled) { input("certifier").value = ""; }
      followCertifier();
    }

    function followCertifier() {
      form.querySelector("[data-rr-field='certifier_other']").hidden = input("certifier").value !== "autre";
    }

    function renumber() {
      var sets = sourceSets();
      sets.forEach(function (set, index) {
        var n = index + 1;
        set.setAttribute("data-rr-source", String(n));
        set.querySelector("legend").textContent = "Source " + n;
        var nodes = set.querySelectorAll("[id], [for], [aria-describedby], [data-rr-input], [data-rr-field]");
        for (var i = 0; i < nodes.length; i += 1) {
          ["id", "for", "aria-describedby", "data-rr-input", "data-rr-field"].forEach(function (name) {
            var old = nodes[i].getAttribute(name);
            if (old) { nodes[i].setAttribute(name, old.replace(/source-[0-9]+-/g, "source-" + n + "-")); }
          });
        }
        var remove = set.querySelector("[data-rr-remove-source]");
        remove.textContent = "Retirer la source " + n;
        remove.hidden = sets.length === 1;
      });
      form.querySelector("[data-rr-add-source]").hidden = sets.length >= data.max_sources;
    }

    function addSource() {
      var set = template.content.firstElementChild.cloneNode(true);
      sourcesBox.appendChild(set);
      renumber();
      set.querySelector("input").focus();
    }

    function removeSource(set) {
      var sets = sourceSets();
      var index = sets.indexOf(set);
      set.parentNode.removeChild(set);
      renumber();
      var left = sourceSets();
      left[Math.max(0, index - 1)].querySelector("input").focus();
    }

    // --- is the company in the registry already? (the site's own search index and records) ---

    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
          return Promise.resolve(module.options({ baseUrl: siteRoot.pathname })).then(function () { return module; });
        });
      }
      return pagefind;
    }

    function record(id) {
      return fetch(new URL("api/v1/entreprises/" + encodeURIComponent(id) + ".json", siteRoot).href)
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }

    function search(query) {
      if (!query) { return Promise.resolve([]); }
      return load().then(function (module) {
        return module.search(query, { filters: { type: "entreprise" } });
      }).then(function (found) {
        return Promise.all(found.results.slice(0, 5).map(function (r) {
          return r.data().then(function (d) { return d.meta && d.meta.id ? record(d.meta.id) : null; });
        }));
      }).then(function (records) { return records.filter(Boolean); })
        .catch(function () { return []; });
    }

    /* The registry's companies that may be this one: the same id or the same SIREN is the same company. */
    function lookUp(values) {
      var id = companyId(values.name, data);
      return Promise.all([search(values.siren), search(values.name)]).then(function (lists) {
        var seen = {};
        candidates = lists[0].concat(lists[1]).filter(function (c) {
          if (seen[c.id]) { return false; }
          seen[c.id] = true;
          return true;
        });
        existing = candidates.filter(function (c) { return c.id === id || (values.siren && c.siren === values.siren); })[0] || null;
        picked = false;
      });
    }

    function forget() { existing = null; picked = false; candidates = []; clear(matchBox); }

    function showMatch() {
      clear(matchBox);
      if (existing) {
        var how = picked ? "Vous avez choisi la fiche " : existing.id === companyId(text("name"), data)
          ? "Une fiche du registre porte déjà ce nom : " : "Une fiche du registre porte déjà ce SIREN : ";
        var p = element("p", "rr-propose__found", how);
        var a = element("a", null, existing.name);
        a.href = new URL("entreprises/" + existing.id + "/", siteRoot).href;
        p.appendChild(a);
        p.appendChild(document.createTextNode((existing.siren ? " (SIREN " + existing.siren + ")" : "") +
          ". La proposition ajoute un certificat à cette fiche."));
        matchBox.appendChild(p);
        if (picked) {
          var undo = element("button", "rr-button--quiet", "Ce n'est pas cette entreprise");
          undo.type = "button";
          undo.addEventListener("click", function () { forget(); resultBox.hidden = true; input("name").focus(); });
          matchBox.appendChild(undo);
        }
        return;
      }
      if (!candidates.length) { return; }
      matchBox.appendChild(element("p", null, "Des entreprises au nom proche sont déjà au registre. Si c'est l'une d'elles, choisissez-la :"));
      var list = element("ul", "rr-propose__candidates");
      candidates.forEach(function (c) {
        var li = element("li");
        var button = element("button", "rr-button--quiet", "Choisir " + c.name + (c.siren ? " (SIREN " + c.siren + ")" : ""));
        button.type = "button";
        button.addEventListener("click", function () {
          existing = c;
          picked = true;
          prepare();
        });
        li.appendChild(button);
        list.appendChild(li);
      });
      matchBox.appendChild(list);
    }

    // --- the proposal ---

    function link(href, words, className) {
      var a = element("a", className, words);
      a.href = href;
      a.rel = "external";
      return a;
    }

    var REASONS = {
      existing: "L'entreprise a déjà une fiche : le signalement demande aux mainteneurs d'y ajouter ce certificat.",
      standard: "Ce référentiel n'a pas encore de fiche au registre : le signalement demande aux mainteneurs de la créer.",
      certifier: "Cet organisme n'a pas encore de fiche au registre : le signalement demande aux mainteneurs de la créer.",
      id: "Le nom contient des caractères dont le registre ne sait pas tirer l'identifiant de la fiche : les mainteneurs le choisiront.",
      long: "La fiche est trop longue pour passer dans une adresse web : le signalement la reçoit à la place."
    };

    function showProposal(result) {
      var route = resultBox.querySelector("[data-rr-route]");
      clear(route);
      if (!result.issue) {
        route.appendChild(element("p", null, "Ce site n'indique pas de dépôt GitHub : copiez la fiche et transmettez-la aux mainteneurs."));
      } else if (result.new_file) {
        route.appendChild(element("p", null, "L'entreprise n'est pas encore au registre : GitHub va créer sa fiche, registry/companies/" +
          result.id + ".yml, avec ce que vous avez saisi. Relisez-la, puis proposez la modification : GitHub crée pour vous une copie du registre et une demande de fusion."));
        var p = element("p");
        p.appendChild(link(result.new_file, "Ouvrir GitHub pour créer la fiche", "rr-propose__open"));
        route.appendChild(p);
        var also = element("p", null, "Vous préférez ne pas modifier de fichier ? ");
        also.appendChild(link(result.issue, "Ouvrir plutôt un signalement prérempli"));
        also.appendChild(document.createTextNode("."));
        route.appendChild(also);
      } else {
        route.appendChild(element("p", null, REASONS[result.reason] + " Relisez le signalement sur GitHub, puis envoyez-le."));
        var open = element("p");
        open.appendChild(link(result.issue, "Ouvrir le signalement prérempli sur GitHub", "rr-propose__open"));
        route.appendChild(open);
        if (result.yaml && !result.issue_with_record) {
          route.appendChild(element("p", "rr-propose__paste", "La fiche ne tient pas dans l'adresse : copiez-la (bouton « Copier la fiche » ci-dessous) et collez-la dans le champ « Fiche proposée » du signalement."));
        }
      }
      var where = result.existing ? "registry/companies/" + result.existing.id + ".yml" : "registry/companies/" + (result.id || "…") + ".yml";
      resultBox.querySelector("[data-rr-yaml-intro]").textContent = !result.yaml ? ""
        : result.existing ? "Le certificat, tel qu'il s'ajoute à la fin de « certifications » dans " + where +
          (result.certificate_id ? "" : " ; un certificat du même référentiel et de la même date y figure déjà : les mainteneurs lui donneront son identifiant") + " :"
        : "Le contenu de " + where + " ; « checked » est le jour de la proposition, les sources de l'entreprise sont celles du certificat :";
      resultBox.querySelector("[data-rr-yaml]").textContent = result.yaml || "";
      ["#fiche", "[data-rr-yaml-intro]", ".rr-propose__yaml", "[data-rr-copy]"].forEach(function (selector) {
        resultBox.querySelector(selector).hidden = !result.yaml;
      });
      resultBox.querySelector("[data-rr-copied]").textContent = "";
      resultBox.hidden = false;
    }

    function prepare() {
      var values = read();
      var found = problems(values, data, today());
      showErrors(found);
      if (found.length) {
        resultBox.hidden = true;
        errorsBox.focus();
        return;
      }
      (picked ? Promise.resolve() : lookUp(values)).then(function () {
        showMatch();
        showProposal(proposal(values, data, today(), existing));
        resultBox.querySelector("#proposition").focus();
      });
    }

    form.hidden = false;
    var notes = document.querySelectorAll("[data-rr-nojs]");
    for (var i = 0; i < notes.length; i += 1) { notes[i].hidden = true; }
    followStandard();
    renumber();
    input("standard").addEventListener("change", followStandard);
    input("certifier").addEventListener("change", followCertifier);
    input("name").addEventListener("change", forget);
    input("siren").addEventListener("change", forget);
    form.querySelector("[data-rr-add-source]").addEventListener("click", addSource);
    sourcesBox.addEventListener("click", function (event) {
      var button = event.target.closest("[data-rr-remove-source]");
      if (button) { removeSource(button.closest("[data-rr-source]")); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      prepare();
    });
    resultBox.querySelector("[data-rr-copy]").addEventListener("click", function () {
      var yaml = resultBox.querySelector("[data-rr-yaml]").textContent;
      var status = resultBox.querySelector("[data-rr-copied]");
      var done = function () { status.textContent = "Fiche copiée."; };
      var failed = function () {
        window.getSelection().selectAllChildren(resultBox.querySelector("[data-rr-yaml]"));
        status.textContent = "La copie automatique n'a pas marché : la fiche est sélectionnée, copiez-la (Ctrl+C ou Cmd+C).";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(yaml).then(done, failed);
      } else {
        failed();
      }
    });
    var wanted = new URLSearchParams(window.location.search).get("entreprise");
    if (wanted && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(wanted)) {
      record(wanted).then(function (company) {
        if (!company) { return; }
        existing = company;
        picked = true;
        input("name").value = company.name;
        if (company.siren) { input("siren").value = company.siren; }
        showMatch();
      });
    }
  }

  function start() {
    var form = document.querySelector("form[data-rr-proposal]");
    if (form && !form.getAttribute("data-rr-ready")) {
      form.setAttribute("data-rr-ready", "1");
      init(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
