"""The rules of the status, and the timeline that samples them: leap days, partial dates, floors, term
changes, the 90-day edge, suspensions and withdrawals, and a property test that the timeline says on
every day what the rules say."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.dates import PartialDate, add_years
from generator.model import Certification, Standard
from generator.status import current_flags, facts_of, start_day, status_on
from generator.timeline import segment_on, timeline_of

SOURCE = ["https://example.org/s"]


def standard(**fields) -> Standard:
    return Standard.model_validate({"name": "S", "kind": "norme", "sources": SOURCE, **fields})


def cert(**fields) -> Certification:
    return Certification.model_validate({"standard": "s", "sources": SOURCE, **fields})


def last_valid_day(certificate: Certification, s: Standard | None) -> date | None:
    """The last day surely in force (a computed one counts from the first day the start can mean)."""
    return facts_of(certificate, s).last_earliest


def on(certificate: Certification, s: Standard | None, day: date):
    return status_on(facts_of(certificate, s), day)


@pytest.mark.parametrize(
    ("issued", "years", "last"),
    [
        ("2024-02-29", 3, date(2027, 2, 28)),  # anniversary of 29 Feb in a common year is 1 March
        ("2024-02-29", 4, date(2028, 2, 28)),  # leap year anniversary exists
        ("2021-12", 4, date(2025, 11, 30)),
        ("2021", 4, date(2024, 12, 31)),
        ("2023-03-01", 1, date(2024, 2, 29)),
    ],
)
def test_last_valid_day_from_term(issued, years, last):
    assert last_valid_day(cert(issued=issued), standard(validity_years=years)) == last


def test_add_years_leap_day():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_expires_wins_and_partial_expires_means_its_last_day():
    assert last_valid_day(cert(issued="2021", expires="2025-06"), standard(validity_years=9)) == date(2025, 6, 30)
    assert last_valid_day(cert(issued="2021", expires="2025"), None) == date(2025, 12, 31)


def test_unknown_without_issued_or_term():
    assert last_valid_day(cert(reported="2015"), standard(validity_years=3)) is None
    assert last_valid_day(cert(issued="2008"), standard()) is None
    assert on(cert(issued="2008-05-02"), None, date(2026, 1, 1)) == ("unknown", "source")


def test_reported_only_is_expired_once_the_report_plus_the_term_has_gone_by():
    webhelp = cert(reported="2015")
    iso = standard(validity_years=3)
    assert on(webhelp, iso, date(2014, 12, 31)) is None  # not known to exist yet
    assert on(webhelp, iso, date(2015, 1, 1)) == ("unknown", "source")
    assert on(webhelp, iso, date(2018, 12, 30)) == ("unknown", "source")  # issued in 2015 at the latest
    assert on(webhelp, iso, date(2018, 12, 31)) == ("expired", "term")
    assert on(webhelp, standard(), date(2030, 1, 1)) == ("unknown", "source")  # no term: no end


def test_start_never_before_the_standard_existed():
    s = standard(introduced="2021-06", validity_years=4)
    assert start_day(cert(issued="2021"), s) == date(2021, 6, 1)
    assert last_valid_day(cert(issued="2021"), s) == date(2025, 5, 31)
    # A full date before the standard is floored too.
    assert start_day(cert(issued="2020-01-01"), s) == date(2021, 6, 1)
    assert start_day(cert(issued="2022-02-03"), s) == date(2022, 2, 3)


def test_term_in_force_on_the_start_day_applies():
    s = standard(validity_years=2, terms=[{"from": "2009-12", "years": 3, "sources": SOURCE}])
    assert last_valid_day(cert(issued="2009-11-30"), s) == date(2011, 11, 29)
    assert last_valid_day(cert(issued="2009-12-01"), s) == date(2012, 11, 30)
    assert last_valid_day(cert(issued="2009"), s) == date(2010, 12, 31)
    # Without validity_years, a start before the first change has no known term.
    s = standard(terms=[{"from": "2010", "years": 3, "sources": SOURCE}])
    assert last_valid_day(cert(issued="2009-05"), s) is None
    assert last_valid_day(cert(issued="2010-05"), s) == date(2013, 4, 30)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(91, "valid"), (90, "expiring"), (1, "expiring"), (0, "expiring"), (-1, "expired")],
)
def test_ninety_day_edge_on_both_sides(days_left, expected):
    today = date(2026, 11, 25)
    last = today + timedelta(days=days_left)
    certificate = cert(issued="2020-01-01", expires=last.isoformat())
    assert on(certificate, None, today) == (expected, "source")


def test_partial_start_and_end_are_uncertain_spans():
    rcf = standard(introduced="2021-06", validity_years=4)
    holder = cert(issued="2021")
    assert on(holder, rcf, date(2021, 5, 31)) is None
    assert on(holder, rcf, date(2021, 6, 1)) == ("unknown", "partial-date")  # issued some day of 2021
    assert on(holder, rcf, date(2022, 1, 1)) == ("valid", "term")
    assert on(holder, rcf, date(2025, 5, 31)) == ("expiring", "term")  # June 2021 + 4 years, at the earliest
    assert on(holder, rcf, date(2025, 6, 1)) == ("unknown", "partial-date")  # may still run until December
    assert on(holder, rcf, date(2025, 12, 30)) == ("unknown", "partial-date")
    assert on(holder, rcf, date(2025, 12, 31)) == ("expired", "term")


def test_withdrawn_from_the_day_it_certainly_was():
    withdrawn = cert(issued="2020-01-01", status="withdrawn", status_date="2022-03", expires="2030-01-01")
    assert on(withdrawn, None, date(2022, 2, 28)) == ("valid", "source")
    assert on(withdrawn, None, date(2022, 3, 1)) == ("unknown", "partial-date")  # some day of March
    assert on(withdrawn, None, date(2022, 4, 1)) == ("withdrawn", "declared")
    to_the_day = cert(issued="2008-01-01", status="withdrawn", status_date="2008-10-01")
    assert on(to_the_day, None, date(2020, 1, 1)) == ("withdrawn", "declared")  # withdrawn beats every other


def test_suspensions_and_reinstatements():
    certificate = cert(issued="2020-01-01", expires="2030-01-01", suspensions=[
        {"from": "2022-03-10", "to": "2022-05-02", "sources": SOURCE},
        {"from": "2024-02", "sources": SOURCE},
    ])
    assert on(certificate, None, date(2022, 3, 9)) == ("valid", "source")
    assert on(certificate, None, date(2022, 3, 10)) == ("suspended", "declared")
    assert on(certificate, None, date(2022, 5, 1)) == ("suspended", "declared")
    assert on(certificate, None, date(2022, 5, 2)) == ("valid", "source")  # reinstated that day
    assert on(certificate, None, date(2024, 2, 15)) == ("unknown", "partial-date")
    assert on(certificate, None, date(2024, 3, 1)) == ("suspended", "declared")
    assert on(certificate, None, date(2031, 1, 1)) == ("suspended", "declared")  # still suspended


def test_the_timeline_has_no_gap_and_starts_with_the_certificate():
    timeline = timeline_of(facts_of(cert(issued="2021"), standard(introduced="2021-06", validity_years=4)))
    assert [(s.start.isoformat(), s.status, s.basis) for s in timeline] == [
        ("2021-06-01", "unknown", "partial-date"),
        ("2022-01-01", "valid", "term"),
        ("2025-03-02", "expiring", "term"),
        ("2025-06-01", "unknown", "partial-date"),
        ("2025-12-31", "expired", "term"),
    ]
    assert all(a.end == b.start for a, b in pairwise(timeline))
    assert timeline[-1].end is None
    assert segment_on(timeline, date(2021, 5, 31)) is None
    assert timeline[0].as_json() == {"from": "2021-06-01", "until": "2022-01-01", "status": "unknown",
                                     "basis": "partial-date"}


def _partial(day: date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
precisions = st.sampled_from(["day", "month", "year"])


@st.composite
def certificates(draw):
    issued = draw(days)
    fields: dict = {}
    if draw(st.booleans()):
        fields["issued"] = _partial(issued, draw(precisions))
    else:
        fields["reported"] = _partial(issued, draw(precisions))
    if draw(st.booleans()):
        fields["expires"] = _partial(issued + timedelta(days=draw(st.integers(1, 4000))), draw(precisions))
    if draw(st.booleans()):
        fields.update(status="withdrawn", status_date=_partial(issued + timedelta(days=draw(st.integers(0, 3000))),
                                                               draw(precisions)))
    suspensions = []
    start = issued
    for _ in range(draw(st.integers(0, 2))):
        start = start + timedelta(days=draw(st.integers(0, 900)))
        entry = {"from": _partial(start, draw(precisions)), "sources": SOURCE}
        if draw(st.booleans()):
            start = start + timedelta(days=draw(st.integers(40, 900)))
            entry["to"] = _partial(start, draw(precisions))
        suspensions.append(entry)
    fields["suspensions"] = suspensions
    s = standard(introduced=_partial(draw(days) - timedelta(days=3000), draw(precisions)),
                 validity_years=draw(st.one_of(st.none(), st.integers(1, 5))))
    return cert(**fields), s


@settings(max_examples=400, deadline=None)
@given(certificates(), st.lists(days, min_size=1, max_size=20))
def test_the_timeline_says_what_the_rules_say_on_every_day(certificate_and_standard, probes):
    certificate, s = certificate_and_standard
    facts = facts_of(certificate, s)
    timeline = timeline_of(facts)
    for a, b in pairwise(timeline):
        assert a.end == b.start and a.start < b.start and (a.status, a.basis) != (b.status, b.basis)
    edges = [d for segment in timeline for d in (segment.start, segment.start - timedelta(days=1))]
    for day in [*probes, *edges]:
        segment = segment_on(timeline, day)
        expected = status_on(facts, day)
        assert (None if segment is None else (segment.status, segment.basis)) == expected, day


def test_later_certificate_of_same_standard_and_scope_supersedes():
    standards = {"s": standard(validity_years=3)}
    certs = [
        cert(issued="2018-01-01", scope="Lyon"),
        cert(issued="2021-01-01", scope="Lyon"),
        cert(issued="2019-01-01", scope="Belfort"),
        cert(issued="2017-01-01"),
        cert(reported="2020"),  # reported stands for the start when there is no issued
    ]
    assert current_flags(certs, standards) == [False, True, True, False, True]
    # On a day before the renewal began, the certificate it renews was the current one.
    assert current_flags(certs, standards, on=date(2020, 6, 1)) == [True, False, True, False, True]


def test_scope_must_match_exactly():
    standards = {"s": standard(validity_years=3)}
    certs = [cert(issued="2018", scope="Lyon"), cert(issued="2019", scope="lyon")]
    assert current_flags(certs, standards) == [True, True]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-02-10", date(2024, 2, 10), date(2024, 2, 10)),
    ],
)
def test_partial_date_bounds(text, first, last):
    day = PartialDate.parse(text)
    assert (day.first_day, day.last_day, str(day)) == (first, last, text)
