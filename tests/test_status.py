"""Date arithmetic of the status: leap days, partial dates, floors, term changes, the 90-day edge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator.dates import PartialDate, add_years
from generator.model import Certification, Standard
from generator.status import current_flags, last_valid_day, start_day, status_on

SOURCE = ["https://example.org/s"]


def standard(**fields) -> Standard:
    return Standard.model_validate({"name": "S", "kind": "norme", "sources": SOURCE, **fields})


def cert(**fields) -> Certification:
    return Certification.model_validate({"standard": "s", "sources": SOURCE, **fields})


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
    assert status_on(cert(issued="2008"), None, date(2026, 1, 1)) == "unknown"


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
    assert status_on(cert(issued="2020"), last, today) == expected


def test_withdrawn_and_suspended_from_the_first_day_status_date_can_mean():
    withdrawn = cert(issued="2020", status="withdrawn", status_date="2022-03")
    last = date(2030, 1, 1)
    assert status_on(withdrawn, last, date(2022, 2, 28)) == "valid"
    assert status_on(withdrawn, last, date(2022, 3, 1)) == "withdrawn"
    suspended = cert(issued="2020", status="suspended", status_date="2022")
    assert status_on(suspended, last, date(2021, 12, 31)) == "valid"
    assert status_on(suspended, last, date(2022, 1, 1)) == "suspended"
    # Withdrawn beats unknown and expired alike.
    assert status_on(withdrawn, None, date(2023, 1, 1)) == "withdrawn"
    assert status_on(withdrawn, date(2021, 1, 1), date(2023, 1, 1)) == "withdrawn"


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
