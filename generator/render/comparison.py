"""/comparatif/: the standards side by side."""

from __future__ import annotations

from typing import Any

from generator.render.base import Holdings, Page, Renderer
from generator.render.standards import certified_count, standard_state, term_words
from generator.render.text import fold


def comparison_page(r: Renderer, holdings: Holdings) -> Page:
    rows: list[dict[str, Any]] = []
    for sid, standard in r.registry.standards.items():
        rows.append({
            "id": sid, "s": standard, "term": term_words(standard),
            "state": standard_state(r, standard),
            "certifiers": [(c, r.certifier_name(c)) for c in standard.certifiers or []],
            "count": certified_count(holdings.by_standard[sid]),
        })
    rows.sort(key=lambda row: (fold(row["s"].name), row["id"]))
    return r.page("comparatif/index.md", "compare.html", "Comparatif des référentiels", rows=rows)
