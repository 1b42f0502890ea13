"""/sources/: every source the registry cites, once, with what cites it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.model import Dispute, SourceRef
from generator.registry import Registry
from generator.render.base import Page, Renderer
from generator.render.citations import SourceEntry, source_entry
from generator.render.text import fold


@dataclass
class SourceListing:
    entry: SourceEntry
    cited_by: set[tuple[str, str, str, str]] = field(default_factory=set)  # (kind, id, name, what)

    @property
    def citers(self) -> list[tuple[str, str, str, str]]:
        order = {"entreprises": 0, "referentiels": 1, "certificateurs": 2}
        return sorted(self.cited_by, key=lambda c: (order[c[0]], fold(c[2]), c[1], c[3]))


def collect_sources(registry: Registry) -> list[SourceListing]:
    """Every source cited anywhere, one entry per URL (or per title without URL), with what cites it."""
    listings: dict[str, SourceListing] = {}

    def add(sources: Iterable[str | SourceRef], kind: str, record_id: str, name: str, what: str) -> None:
        for source in sources:
            entry = source_entry(source)
            listing = listings.get(entry.key)
            if listing is None:
                listing = listings[entry.key] = SourceListing(entry)
            elif entry.richness > listing.entry.richness:
                listing.entry = entry
            listing.cited_by.add((kind, record_id, name, what))

    def add_disputes(disputes: Sequence[Dispute], kind: str, record_id: str, name: str, prefix: str = "") -> None:
        for dispute in disputes:
            for claim in dispute.claims:
                add(claim.sources, kind, record_id, name, f"{prefix}divergence « {dispute.topic} »")

    for company_id, company in registry.companies.items():
        add(company.sources, "entreprises", company_id, company.name, "la fiche")
        add_disputes(company.disputes, "entreprises", company_id, company.name)
        for certificate in company.certifications:
            standard = registry.standards.get(certificate.standard)
            what = f"certificat {standard.name if standard else certificate.standard}"
            add(certificate.sources, "entreprises", company_id, company.name, what)
            add_disputes(certificate.disputes, "entreprises", company_id, company.name, what + " : ")
    for standard_id, standard in registry.standards.items():
        add(standard.sources, "referentiels", standard_id, standard.name, "la fiche")
        for term in standard.terms:
            add(term.sources, "referentiels", standard_id, standard.name, "durée de validité")
        for event in standard.history:
            add(event.sources, "referentiels", standard_id, standard.name, "historique")
        add_disputes(standard.disputes, "referentiels", standard_id, standard.name)
    for certifier_id, certifier in registry.certifiers.items():
        add(certifier.sources, "certificateurs", certifier_id, certifier.name, "la fiche")
    return sorted(listings.values(), key=lambda s: (fold(s.entry.title), s.entry.title, s.entry.key))


def sources_page(r: Renderer) -> Page:
    return r.page("sources/index.md", "sources.html", "Sources", entries=collect_sources(r.registry))
