"""Every problem in the registry at once, each at its line and column.

First pass: each document against its model (`record_errors`: pydantic reports every
error with its `loc`, walked back to a position). Second pass: rules that span fields or
records (dates, known ids, numbers), on the validated models. Bad data never
raises: it becomes diagnostics.
"""

from __future__ import annotations

import difflib
import multiprocessing
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.dates import PartialDate, last_day_of_term
from generator.diagnostics import Diagnostic, Severity, sort_by_place
from generator.load import Document, Entry, LoadResult, PathKey, load_entry, scan_registry
from generator.model import (
    Certification,
    Certifier,
    Company,
    Comparison,
    Dispute,
    DisputedFinding,
    Record,
    SourceRef,
    Standard,
    term_on,
    yaml_fields,
)
from generator.record_errors import check_model, field_name

STALE_AFTER = timedelta(days=365)


@dataclass
class Valid:
    """The records that passed their model, with the documents they came from."""

    companies: dict[str, tuple[Company, Document]] = field(default_factory=dict)
    standards: dict[str, tuple[Standard, Document]] = field(default_factory=dict)
    certifiers: dict[str, tuple[Certifier, Document]] = field(default_factory=dict)


def validate(loaded: LoadResult, today: date) -> tuple[Valid, list[Diagnostic]]:
    """Check every loaded document; return the valid records and every diagnostic."""
    diagnostics = list(loaded.diagnostics)
    valid = Valid()
    # Standards first: the company checks need them (terms, listed certifiers).
    order = {"standards": 0, "certifiers": 1, "companies": 2}
    for document in sorted(loaded.documents, key=lambda d: order[d.kind]):
        record = check_model(document, diagnostics)
        if record is not None:
            getattr(valid, document.kind)[document.id] = (record, document)
    checker = _Checker(loaded.ids, {k: v[0] for k, v in valid.standards.items()}, today)
    for kind in ("standards", "certifiers", "companies"):
        for record, document in getattr(valid, kind).values():
            checker.check_record(record, document)
    checker.cross_check()
    return valid, diagnostics + checker.diagnostics


def check_registry(root: str, today: date, workers: int = 1) -> list[Diagnostic]:
    """Every diagnostic of the registry in `root`, sorted by place; records are not kept.

    With several workers, company files are read and checked in forked processes: each
    returns only its diagnostics and the few facts the cross-record checks need.
    """
    listing = scan_registry(root)
    diagnostics = list(listing.diagnostics)
    standards: dict[str, Standard] = {}
    others = [e for e in listing.entries if e.kind != "companies"]
    companies = [e for e in listing.entries if e.kind == "companies"]
    documents = [d for d in (load_entry(e, diagnostics) for e in others) if d is not None]
    records = [(check_model(d, diagnostics), d) for d in documents]
    for record, document in records:
        if isinstance(record, Standard):
            standards[document.id] = record
    checker = _Checker(listing.ids, standards, today)
    for record, document in records:
        if record is not None:
            checker.check_record(record, document)
    if workers > 1 and len(companies) >= PARALLEL_THRESHOLD:
        chunks = [companies[i::workers] for i in range(workers)]
        global _WORKER_CHECKER
        _WORKER_CHECKER = _Checker(listing.ids, standards, today)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_check_companies, chunks)
        finally:
            _WORKER_CHECKER = None
    else:
        results = [_check_companies(companies, _Checker(listing.ids, standards, today))]
    for found, numbers, formers in results:
        diagnostics.extend(found)
        checker.numbers.extend(numbers)
        checker.formers.extend(formers)
    checker.cross_check()
    return sort_by_place(diagnostics + checker.diagnostics)


# Below this many company files, forking costs more than it saves.
PARALLEL_THRESHOLD = 2000
_WORKER_CHECKER: _Checker | None = None


def _check_companies(entries: list[Entry], checker: _Checker | None = None) -> tuple[
        list[Diagnostic], list[_NumberClaim], list[_FormerClaim]]:
    checker = checker or _WORKER_CHECKER
    assert checker is not None
    diagnostics: list[Diagnostic] = []
    for entry in entries:
        document = load_entry(entry, diagnostics)
        if document is None:
            continue
        record = check_model(document, diagnostics)
        if record is not None:
            checker.check_record(record, document)
    return diagnostics + checker.diagnostics, checker.numbers, checker.formers


def latest_allowed_expiry(certificate: Certification, standard: Standard) -> date | None:
    """The last day the term allows, counted from the last day `issued` can mean; None if unknown."""
    if certificate.issued is None:
        return None
    start = certificate.issued.last_day
    if standard.introduced is not None:
        start = max(start, standard.introduced.first_day)
    years = term_on(standard, start)
    return None if years is None else last_day_of_term(start, years)


def _position(path: str, key: PathKey) -> tuple[int, int]:
    """Where a value stands in a file, read again: only reported problems need it."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return (1, 1)
    return Document("", "", path, text, {}).value_at(key)


def _diag(document: Document, line: int, column: int, code: str, message: str,
          severity: Severity = "error") -> Diagnostic:
    return Diagnostic(document.path, line, column, severity, code, message)


# --- second pass: rules across fields and records --------------------------------------------

# (certifier, number, file, index of the certificate): numbers are unique per certifier.
_NumberClaim = tuple[str, str, str, int]
# (former id, company id, file, index in former_ids): a former id belongs to one company.
_FormerClaim = tuple[str, str, str, int]


class _Checker:
    def __init__(self, ids: dict[str, set[str]], standards: dict[str, Standard], today: date) -> None:
        self.ids = ids
        self.standards = standards
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.numbers: list[_NumberClaim] = []
        self.formers: list[_FormerClaim] = []

    def report(self, document: Document, where: tuple[int, int], code: str, message: str,
               severity: Severity = "error") -> None:
        self.diagnostics.append(_diag(document, where[0], where[1], code, message, severity))

    def check_record(self, record: Record, document: Document) -> None:
        if isinstance(record, Company):
            self.check_company(record, document)
        elif isinstance(record, Standard):
            self.check_standard(record, document)
        elif isinstance(record, Certifier):
            self.check_sources(record.sources, document, ("sources",))
            self.check_publisher(record.sources, document)

    def cross_check(self) -> None:
        """Rules across companies, on the facts the record checks collected (in any order)."""
        first_use: dict[tuple[str, str], tuple[str, int]] = {}
        # Duplicate numbers are reported at each later use, in file then certificate order.
        for certifier, number, path, index in sorted(self.numbers, key=lambda c: (c[2], c[3])):
            if (certifier, number) in first_use:
                first_path, first_index = first_use[(certifier, number)]
                line = _position(first_path, ("certifications", first_index, "number"))[0]
                self.diagnostics.append(Diagnostic(
                    path, *_position(path, ("certifications", index, "number")), "error", "duplicate-number",
                    f"le numéro « {number} » de {certifier} est déjà utilisé ({first_path}, ligne {line})"))
            else:
                first_use[(certifier, number)] = (path, index)
        owner: dict[str, str] = {}
        for old, company_id, path, index in sorted(self.formers, key=lambda c: (c[1], c[3])):
            if old in owner and owner[old] != company_id:
                self.diagnostics.append(Diagnostic(
                    path, *_position(path, ("former_ids", index)), "error", "former-id-conflict",
                    f"l'ancien id « {old} » est déjà revendiqué par companies/{owner[old]}.yml"))
            else:
                owner.setdefault(old, company_id)

    def check_standard(self, standard: Standard, document: Document) -> None:
        for name in ("supersedes", "superseded_by", "certifiers"):
            kind = "certifiers" if name == "certifiers" else "standards"
            for index, ref in enumerate(getattr(standard, name) or []):
                self.check_ref(document, (name, index), kind, ref)
        for index, event in enumerate(standard.history):
            self.check_sources(event.sources, document, ("history", index, "sources"))
        for index, term in enumerate(standard.terms):
            self.check_sources(term.sources, document, ("terms", index, "sources"))
        self.check_sources(standard.sources, document, ("sources",))
        self.check_disputes(standard.disputes, document, ("disputes",))
        topics = {dispute.topic for dispute in standard.disputes}
        for key in yaml_fields(Comparison):
            finding = getattr(standard.comparison, key)
            if isinstance(finding, DisputedFinding) and finding.dispute not in topics:
                self.report(document, document.value_at(("comparison", key, "dispute")), "unknown-dispute",
                            f"« {key} » renvoie au désaccord « {finding.dispute} », absent de « disputes » "
                            "(le « topic » doit être écrit à l'identique)")
            elif finding is not None and not isinstance(finding, DisputedFinding):
                self.check_sources(finding.sources, document, ("comparison", key, "sources"))
        self.check_publisher(standard.sources, document)

    def check_ref(self, document: Document, path: PathKey, kind: str, ref: str) -> bool:
        if ref in self.ids[kind]:
            return True
        known = sorted(self.ids[kind])
        hint = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
        what = "référentiel" if kind == "standards" else "certificateur"
        suggestion = f" : vouliez-vous dire « {hint[0]} » ?" if hint else \
            f" (aucun fichier {kind}/{ref}.yml)"
        code = "unknown-standard" if kind == "standards" else "unknown-certifier"
        self.report(document, document.value_at(path), code, f"{what} inconnu « {ref} »{suggestion}")
        return False

    def check_company(self, company: Company, document: Document) -> None:
        self.check_not_future(document, ("checked",), company.checked)
        if company.checked.last_day < self.today - STALE_AFTER:
            self.report(document, document.value_at(("checked",)), "stale-record",
                        f"fiche vérifiée pour la dernière fois le {company.checked} : plus d'un an",
                        "warning")
        for index, old in enumerate(company.former_ids):
            path: PathKey = ("former_ids", index)
            if old in self.ids["companies"]:
                self.report(document, document.value_at(path), "former-id-conflict",
                            f"l'ancien id « {old} » est l'id d'une fiche existante (companies/{old}.yml)")
            else:
                self.formers.append((old, document.id, document.path, index))
        self.check_sources(company.sources, document, ("sources",))
        self.check_publisher(company.sources, document)
        self.check_disputes(company.disputes, document, ("disputes",))
        for index, certificate in enumerate(company.certifications):
            self.check_certificate(certificate, document, ("certifications", index))
            if certificate.certifier is not None and certificate.number is not None:
                self.numbers.append((certificate.certifier, certificate.number, document.path, index))

    def check_certificate(self, certificate: Certification, document: Document, path: PathKey) -> None:
        if certificate.issued is None and certificate.reported is None:
            self.report(document, document.holder_at(path), "missing-field",
                        "champ obligatoire « issued » manquant (ou « reported » quand aucune source "
                        "ne donne la date d'attribution)")
        if certificate.status != "active" and certificate.status_date is None:
            self.report(document, document.key_at(path + ("status",)), "missing-status-date",
                        f"statut « {certificate.status} » sans « status_date » : indiquez depuis quand")
        for name in ("issued", "reported", "status_date"):
            self.check_not_future(document, path + (name,), getattr(certificate, name))
        standard_known = self.check_ref(document, path + ("standard",), "standards", certificate.standard)
        standard = self.standards.get(certificate.standard)
        if certificate.certifier is not None:
            known = self.check_ref(document, path + ("certifier",), "certifiers", certificate.certifier)
            if known and standard is not None and standard.certifiers is not None \
                    and certificate.certifier not in standard.certifiers:
                listed = ", ".join(standard.certifiers) or "aucun"
                self.report(document, document.value_at(path + ("certifier",)), "certifier-not-listed",
                            f"« {certificate.certifier} » n'est pas un certificateur connu de "
                            f"« {certificate.standard} » (listés : {listed})")
        if certificate.expires is not None and certificate.issued is not None:
            if certificate.expires.last_day <= certificate.issued.first_day:
                self.report(document, document.value_at(path + ("expires",)), "date-order",
                            f"« expires » ({certificate.expires}) tombe avant ou le jour de « issued » "
                            f"({certificate.issued})")
            elif standard_known and standard is not None:
                limit = latest_allowed_expiry(certificate, standard)
                if limit is not None and certificate.expires.first_day > limit:
                    self.report(document, document.value_at(path + ("expires",)), "expires-beyond-term",
                                f"« expires » ({certificate.expires}) dépasse la durée du référentiel : "
                                f"au plus tard le {limit.isoformat()}")
        self.check_sources(certificate.sources, document, path + ("sources",))
        self.check_disputes(certificate.disputes, document, path + ("disputes",))

    def check_not_future(self, document: Document, path: PathKey, day: PartialDate | None) -> None:
        if day is not None and day.first_day > self.today:
            self.report(document, document.value_at(path), "future-date",
                        f"« {field_name(path)} » ({day}) est postérieur à aujourd'hui "
                        f"({self.today.isoformat()})")

    def check_sources(self, sources: list[Any], document: Document, path: PathKey) -> None:
        for index, source in enumerate(sources):
            if isinstance(source, SourceRef):
                for name in ("date", "retrieved"):
                    self.check_not_future(document, path + (index, name), getattr(source, name))

    def check_publisher(self, sources: list[Any], document: Document) -> None:
        if not any(isinstance(s, SourceRef) and s.publisher for s in sources):
            self.report(document, document.key_at(("sources",)), "source-without-publisher",
                        "aucune source de la fiche ne nomme son éditeur (« publisher ») : "
                        "le lecteur ne peut pas juger de sa fiabilité", "warning")

    def check_disputes(self, disputes: list[Dispute], document: Document, path: PathKey) -> None:
        for index, dispute in enumerate(disputes):
            where = path + (index,)
            if len(dispute.claims) < 2:
                self.report(document, document.key_at(where + ("claims",)), "short-dispute",
                            f"le désaccord « {dispute.topic} » n'a que {len(dispute.claims)} version(s) : "
                            "il en faut au moins deux, chacune avec ses sources")
            for claim_index, claim in enumerate(dispute.claims):
                self.check_sources(claim.sources, document, where + ("claims", claim_index, "sources"))
