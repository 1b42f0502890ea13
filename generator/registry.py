"""Load + validate + timelines for one day: the one object every adapter receives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from generator.diagnostics import Diagnostic, sort_by_place
from generator.model import CertificateStatus, Certification, Certifier, Company, Standard, certificate_ids
from generator.status import IN_FORCE, Basis, Facts, current_flags, facts_of, order_day, start_day
from generator.timeline import Segment, Timeline, segment_on, timeline_of
from generator.validate import validate_registry


@dataclass(frozen=True)
class CertificateView:
    """One certificate with its timeline, and what the timeline says on the registry's day."""

    company_id: str
    index: int  # its place in the company's `certifications` list (never an identity: see `id`)
    id: str  # its stored id, else the one derived from standard, date and scope
    certificate: Certification
    facts: Facts
    timeline: Timeline
    start: date | None
    order_day: date  # start, or `reported` standing for it
    segment: Segment | None  # on the registry's day; None if it did not exist yet
    current: bool  # False when a later certificate of the same standard and scope supersedes it

    @property
    def status(self) -> CertificateStatus:
        return self.segment.status if self.segment is not None else "unknown"

    @property
    def basis(self) -> Basis:
        return self.segment.basis if self.segment is not None else "source"

    @property
    def last_day(self) -> date | None:
        """Its last day surely in force (a computed last day counts from the first day its start can mean)."""
        return self.facts.last_earliest

    @property
    def in_force(self) -> bool:
        """Whether the certificate holds on the registry's day: valid, or valid but lapsing soon."""
        return self.status in IN_FORCE

    @property
    def standard_id(self) -> str:
        return self.certificate.standard

    @property
    def certifier_id(self) -> str | None:
        return self.certificate.certifier

    def on(self, day: date) -> Segment | None:
        """The segment of its timeline holding `day`; None before it existed."""
        return segment_on(self.timeline, day)


@dataclass
class Registry:
    today: date
    root: str
    companies: dict[str, Company] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    certifiers: dict[str, Certifier] = field(default_factory=dict)
    certificates: dict[str, list[CertificateView]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def all_certificates(self) -> Iterator[CertificateView]:
        for views in self.certificates.values():
            yield from views

    def source_path(self, kind: str, record_id: str) -> str:
        """The record's file inside the registry folder, e.g. 'companies/edf.yml'."""
        return f"{kind}/{record_id}.yml"


def build_registry(root: str, today: date) -> Registry:
    """Read, check and compute the registry in `root` as it stands on `today`."""
    valid, diagnostics = validate_registry(root, today)
    registry = Registry(today=today, root=root, diagnostics=sort_by_place(diagnostics))
    for kind in ("standards", "certifiers", "companies"):
        records = getattr(valid, kind)
        target = getattr(registry, kind)
        for record_id in sorted(records):
            target[record_id] = records[record_id][0]
    if registry.errors:
        return registry  # no timeline is computed from records that failed a rule (a day past the calendar)
    for company_id, company in registry.companies.items():
        registry.certificates[company_id] = compute_certificates(
            company_id, company, registry.standards, today
        )
    return registry


def compute_certificates(company_id: str, company: Company, standards: dict[str, Standard],
                         today: date) -> list[CertificateView]:
    flags = current_flags(company.certifications, standards)
    ids = certificate_ids(company.certifications)
    views = []
    for index, certificate in enumerate(company.certifications):
        standard = standards.get(certificate.standard)
        facts = facts_of(certificate, standard)
        timeline = timeline_of(facts)
        views.append(CertificateView(
            company_id=company_id,
            index=index,
            id=ids[index],
            certificate=certificate,
            facts=facts,
            timeline=timeline,
            start=start_day(certificate, standard),
            order_day=order_day(certificate, standard),
            segment=segment_on(timeline, today),
            current=flags[index],
        ))
    return views
