"""The standards: their index, one page each, and the words shared with the comparison."""

from __future__ import annotations

from typing import Any

from generator.model import Standard
from generator.render.base import Holding, Holdings, Page, Renderer
from generator.render.citations import Citations, dispute_views
from generator.render.criteria import criterion_cells
from generator.render.text import fold
from generator.render.wording import on_day, since


def years_words(years: int) -> str:
    return f"{years} an" if years == 1 else f"{years} ans"


def certified_count(holdings: list[Holding]) -> int:
    """Companies holding a current certificate valid today (or lapsing soon)."""
    return len({h.company_id for h in holdings if h.view.current and h.view.in_force})


def standard_state(r: Renderer, standard: Standard) -> str:
    if standard.withdrawn is not None and standard.withdrawn.first_day <= r.today:
        return f"retiré {on_day(standard.withdrawn)}"
    if standard.superseded_by:
        names = ", ".join(r.standard_name(s) for s in standard.superseded_by)
        return f"remplacé par {names}"
    return "en vigueur"


def term_words(standard: Standard) -> str:
    parts = []
    if standard.validity_years:
        parts.append(years_words(standard.validity_years))
    for term in sorted(standard.terms, key=lambda t: t.from_.first_day):
        parts.append(f"{years_words(term.years)} à partir de {since(term.from_)}")
    return " ; ".join(parts) if parts else "non connue"


def standards_index(r: Renderer, holdings: Holdings) -> Page:
    rows: list[dict[str, Any]] = [{"id": sid, "s": s, "count": certified_count(holdings.by_standard[sid])}
                                  for sid, s in r.registry.standards.items()]
    rows.sort(key=lambda row: (fold(row["s"].name), row["id"]))
    return r.page("referentiels/index.md", "standards.html", "Référentiels", rows=rows)


def standard_page(r: Renderer, standard_id: str, holdings: list[Holding]) -> Page:
    standard = r.registry.standards[standard_id]
    citations = Citations()
    cites = citations.cite(standard.sources)
    terms = [(t, citations.cite(t.sources)) for t in sorted(standard.terms, key=lambda t: t.from_.first_day)]
    history = [(e, citations.cite(e.sources))
               for e in sorted(standard.history, key=lambda e: (e.date.first_day, e.date.precision))]
    criteria = criterion_cells(standard, citations)
    disputes = dispute_views(standard.disputes, citations)
    order = sorted(holdings, key=lambda h: h.sort_key)
    held = [h for h in order if h.view.current and h.view.in_force]
    others = [h for h in order if not (h.view.current and h.view.in_force)]
    return r.page(
        f"referentiels/{standard_id}.md", "standard.html", standard.name,
        edit_path=r.registry.source_path("standards", standard_id),
        standard_id=standard_id, s=standard, cites=cites, terms=terms, history=history,
        criteria=criteria, disputes=disputes, sources=citations.entries, term=term_words(standard),
        state=standard_state(r, standard), held=held, others=others,
        certifiers=[(c, r.certifier_name(c)) for c in standard.certifiers or []],
        supersedes=[(s, r.standard_name(s)) for s in standard.supersedes],
        superseded_by=[(s, r.standard_name(s)) for s in standard.superseded_by],
    )
