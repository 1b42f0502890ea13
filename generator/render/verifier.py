"""/verifier/: the certificate check."""

from __future__ import annotations

from generator.render.base import Page, Renderer
from generator.render.text import fold, json_for_script, safe_url


def verifier_page(r: Renderer) -> Page:
    lookups = [(cid, c) for cid, c in r.registry.certifiers.items() if c.lookup_url and safe_url(c.lookup_url)]
    lookups.sort(key=lambda p: (fold(p[1].name), p[0]))
    # Standards and certifiers by id, for the results the page shows from each company's JSON.
    names = {
        "standards": {sid: s.name for sid, s in r.registry.standards.items()},
        "certifiers": {cid: {"name": c.name, **({"lookup_url": url} if (url := safe_url(c.lookup_url)) else {})}
                       for cid, c in r.registry.certifiers.items()},
    }
    return r.page("verifier/index.md", "verifier.html", "Vérifier une certification", lookups=lookups,
                  names=json_for_script(names))
