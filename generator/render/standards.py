"""The standards: their index, one page each, and the words shared with the comparison."""

from __future__ import annotations

from typing import Any

from generator.export.paths import STANDARD_CALENDAR, STANDARD_FEED
from generator.model import Standard
from generator.render.base import Page, Renderer
from generator.render.charts import holders_chart
from generator.render.citations import Citations, dispute_views
from generator.render.criteria import criterion_cells
from generator.render.text import fold
from generator.render.wording import on_day, since


def years_words(years: int) -> str:
    return f"{years} an" if years == 1 else f"{years} ans"


def certified_count(r: Renderer, standard_id: str) -> int:
    """Companies holding a certificate in force on the build day, each once (render/figures.py)."""
    return r.figures.standards_index.count(standard_id, r.today)


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


def standards_index(r: Renderer) -> Page:
    rows: list[dict[str, Any]] = [{"id": sid, "s": s} for sid, s in r.registry.standards.items()]
    rows.sort(key=lambda row: (fold(row["s"].name), row["id"]))
    return r.page("referentiels/index.md", "standards.html", "Référentiels", rows=rows,
                  series=r.figures.standards_index)


def standard_page(r: Renderer, standard_id: str) -> Page:
    standard = r.registry.standards[standard_id]
    citations = Citations()
    cites = citations.cite(standard.sources)
    terms = [(t, citations.cite(t.sources)) for t in sorted(standard.terms, key=lambda t: t.from_.first_day)]
    history = [(e, citations.cite(e.sources))
               for e in sorted(standard.history, key=lambda e: (e.date.first_day, e.date.precision))]
    criteria = criterion_cells(standard, citations)
    disputes = dispute_views(standard.disputes, citations)
    feed, calendar = STANDARD_FEED.format(id=standard_id), STANDARD_CALENDAR.format(id=standard_id)
    return r.page(
        f"referentiels/{standard_id}.md", "standard.html", standard.name,
        edit_path=r.registry.source_path("standards", standard_id),
        alternates=(("application/atom+xml", f"{standard.name} : certificats (Atom)", feed),
                    ("text/calendar", f"{standard.name} : fins de validité (iCalendar)", calendar)),
        feed=feed, calendar=calendar,
        standard_id=standard_id, s=standard, cites=cites, terms=terms, history=history,
        criteria=criteria, disputes=disputes, sources=citations.entries, term=term_words(standard),
        state=standard_state(r, standard), series=r.figures.standards[standard_id],
        holders_chart=holders_chart(r.figures.standards_index.counts[standard_id], r.today, standard.name),
        certifiers=[(c, r.certifier_name(c)) for c in standard.certifiers or []],
        supersedes=[(s, r.standard_name(s)) for s in standard.supersedes],
        superseded_by=[(s, r.standard_name(s)) for s in standard.superseded_by],
    )
