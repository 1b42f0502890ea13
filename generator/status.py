"""The status of a certificate on a given day: pure date arithmetic, no clock.

The browser recomputes the same rules from the dates a page carries
(`assets/status.js`); both follow the method published on /methode/.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from generator.dates import last_day_of_term
from generator.model import CertificateStatus, Certification, Standard, term_on

EXPIRING_DAYS = 90


def start_day(certificate: Certification, standard: Standard | None) -> date | None:
    """The first day `issued` can mean, never before the standard existed; None without `issued`."""
    if certificate.issued is None:
        return None
    start = certificate.issued.first_day
    if standard is not None and standard.introduced is not None:
        start = max(start, standard.introduced.first_day)
    return start


def order_day(certificate: Certification, standard: Standard | None) -> date:
    """The day that orders certificates in time: the start, or `reported` standing for it."""
    start = start_day(certificate, standard)
    if start is not None:
        return start
    # The validator requires one of the two; an invalid record still sorts first, not crashes.
    return certificate.reported.first_day if certificate.reported is not None else date.min


def last_valid_day(certificate: Certification, standard: Standard | None) -> date | None:
    """`expires` (its last possible day), else the day before the term's anniversary; None if unknown."""
    if certificate.expires is not None:
        return certificate.expires.last_day
    start = start_day(certificate, standard)
    if start is None:
        return None
    years = term_on(standard, start)
    return None if years is None else last_day_of_term(start, years)


def status_on(certificate: Certification, last_day: date | None, today: date) -> CertificateStatus:
    """The status on `today`, given the certificate's last valid day (None when unknown)."""
    if certificate.status != "active" and certificate.status_date is not None \
            and today >= certificate.status_date.first_day:
        return "suspended" if certificate.status == "suspended" else "withdrawn"
    if last_day is None:
        return "unknown"
    if today > last_day:
        return "expired"
    if last_day - today <= timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "valid"


def scope_key(scope: str | None) -> str:
    return scope or ""


def current_flags(
    certificates: Sequence[Certification], standards: dict[str, Standard]
) -> list[bool]:
    """For each certificate of one company, whether no later one (same standard and scope) supersedes it."""
    latest: dict[tuple[str, str], tuple[date, int]] = {}
    for index, certificate in enumerate(certificates):
        key = (certificate.standard, scope_key(certificate.scope))
        when = order_day(certificate, standards.get(certificate.standard))
        # On the same day the later entry in the file wins.
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, index)
    winners = {index for _, index in latest.values()}
    return [index in winners for index in range(len(certificates))]
