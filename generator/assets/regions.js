/* Registre de la relation client: Material wraps each Markdown table of a hand-written page in a scrolling
 * <div class="md-typeset__scrollwrap">. A keyboard scrolls only what it can focus: each wrapper becomes a
 * focusable region, named after the section it sits in, as the generated tables' own .rr-scroll are.
 */
(function () {
  "use strict";

  function sectionOf(element) {
    for (var node = element.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-3]$/.test(node.tagName)) return node.textContent.trim();
    }
    var title = document.querySelector("article h1");
    return title ? title.textContent.trim() : "";
  }

  function mark() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    Array.prototype.forEach.call(wraps, function (wrap, index) {
      if (wrap.hasAttribute("tabindex")) return;
      var section = sectionOf(wrap);  /* numbered: two regions never share a name */
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Tableau " + (index + 1) + (section ? " : " + section : ""));
    });
  }

  /* Material wraps the tables when it mounts the page's components, on each document$ emission. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { window.setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { window.setTimeout(mark, 0); });
  }
})();
