"""Load + validate + status for one day: the one object every adapter receives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from generator.diagnostics import Diagnostic, sort_by_place
from generator.load import load_registry
from generator.model import CertificateStatus, Certification, Certifier, Company, Standard
from generator.status import current_flags, last_valid_day, order_day, start_day, status_on
from generator.validate import validate


@dataclass(frozen=True)
class CertificateView:
    """One certificate with what is computed for the registry's day."""

    company_id: str
    index: int  # its place in the company's `certifications` list
    certificate: Certification
    start: date | None
    order_day: date  # start, or `reported` standing for it
    last_day: date | None  # last valid day, None when unknown
    status: CertificateStatus
    current: bool  # False when a later certificate of the same standard and scope supersedes it

    @property
    def in_force(self) -> bool:
        """Whether the certificate holds on the registry's day: valid, or valid but lapsing soon."""
        return self.status in ("valid", "expiring")

    @property
    def standard_id(self) -> str:
        return self.certificate.standard

    @property
    def certifier_id(self) -> str | None:
        return self.certificate.certifier


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
    loaded = load_registry(root)
    valid, diagnostics = validate(loaded, today)
    registry = Registry(today=today, root=root, diagnostics=sort_by_place(diagnostics))
    for kind in ("standards", "certifiers", "companies"):
        records = getattr(valid, kind)
        target = getattr(registry, kind)
        for record_id in sorted(records):
            target[record_id] = records[record_id][0]
    for company_id, company in registry.companies.items():
        registry.certificates[company_id] = compute_certificates(
            company_id, company, registry.standards, today
        )
    return registry


def compute_certificates(company_id: str, company: Company, standards: dict[str, Standard],
                         today: date) -> list[CertificateView]:
    flags = current_flags(company.certifications, standards)
    views = []
    for index, certificate in enumerate(company.certifications):
        standard = standards.get(certificate.standard)
        last = last_valid_day(certificate, standard)
        views.append(CertificateView(
            company_id=company_id,
            index=index,
            certificate=certificate,
            start=start_day(certificate, standard),
            order_day=order_day(certificate, standard),
            last_day=last,
            status=status_on(certificate, last, today),
            current=flags[index],
        ))
    return views
