"""/comparatif/: the standards side by side, a matrix of sourced criteria, the most demanding first."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Standard
from generator.render.base import Holdings, Page, Renderer
from generator.render.citations import Citations, SourceEntry
from generator.render.criteria import DEMANDING, Cell, Score, criterion_cells, score, term_cell
from generator.render.standards import certified_count, standard_state, term_words
from generator.render.text import fold


@dataclass(frozen=True)
class Row:
    id: str
    s: Standard
    state: str
    count: int
    cells: list[Cell]  # the criteria, then the term last
    term: str  # the term's full wording, for the details
    score: Score
    sources: list[SourceEntry]  # numbered for this row only: its details list them


def _row(r: Renderer, standard_id: str, holdings: Holdings) -> Row:
    standard = r.registry.standards[standard_id]
    citations = Citations()
    cells = criterion_cells(standard, citations)
    cells.insert(3, term_cell(standard, citations))  # after the frequency of audits: how long a certificate lasts
    return Row(standard_id, standard, standard_state(r, standard), certified_count(r, standard_id),
               cells, term_words(standard), score(cells), citations.entries)


def most_demanding(rows: list[Row]) -> list[Row]:
    """The standards that meet the most demanding criteria (none when no source establishes any)."""
    best = max((row.score.met for row in rows), default=0)
    return [row for row in rows if best and row.score.met == best]


def comparison_page(r: Renderer, holdings: Holdings) -> Page:
    rows = [_row(r, sid, holdings) for sid in r.registry.standards]
    rows.sort(key=lambda row: (row.score.sort_key, fold(row.s.name), row.id))
    headings = [cell.label for cell in rows[0].cells] if rows else []
    return r.page("comparatif/index.md", "compare.html", "Comparatif des référentiels", rows=rows,
                  headings=headings, demanding=DEMANDING, leaders=most_demanding(rows))
