"""/couverture/: what the registry knows and what it lacks, per standard, and how fresh its records are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.model import Certification, SourceRef
from generator.registry import CertificateView, Registry
from generator.render.base import Page, Renderer
from generator.render.text import fold
from generator.render.wording import stale
from generator.validate import STALE_AFTER


@dataclass(frozen=True)
class CoverageRow:
    standard_id: str
    name: str
    holders: int  # companies with at least one certificate of the standard
    certificates: int
    with_certifier: int
    with_number: int
    with_exact_date: int  # `issued` known to the day
    with_archive: int  # at least one source with an archived copy

    def percent(self, part: int) -> str:
        return f"{round(100 * part / self.certificates)} %" if self.certificates else "–"


def _has_archive(certificate: Certification) -> bool:
    return any(isinstance(s, SourceRef) and s.archive for s in certificate.sources)


def coverage_rows(registry: Registry) -> list[CoverageRow]:
    grouped: dict[str, list[CertificateView]] = defaultdict(list)
    for view in registry.all_certificates():
        grouped[view.standard_id].append(view)
    rows = []
    for standard_id, standard in registry.standards.items():
        views = grouped.get(standard_id, [])
        certs = [v.certificate for v in views]
        rows.append(CoverageRow(
            standard_id=standard_id,
            name=standard.name,
            holders=len({v.company_id for v in views}),
            certificates=len(views),
            with_certifier=sum(1 for c in certs if c.certifier),
            with_number=sum(1 for c in certs if c.number),
            with_exact_date=sum(1 for c in certs if c.issued is not None and c.issued.precision == "day"),
            with_archive=sum(1 for c in certs if _has_archive(c)),
        ))
    return sorted(rows, key=lambda row: (fold(row.name), row.standard_id))


def coverage_total(rows: Sequence[CoverageRow]) -> CoverageRow:
    def total(get: Callable[[CoverageRow], int]) -> int:
        return sum(get(row) for row in rows)

    return CoverageRow("", "Tous les référentiels", -1, total(lambda row: row.certificates),
                       total(lambda row: row.with_certifier), total(lambda row: row.with_number),
                       total(lambda row: row.with_exact_date), total(lambda row: row.with_archive))


AGE_BANDS = (
    ("moins de 3 mois", 91),
    ("de 3 à 6 mois", 183),
    ("de 6 mois à un an", STALE_AFTER.days),
)


def checked_ages(registry: Registry) -> list[tuple[str, int]]:
    """How many company records were last checked in each age band (the last band: over a year)."""
    counts: Counter[str] = Counter()
    for company in registry.companies.values():
        age = (registry.today - company.checked.last_day).days
        label = next((name for name, limit in AGE_BANDS if age <= limit), "plus d'un an")
        counts[label] += 1
    return [(name, counts[name]) for name, _ in AGE_BANDS] + [("plus d'un an", counts["plus d'un an"])]


def coverage_page(r: Renderer) -> Page:
    rows = coverage_rows(r.registry)
    ages = checked_ages(r.registry)
    stale_records = sorted(
        ((cid, c) for cid, c in r.registry.companies.items() if stale(c, r.today)),
        key=lambda p: (p[1].checked.last_day, fold(p[1].name), p[0]),
    )
    return r.page("couverture/index.md", "coverage.html", "Couverture des données", rows=rows,
                  total=coverage_total(rows), ages=ages, stale_records=stale_records)
