"""Dates and statuses in French words, for the site and the command line."""

from __future__ import annotations

from datetime import date

from generator.dates import PartialDate


def describe_partial(day: PartialDate) -> str:
    """A partial date as shown in a status line: 'en 2008', 'en mars 2008', 'le 3 mars 2008'."""
    if day.precision == "year":
        return f"en {day.year}"
    if day.precision == "month":
        return f"en {MONTHS[day.month - 1]} {day.year}"  # type: ignore[operator]
    return f"le {format_day(day.first_day)}"


# A status in one word or two, where the day and the dates are shown beside it (tables, lists, diffs).
STATUS_SHORT = {
    "valid": "valide",
    "expiring": "expire bientôt",
    "expired": "expiré",
    "suspended": "suspendu",
    "withdrawn": "retiré",
    "unknown": "statut inconnu",
}

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def format_day(day: date) -> str:
    """A day in French: '1er mars 2027', '28 février 2027'."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"
