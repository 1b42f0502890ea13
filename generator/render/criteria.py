"""The comparison's criteria of one standard as cells: a symbol and short words, the note, the numbered
sources, or the versions of a dispute; shared by /comparatif/ and each standard's page.

Every value's French label comes from `generator.model.CRITERIA`; record text stays text (the templates
escape it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import CRITERIA, Criterion, DisputedFinding, Standard
from generator.render.citations import Citations, ClaimView, dispute_views
from generator.render.wording import since

NOT_FOUND = "non trouvé dans les sources"
DISPUTED = "les sources divergent"
# The criteria that say how much a standard asks of its holder, and how many there are.
DEMANDING = tuple(c for c in CRITERIA if c.demanding)


@dataclass(frozen=True)
class Cell:
    """One criterion of one standard, as the page shows it."""

    key: str
    label: str
    state: str  # "value", "absent" (not found in the sources) or "disputed"
    symbol: str  # ✓ ✗ ? ⚠, or "" for a value in words only
    words: str  # short words beside the symbol
    meets: bool = False  # a value that asks more of the holder
    note: str | None = None
    cites: list[int] = field(default_factory=list)
    topic: str | None = None  # the dispute's topic, when disputed
    claims: list[ClaimView] = field(default_factory=list)


def _value_cell(criterion: Criterion, value: str | list[str], note: str | None, cites: list[int]) -> Cell:
    values = value if isinstance(value, list) else [value]
    words = ", ".join(criterion.values[v] for v in values)
    symbol = {"oui": "✓", "non": "✗"}.get(values[0], "") if criterion.values.keys() == {"oui", "non"} else ""
    meets = any(v in criterion.demanding for v in values)
    return Cell(criterion.key, criterion.label, "value", symbol, words, meets, note, cites)


def criterion_cells(standard: Standard, citations: Citations) -> list[Cell]:
    """Each criterion of `standard` in CRITERIA's order, its sources numbered in `citations`."""
    cells = []
    for criterion in CRITERIA:
        finding = getattr(standard.comparison, criterion.key)
        if finding is None:
            cells.append(Cell(criterion.key, criterion.label, "absent", "?", NOT_FOUND))
        elif isinstance(finding, DisputedFinding):
            disputes = [d for d in standard.disputes if d.topic == finding.dispute]
            claims = dispute_views(disputes, citations)[0].claims if disputes else []
            cells.append(Cell(criterion.key, criterion.label, "disputed", "⚠", DISPUTED, note=finding.note,
                              topic=finding.dispute, claims=claims))
        else:
            cells.append(_value_cell(criterion, finding.value, finding.note, citations.cite(finding.sources)))
    return cells


@dataclass(frozen=True)
class Score:
    """How many of the demanding criteria a standard is known to meet, and what is unknown."""

    met: int
    absent: int
    disputed: int
    out_of: int = len(DEMANDING)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (-self.met, self.absent)


def score(cells: list[Cell]) -> Score:
    demanding = [c for c in cells if c.key in {d.key for d in DEMANDING}]
    return Score(sum(c.meets for c in demanding), sum(c.state == "absent" for c in demanding),
                 sum(c.state == "disputed" for c in demanding))


def term_cell(standard: Standard, citations: Citations) -> Cell:
    """The term in force for a certificate starting now (the last change), from `validity_years` and `terms`."""
    terms = sorted(standard.terms, key=lambda t: t.from_.first_day)
    years = terms[-1].years if terms else standard.validity_years
    if years is None:
        return Cell("term", "Durée de validité", "absent", "?", NOT_FOUND)
    words = f"{years} an" if years == 1 else f"{years} ans"
    note = f"depuis {since(terms[-1].from_)}" if terms else None
    cites = [n for t in terms for n in citations.cite(t.sources)]
    return Cell("term", "Durée de validité", "value", "", words, note=note, cites=cites)
