"""Dates as precise as the sources: a day, a month or a year.

A partial date stands for every day of its period; comparisons use its first
or last day explicitly, so that a check is an error only when it is certain.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# The years a record may name. Every day the registry computes from them (a last day, the day after it,
# a reminder 90 days before, a term of up to 100 years) must exist in Python's calendar (years 1 to
# 9999): validation refuses the dates and terms that would leave this range, so the build never meets one.
MIN_YEAR = 1000
MAX_YEAR = 9998
FIRST_SUPPORTED_DAY = date(MIN_YEAR, 1, 1)
LAST_SUPPORTED_DAY = date(MAX_YEAR, 12, 31)
SUPPORTED_RANGE = f"de l'an {MIN_YEAR} à l'an {MAX_YEAR}"


class DateFormatError(ValueError):
    """The text is not a date of the form AAAA-MM-JJ, AAAA-MM or AAAA."""


class ImpossibleDateError(ValueError):
    """The text has the right shape but names a day or month that does not exist."""


class DateRangeError(ValueError):
    """The text is a date, but outside the years the registry supports (MIN_YEAR to MAX_YEAR)."""


def supported(day: date) -> bool:
    """Whether a day lies within the years the registry supports."""
    return FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    # Computed once: statuses and checks ask for these bounds many times per record.
    first_day: date = field(init=False, repr=False, compare=False)
    last_day: date = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first = date(self.year, self.month or 1, self.day or 1)
        if self.day is not None:
            last = first
        elif self.month is not None:
            last = date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        else:
            last = date(self.year, 12, 31)
        object.__setattr__(self, "first_day", first)
        object.__setattr__(self, "last_day", last)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PATTERN.fullmatch(text)
        if match is None:
            raise DateFormatError(text)
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DateRangeError(text)
        if month is not None and not 1 <= month <= 12:
            raise ImpossibleDateError(text)
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                raise ImpossibleDateError(text)
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def add_years(day: date, years: int) -> date:
    """The anniversary of `day` after `years` years; 29 February falls on 1 March in a common year.

    OverflowError when it falls outside Python's calendar (as for any date arithmetic there)."""
    if not 1 <= day.year + years <= 9999:
        raise OverflowError(f"year {day.year + years} is out of range")
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def last_day_of_term(start: date, years: int) -> date:
    """The last valid day of a term of `years` years beginning on `start`."""
    return add_years(start, years) - timedelta(days=1)
