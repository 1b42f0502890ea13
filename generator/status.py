"""The rules of a certificate's status on a given day: pure date arithmetic, no clock.

A certificate's dates are as precise as its sources, so some days are certain and some are not:
`facts_of` brings its dates to days (the first day it may exist, the first day it surely exists,
its earliest and latest possible last valid day, its declared withdrawal and suspensions), and
`status_on` says what holds on one day, with what the status rests on (its basis). The timeline
(`generator.timeline`) samples these rules once for every day they can change; every page, export
and command reads the timeline, never these rules. The method is published on /methode/.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from generator.dates import PartialDate, last_day_of_term
from generator.model import CertificateStatus, Certification, Standard, term_on

EXPIRING_DAYS = 90
_DAY = timedelta(days=1)

# What a status rests on: dates given by sources, a last day computed from the standard's term, a date
# known only to the month or year (the span it leaves uncertain), or a suspension or withdrawal declared
# in the record.
Basis = Literal["source", "term", "partial-date", "declared"]
BASES: tuple[Basis, ...] = ("source", "term", "partial-date", "declared")
IN_FORCE: frozenset[CertificateStatus] = frozenset(("valid", "expiring"))


@dataclass(frozen=True, slots=True)
class Span:
    """The days a dated event may have happened on: one day, or every day of a month or a year."""

    first: date
    last: date

    @classmethod
    def of(cls, day: PartialDate) -> Span:
        return cls(day.first_day, day.last_day)

    @property
    def uncertain(self) -> bool:
        return self.first != self.last


@dataclass(frozen=True, slots=True)
class Suspended:
    start: Span
    end: Span | None  # the day it was reinstated (first day in force again), None while it lasts


@dataclass(frozen=True, slots=True)
class Facts:
    """A certificate's dates brought to days: everything the rules read."""

    begin: date  # the first day it may exist (issued, never before its standard; else reported)
    certain: date  # the first day it surely exists
    last_earliest: date | None  # its last day surely in force; None when no source nor term gives one
    last_latest: date | None  # its last day possibly in force: past it, it has certainly run out
    end_basis: Basis  # "source" (expires given) or "term" (computed)
    reported_only: bool  # known only by a source that reports it held: its start is not known
    term_years: int | None
    withdrawal: Span | None
    suspensions: tuple[Suspended, ...]


def start_day(certificate: Certification, standard: Standard | None) -> date | None:
    """The first day `issued` can mean, never before the standard existed; None without `issued`."""
    if certificate.issued is None:
        return None
    start = certificate.issued.first_day
    if standard is not None and standard.introduced is not None:
        start = max(start, standard.introduced.first_day)
    return start


def facts_of(certificate: Certification, standard: Standard | None) -> Facts:
    """The days the rules read. Raises OverflowError when a computed day leaves the calendar."""
    withdrawal = Span.of(certificate.status_date) \
        if certificate.status == "withdrawn" and certificate.status_date is not None else None
    suspensions = tuple(Suspended(Span.of(s.from_), Span.of(s.to) if s.to is not None else None)
                        for s in certificate.suspensions)
    start = start_day(certificate, standard)
    if start is not None:
        assert certificate.issued is not None
        latest_start = max(certificate.issued.last_day, start)
        certain = latest_start + _DAY if certificate.issued.precision != "day" else start
        years = term_on(standard, start)
        last_earliest: date | None = None
        last_latest: date | None = None
        basis: Basis = "term"
        if certificate.expires is not None:
            last_earliest = last_latest = certificate.expires.last_day
            basis = "source"
        elif years is not None:
            last_earliest, last_latest = last_day_of_term(start, years), last_day_of_term(latest_start, years)
        return Facts(start, certain, last_earliest, last_latest, basis, False, years, withdrawal, suspensions)
    reported = certificate.reported
    # The validator requires `issued` or `reported`: an invalid record still gets a timeline, not a crash.
    begin = reported.first_day if reported is not None else date.min
    if certificate.expires is not None:
        last = certificate.expires.last_day
        return Facts(begin, begin, last, last, "source", True, None, withdrawal, suspensions)
    # Issued on or before the report at the latest: past the report's last day + the term, it has run out.
    years = term_on(standard, begin) if reported is not None else None
    latest = last_day_of_term(reported.last_day, years) if reported is not None and years is not None else None
    return Facts(begin, begin, None, latest, "term", True, years, withdrawal, suspensions)


def status_on(facts: Facts, day: date) -> tuple[CertificateStatus, Basis] | None:
    """The status on `day` and what it rests on; None before the certificate may exist."""
    if day < facts.begin:
        return None
    declared = _declared_on(facts, day)
    if declared is not None:
        return declared
    if day < facts.certain:
        return "unknown", "partial-date"
    earliest, latest = facts.last_earliest, facts.last_latest
    if earliest is None:
        if latest is not None and day > latest:
            return "expired", "term"
        return "unknown", "source"
    if day <= earliest:
        expiring = earliest - day <= timedelta(days=EXPIRING_DAYS)
        return ("expiring" if expiring else "valid"), facts.end_basis
    if latest is not None and day <= latest:
        return "unknown", "partial-date"
    return "expired", facts.end_basis


def _declared_on(facts: Facts, day: date) -> tuple[CertificateStatus, Basis] | None:
    withdrawal = facts.withdrawal
    if withdrawal is not None:
        if day > withdrawal.last:
            return "withdrawn", "declared"
        if day >= withdrawal.first:
            return ("unknown", "partial-date") if withdrawal.uncertain else ("withdrawn", "declared")
    for suspension in facts.suspensions:
        start, end = suspension.start, suspension.end
        if day < start.first or (end is not None and day > end.last):
            continue
        if day <= start.last and start.uncertain:
            return "unknown", "partial-date"
        if end is not None and day >= end.first:
            if end.uncertain:
                return "unknown", "partial-date"
            continue  # reinstated that day
        return "suspended", "declared"
    return None


def change_days(facts: Facts) -> list[date]:
    """Every day on which `status_on` may differ from the day before, from the first day on, sorted."""
    days = {facts.begin, facts.certain}
    if facts.last_earliest is not None:
        days.add(facts.last_earliest + _DAY)
        if facts.last_earliest - timedelta(days=EXPIRING_DAYS) > date.min:
            days.add(facts.last_earliest - timedelta(days=EXPIRING_DAYS))
    if facts.last_latest is not None:
        days.add(facts.last_latest + _DAY)
    spans = [facts.withdrawal] if facts.withdrawal is not None else []
    for suspension in facts.suspensions:
        spans.append(suspension.start)
        if suspension.end is not None:
            spans.append(suspension.end)
    for span in spans:
        days.update((span.first, span.last + _DAY))
    return sorted(day for day in days if day >= facts.begin)


def order_day(certificate: Certification, standard: Standard | None) -> date:
    """The day that orders certificates in time: the start, or `reported` standing for it."""
    start = start_day(certificate, standard)
    if start is not None:
        return start
    # The validator requires one of the two; an invalid record still sorts first, not crashes.
    return certificate.reported.first_day if certificate.reported is not None else date.min


def scope_key(scope: str | None) -> str:
    return scope or ""


def line_key(certificate: Certification) -> tuple[str, str, str]:
    """What a renewal continues: the same standard, scope and (for a prize) category."""
    return certificate.standard, scope_key(certificate.scope), certificate.category or ""


def current_flags(certificates: Sequence[Certification], standards: dict[str, Standard],
                  on: date | None = None) -> list[bool]:
    """For each certificate of one company, whether no later one of the same line (`line_key`) supersedes it.

    With `on`, only the certificates that may exist on that day count: a renewal not begun yet
    supersedes nothing.
    """
    latest: dict[tuple[str, str, str], tuple[date, int]] = {}
    for index, certificate in enumerate(certificates):
        when = order_day(certificate, standards.get(certificate.standard))
        if on is not None and when > on:
            continue
        key = line_key(certificate)
        # On the same day the later entry in the file wins.
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, index)
    winners = {index for _, index in latest.values()}
    return [index in winners for index in range(len(certificates))]
