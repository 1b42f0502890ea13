"""The certifiers: their index and one page each."""

from __future__ import annotations

from typing import Any

from generator.render.base import Page, Renderer
from generator.render.citations import Citations
from generator.render.text import fold


def certifiers_index(r: Renderer) -> Page:
    rows: list[dict[str, Any]] = [{"id": cid, "c": c} for cid, c in r.registry.certifiers.items()]
    rows.sort(key=lambda row: (fold(row["c"].name), row["id"]))
    return r.page("certificateurs/index.md", "certifiers.html", "Certificateurs", rows=rows,
                  series=r.figures.certifiers_index)


def certifier_page(r: Renderer, certifier_id: str) -> Page:
    certifier = r.registry.certifiers[certifier_id]
    citations = Citations()
    cites = citations.cite(certifier.sources)
    listed = {sid for sid, s in r.registry.standards.items() if certifier_id in (s.certifiers or [])}
    certified = {v.standard_id for v in r.registry.all_certificates() if v.certifier_id == certifier_id}
    standards = [(sid, r.standard_name(sid), sid in listed, sid in certified)
                 for sid in sorted(listed | certified, key=lambda s: (fold(r.standard_name(s)), s))]
    return r.page(
        f"certificateurs/{certifier_id}.md", "certifier.html", certifier.name,
        edit_path=r.registry.source_path("certifiers", certifier_id),
        certifier_id=certifier_id, c=certifier, cites=cites, sources=citations.entries,
        standards=standards, series=r.figures.certifiers[certifier_id],
    )
