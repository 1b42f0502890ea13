"""Second pass: rules across fields and records, on validated (or salvaged) records.

Dates in order and not in the future, terms that stay in the calendar, known ids, numbers unique per
certifier, former ids claimed once, certificate ids unique in their company. A salvaged record may
hold None where its file has an invalid value: every rule skips what is None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.dates import MAX_YEAR, SUPPORTED_RANGE, PartialDate, last_day_of_term, supported
from generator.diagnostics import Diagnostic, Severity
from generator.french import plural
from generator.load import Document, PathKey
from generator.model import (
    RESERVED_IDS,
    Certification,
    Certifier,
    Company,
    Comparison,
    Dispute,
    DisputedFinding,
    Record,
    SourceRef,
    Standard,
    derived_certificate_ids,
    term_on,
    yaml_fields,
)
from generator.status import facts_of, start_day
from generator.suggest import closest, did_you_mean
from generator.timeline import timeline_of
from generator.validate.fields import diag, field_name

STALE_AFTER = timedelta(days=365)

# (certifier, number, file, index of the certificate): numbers are unique per certifier.
NumberClaim = tuple[str, str, str, int]
# (former id, company id, file, index in former_ids): a former id belongs to one company.
FormerClaim = tuple[str, str, str, int]


@dataclass
class Claims:
    """What the cross-record rules need from each company file: gathered anywhere, checked once."""

    numbers: list[NumberClaim] = field(default_factory=list)
    formers: list[FormerClaim] = field(default_factory=list)

    def extend(self, other: Claims) -> None:
        self.numbers.extend(other.numbers)
        self.formers.extend(other.formers)


def latest_allowed_expiry(certificate: Certification, standard: Standard) -> date | None:
    """The last day the term allows, counted from the last day `issued` can mean; None if unknown."""
    if certificate.issued is None:
        return None
    start = certificate.issued.last_day
    if standard.introduced is not None:
        start = max(start, standard.introduced.first_day)
    years = term_on(standard, start)
    return None if years is None else last_day_of_term(start, years)


class Checker:
    def __init__(self, ids: dict[str, set[str]], standards: dict[str, Standard], today: date,
                 names: dict[str, dict[str, list[str]]] | None = None) -> None:
        self.ids = ids
        self.standards = standards
        self.today = today
        self.names = names or {}  # {kind: {id: [name, aliases…]}} of the records already read
        self.diagnostics: list[Diagnostic] = []
        self.claims = Claims()

    def report(self, document: Document, where: tuple[int, int], code: str, message: str,
               severity: Severity = "error") -> None:
        self.diagnostics.append(diag(document, where[0], where[1], code, message, severity))

    def check_record(self, record: Record, document: Document) -> None:
        if isinstance(record, Company):
            self.check_company(record, document)
        elif isinstance(record, Standard):
            self.check_standard(record, document)
        elif isinstance(record, Certifier):
            self.check_sources(record.sources, document, ("sources",))
            self.check_publisher(record.sources, document)

    def check_standard(self, standard: Standard, document: Document) -> None:
        for name in ("supersedes", "superseded_by", "certifiers"):
            kind = "certifiers" if name == "certifiers" else "standards"
            for index, ref in enumerate(getattr(standard, name) or []):
                if ref is not None:
                    self.check_ref(document, (name, index), kind, ref)
        for index, event in enumerate(standard.history):
            if event is not None:
                self.check_sources(event.sources, document, ("history", index, "sources"))
        for index, term in enumerate(standard.terms):
            if term is not None:
                self.check_sources(term.sources, document, ("terms", index, "sources"))
        self.check_sources(standard.sources, document, ("sources",))
        self.check_disputes(standard.disputes, document, ("disputes",))
        self.check_comparison(standard, document)
        self.check_publisher(standard.sources, document)

    def check_comparison(self, standard: Standard, document: Document) -> None:
        """A criterion points at a dispute of the record by its topic, or has sources of its own."""
        if standard.comparison is None:
            return
        topics = {dispute.topic for dispute in standard.disputes or [] if dispute is not None}
        for key in yaml_fields(Comparison):
            finding = getattr(standard.comparison, key, None)
            if isinstance(finding, DisputedFinding):
                if finding.dispute is not None and finding.dispute not in topics:
                    self.report(document, document.value_at(("comparison", key, "dispute")), "unknown-dispute",
                                f"« {key} » renvoie au désaccord « {finding.dispute} », absent de « disputes » "
                                "(le « topic » doit être écrit à l'identique)")
            elif finding is not None:
                self.check_sources(finding.sources, document, ("comparison", key, "sources"))

    def check_ref(self, document: Document, path: PathKey, kind: str, ref: str) -> bool:
        if ref in self.ids[kind]:
            return True
        known = {record_id: self.names.get(kind, {}).get(record_id, []) for record_id in self.ids[kind]}
        hints = closest(ref, known)
        what = "référentiel" if kind == "standards" else "certificateur"
        suggestion = did_you_mean(hints) if hints else f" (aucun fichier {kind}/{ref}.yml)"
        code = "unknown-standard" if kind == "standards" else "unknown-certifier"
        self.report(document, document.value_at(path), code, f"{what} inconnu « {ref} »{suggestion}")
        return False

    def check_company(self, company: Company, document: Document) -> None:
        if company.checked is not None:
            self.check_not_future(document, ("checked",), company.checked)
            if company.checked.last_day < self.today - STALE_AFTER:
                self.report(document, document.value_at(("checked",)), "stale-record",
                            f"fiche vérifiée pour la dernière fois le {company.checked} : plus d'un an",
                            "warning")
        for index, old in enumerate(company.former_ids or []):
            if old is None:
                continue
            path: PathKey = ("former_ids", index)
            if old in RESERVED_IDS:
                self.report(document, document.value_at(path), "reserved-id",
                            f"l'ancien id « {old} » est le nom d'une page que le site génère lui-même "
                            f"(/entreprises/{old}) : il ne peut pas rediriger vers cette fiche")
            elif old in self.ids["companies"]:
                self.report(document, document.value_at(path), "former-id-conflict",
                            f"l'ancien id « {old} » est l'id d'une fiche existante (companies/{old}.yml)")
            else:
                self.claims.formers.append((old, document.id, document.path, index))
        self.check_sources(company.sources, document, ("sources",))
        self.check_publisher(company.sources, document)
        self.check_disputes(company.disputes, document, ("disputes",))
        certificates = company.certifications or []
        for index, certificate in enumerate(certificates):
            if certificate is None:
                continue
            self.check_certificate(certificate, document, ("certifications", index))
            if certificate.certifier is not None and certificate.number is not None:
                self.claims.numbers.append((certificate.certifier, certificate.number, document.path, index))
        self.check_certificate_ids(certificates, document)

    def check_certificate_ids(self, certificates: Sequence[Certification | None], document: Document) -> None:
        present = [(index, c) for index, c in enumerate(certificates) if c is not None and c.standard is not None]
        derived = derived_certificate_ids([c for _, c in present])
        seen: dict[str, int] = {}
        for (index, certificate), fallback in zip(present, derived, strict=True):
            path: PathKey = ("certifications", index)
            identity = certificate.id if certificate.id is not None else fallback
            if certificate.id is None:
                self.report(document, document.holder_at(path), "missing-certificate-id",
                            f"certificat sans « id » (il est pour l'instant « {fallback} ») : "
                            "« python -m generator assign-ids » lui en attribue un, une fois pour toutes",
                            "warning")
            if identity in self.ids["standards"]:
                where = document.value_at(path + ("id",)) if certificate.id is not None else document.holder_at(path)
                self.report(document, where, "certificate-id-conflict",
                            f"l'id de certificat « {identity} » est l'id d'un référentiel : les badges de "
                            "l'entreprise (api/v1/badges/<entreprise>/<id>.svg) ne pourraient plus les distinguer ; "
                            "donnez au certificat un autre « id »")
            if identity in seen:
                where = document.value_at(path + ("id",)) if certificate.id is not None else document.holder_at(path)
                first_line = document.holder_at(("certifications", seen[identity]))[0]
                self.report(document, where, "duplicate-certificate-id",
                            f"deux certificats de la fiche ont l'id « {identity} » (l'autre à la ligne "
                            f"{first_line}) : donnez-leur des « id » différents")
            else:
                seen[identity] = index

    def check_certificate(self, certificate: Certification, document: Document, path: PathKey) -> None:
        if certificate.issued is None and certificate.reported is None \
                and not _in_data(document, path + ("issued",)) and not _in_data(document, path + ("reported",)):
            self.report(document, document.holder_at(path), "missing-field",
                        "champ obligatoire « issued » manquant (ou « reported » quand aucune source "
                        "ne donne la date d'attribution)")
        if certificate.status == "withdrawn" and certificate.status_date is None \
                and not _in_data(document, path + ("status_date",)):
            self.report(document, document.key_at(path + ("status",)), "missing-status-date",
                        f"statut « {certificate.status} » sans « status_date » : indiquez depuis quand")
        for name in ("issued", "reported", "status_date"):
            self.check_not_future(document, path + (name,), getattr(certificate, name))
        standard_known = certificate.standard is not None and \
            self.check_ref(document, path + ("standard",), "standards", certificate.standard)
        standard = self.standards.get(certificate.standard) if certificate.standard is not None else None
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
                try:
                    limit = latest_allowed_expiry(certificate, standard)
                except OverflowError:
                    limit = None  # reported below, with the timeline
                if limit is not None and certificate.expires.first_day > limit:
                    self.report(document, document.value_at(path + ("expires",)), "expires-beyond-term",
                                f"« expires » ({certificate.expires}) dépasse la durée du référentiel : "
                                f"au plus tard le {limit.isoformat()}")
        self.check_suspensions(certificate, document, path)
        self.check_calendar(certificate, standard, document, path)
        self.check_sources(certificate.sources, document, path + ("sources",))
        self.check_disputes(certificate.disputes, document, path + ("disputes",))

    def check_suspensions(self, certificate: Certification, document: Document, path: PathKey) -> None:
        previous_end: PartialDate | None = None
        for index, suspension in enumerate(certificate.suspensions or []):
            if suspension is None or suspension.from_ is None:
                continue
            where = path + ("suspensions", index)
            self.check_not_future(document, where + ("from",), suspension.from_)
            self.check_not_future(document, where + ("to",), suspension.to)
            start = certificate.issued or certificate.reported
            if start is not None and suspension.from_.last_day < start.first_day:
                self.report(document, document.value_at(where + ("from",)), "date-order",
                            f"la suspension commence ({suspension.from_}) avant le certificat ({start})")
            if suspension.to is not None and suspension.to.last_day <= suspension.from_.first_day:
                self.report(document, document.value_at(where + ("to",)), "date-order",
                            f"« to » ({suspension.to}) tombe avant ou le jour de « from » ({suspension.from_})")
            if previous_end is None and index > 0:
                self.report(document, document.value_at(where + ("from",)), "date-order",
                            "une suspension suit une suspension qui n'a pas pris fin : indiquez d'abord « to »")
            elif previous_end is not None and suspension.from_.first_day < previous_end.last_day:
                self.report(document, document.value_at(where + ("from",)), "date-order",
                            f"cette suspension commence ({suspension.from_}) avant la fin de la précédente "
                            f"({previous_end}) : les suspensions se suivent, dans l'ordre")
            previous_end = suspension.to

    def check_calendar(self, certificate: Certification, standard: Standard | None, document: Document,
                       path: PathKey) -> None:
        """Every day the timeline needs must lie within the supported years: a term added past them cannot
        be computed, nor shown."""
        if certificate.standard is None or (certificate.issued is None and certificate.reported is None):
            return
        # A salvaged record may hold an invalid suspension (None): reported already, left out here.
        complete = [s for s in certificate.suspensions or [] if s is not None and s.from_ is not None]
        if len(complete) != len(certificate.suspensions or []):
            certificate = certificate.model_copy(update={"suspensions": complete})
        try:
            facts = facts_of(certificate, standard)
            timeline_of(facts)
            ends = [day for day in (facts.last_earliest, facts.last_latest) if day is not None]
            if all(supported(day) for day in ends):
                return
        except (OverflowError, ValueError):
            pass
        name = "expires" if certificate.expires is not None else "issued" \
            if certificate.issued is not None else "reported"
        start = start_day(certificate, standard)
        floored = standard is not None and standard.introduced is not None and certificate.issued is not None \
            and start is not None and start > certificate.issued.first_day
        cause = f", compté depuis la création du référentiel ({standard.introduced})" \
            if floored and standard is not None else ""
        self.report(document, document.value_at(path + (name,)), "date-out-of-range",
                    f"« {name} » : avec la durée du référentiel{cause}, le dernier jour de validité tomberait "
                    f"après l'an {MAX_YEAR}, hors des années que le registre prend en charge ({SUPPORTED_RANGE})")

    def check_not_future(self, document: Document, path: PathKey, day: PartialDate | None) -> None:
        if day is not None and day.first_day > self.today:
            self.report(document, document.value_at(path), "future-date",
                        f"« {field_name(path)} » ({day}) est postérieur à aujourd'hui "
                        f"({self.today.isoformat()})")

    def check_sources(self, sources: list[Any] | None, document: Document, path: PathKey) -> None:
        for index, source in enumerate(sources or []):
            if isinstance(source, SourceRef):
                for name in ("date", "retrieved"):
                    self.check_not_future(document, path + (index, name), getattr(source, name))

    def check_publisher(self, sources: list[Any] | None, document: Document) -> None:
        if not sources or None in sources:
            return  # an empty or invalid list is an error already: no warning on top
        if not any(isinstance(s, SourceRef) and s.publisher for s in sources):
            self.report(document, document.key_at(("sources",)), "source-without-publisher",
                        "aucune source de la fiche ne nomme son éditeur (« publisher ») : "
                        "le lecteur ne peut pas juger de sa fiabilité", "warning")

    def check_disputes(self, disputes: list[Dispute] | None, document: Document, path: PathKey) -> None:
        for index, dispute in enumerate(disputes or []):
            if dispute is None:
                continue
            where = path + (index,)
            claims = dispute.claims or []
            if len(claims) < 2 and dispute.claims is not None:
                self.report(document, document.key_at(where + ("claims",)), "short-dispute",
                            f"le désaccord « {dispute.topic} » n'a que {plural(len(claims), 'version')} : "
                            "il en faut au moins deux, chacune avec ses sources")
            for claim_index, claim in enumerate(claims):
                if claim is not None:
                    self.check_sources(claim.sources, document, where + ("claims", claim_index, "sources"))


def cross_check(claims: Claims, position: Callable[[str, PathKey], tuple[int, int]]) -> list[Diagnostic]:
    """Rules across companies, on the claims the record checks gathered (in any order).

    `position(path, key)` places a value in the text that was validated (a file, or the text an
    editing command is about to write).
    """
    diagnostics = []
    first_use: dict[tuple[str, str], tuple[str, int]] = {}
    # Duplicate numbers are reported at each later use, in file then certificate order.
    for certifier, number, path, index in sorted(claims.numbers, key=lambda c: (c[2], c[3])):
        if (certifier, number) in first_use:
            first_path, first_index = first_use[(certifier, number)]
            line = position(first_path, ("certifications", first_index, "number"))[0]
            diagnostics.append(Diagnostic(
                path, *position(path, ("certifications", index, "number")), "error", "duplicate-number",
                f"le numéro « {number} » de {certifier} est déjà utilisé ({first_path}, ligne {line})"))
        else:
            first_use[(certifier, number)] = (path, index)
    owner: dict[str, str] = {}
    for old, company_id, path, index in sorted(claims.formers, key=lambda c: (c[1], c[3])):
        if old in owner and owner[old] != company_id:
            diagnostics.append(Diagnostic(
                path, *position(path, ("former_ids", index)), "error", "former-id-conflict",
                f"l'ancien id « {old} » est déjà revendiqué par companies/{owner[old]}.yml"))
        else:
            owner.setdefault(old, company_id)
    return diagnostics


def _in_data(document: Document, path: PathKey) -> bool:
    """Whether the file writes a value at `path` (an invalid one, already reported, counts)."""
    current: Any = document.data
    for part in path:
        in_mapping = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            current = current[part]
        else:
            return False
    return True
