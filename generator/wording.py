"""A certificate's status in French words, segment by segment of its timeline.

Words are computed once, here, for every segment: the pages, the browser (which only picks the
segment of the visitor's day), the verifier, the badges, the feeds and the command line all say the
same thing for the same basis. A last day given by a source reads "expiré"; a last day computed from
a term reads "échéance dépassée", with the computation beside it.
"""

from __future__ import annotations

from datetime import date, timedelta

from generator.dates import PartialDate
from generator.french import describe_partial, end_of, format_day, since, years
from generator.model import CertificateStatus, Certification
from generator.status import Basis, Facts, Span
from generator.timeline import Segment

_DAY = timedelta(days=1)

# One word or two, where the day and the dates are shown beside it (tables, lists, badges, diffs).
SHORT_LABELS: dict[tuple[CertificateStatus, Basis], str] = {}
for _basis in ("source", "term", "partial-date", "declared"):
    SHORT_LABELS.update({
        ("valid", _basis): "valide",
        ("expiring", _basis): "expire bientôt",
        ("expired", _basis): "échéance dépassée" if _basis == "term" else "expiré",
        ("suspended", _basis): "suspendu",
        ("withdrawn", _basis): "retiré",
        ("unknown", _basis): "statut inconnu",
    })
# The label of a status whatever its basis (filters, counts): the words a visitor picks from.
STATUS_LABELS: dict[CertificateStatus, str] = {
    "valid": "valide", "expiring": "expire bientôt", "expired": "expiré ou échéance dépassée",
    "suspended": "suspendu", "withdrawn": "retiré", "unknown": "statut inconnu",
}


def short_label(segment: Segment | None) -> str:
    if segment is None:
        return "pas encore attribué"
    return SHORT_LABELS[(segment.status, segment.basis)]


def start_words(certificate: Certification) -> str:
    """How the start is known: 'attribué en 2021', 'signalé le 19 avril 2024'."""
    if certificate.issued is not None:
        return f"attribué {describe_partial(certificate.issued)}"
    if certificate.reported is not None:
        return f"signalé {describe_partial(certificate.reported)}"
    return "date non connue"


def computation(certificate: Certification, facts: Facts) -> str:
    """'attribué en 2021 + 4 ans': how a computed last day was reached."""
    return f"{start_words(certificate)} + {years(facts.term_years or 0)}"


def segment_words(segment: Segment, facts: Facts, certificate: Certification, *,
                  renewal_missing: bool = False, checked: PartialDate | None = None) -> str:
    """The status line of one segment: what holds from its first day to its last."""
    status = segment.status
    if status in ("valid", "expiring"):
        words = _valid_words(facts, certificate)
        return f"expire bientôt : {words}" if status == "expiring" else words
    if status == "expired":
        words = _expired_words(facts, certificate)
        if renewal_missing:
            words += " — aucun renouvellement trouvé dans les sources"
            if checked is not None:
                words += f" (fiche vérifiée {describe_partial(checked)})"
        return words
    if status == "withdrawn" and certificate.status_date is not None:
        return f"retiré depuis {since(certificate.status_date)}"
    if status == "suspended":
        return _suspended_words(segment, certificate)
    return "statut inconnu : " + _unknown_words(segment, facts, certificate)


def _valid_words(facts: Facts, certificate: Certification) -> str:
    if facts.end_basis == "source" and certificate.expires is not None:
        return f"valide jusqu'{end_of(certificate.expires)}"
    assert facts.last_earliest is not None
    at_least = " au moins" if facts.last_latest != facts.last_earliest else ""
    return (f"valide jusqu'au {format_day(facts.last_earliest)} inclus{at_least} "
            f"(échéance calculée : {computation(certificate, facts)})")


def _expired_words(facts: Facts, certificate: Certification) -> str:
    if facts.end_basis == "source" and facts.last_earliest is not None:
        return f"expiré depuis le {format_day(facts.last_earliest + _DAY)}"
    assert facts.last_latest is not None
    at_latest = " au plus tard" if facts.reported_only else ""
    return (f"échéance dépassée{at_latest} depuis le {format_day(facts.last_latest + _DAY)} "
            f"(calculée : {computation(certificate, facts)})")


def _suspended_words(segment: Segment, certificate: Certification) -> str:
    for suspension in certificate.suspensions:
        start = Span.of(suspension.from_)
        if start.first <= segment.start <= start.last + _DAY:
            words = f"suspendu depuis {since(suspension.from_)}"
            if suspension.to is not None:
                words += f", rétabli {describe_partial(suspension.to)}"
            return words
    return "suspendu"  # pragma: no cover - a suspended segment always starts in a suspension


def _unknown_words(segment: Segment, facts: Facts, certificate: Certification) -> str:
    day = segment.start
    if facts.withdrawal is not None and facts.withdrawal.first <= day <= facts.withdrawal.last:
        assert certificate.status_date is not None
        return f"retiré {describe_partial(certificate.status_date)}, jour non connu"
    for suspension in certificate.suspensions:
        if Span.of(suspension.from_).first <= day <= Span.of(suspension.from_).last:
            return f"suspendu {describe_partial(suspension.from_)}, jour non connu"
        if suspension.to is not None and Span.of(suspension.to).first <= day <= Span.of(suspension.to).last:
            return f"rétabli {describe_partial(suspension.to)}, jour non connu"
    if segment.basis == "partial-date" and day < facts.certain:
        return f"{start_words(certificate)}, jour non connu"
    if segment.basis == "partial-date" and facts.last_earliest is not None and facts.last_latest is not None:
        return (f"l'échéance calculée tombe entre le {format_day(facts.last_earliest)} et le "
                f"{format_day(facts.last_latest)} ({computation(certificate, facts)}, jour d'attribution non connu)")
    if facts.reported_only:
        if facts.last_latest is not None:
            return (f"{start_words(certificate)}, date d'attribution non connue ; échéance au plus tard le "
                    f"{format_day(facts.last_latest)} ({computation(certificate, facts)})")
        return f"{start_words(certificate)}, date d'attribution et durée non connues"
    return f"{start_words(certificate)}, durée de validité non connue"


def day_label(day: date) -> str:
    """'(statut au 2 décembre 2026)'."""
    return f"statut au {format_day(day)}"
