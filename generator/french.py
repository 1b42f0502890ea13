"""Dates in French words, for the site, the exports and the command line."""

from __future__ import annotations

from datetime import date

from generator.dates import PartialDate

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
FIRST = "1ᵉʳ"  # the first of the month, as French typography writes it


def format_day(day: date) -> str:
    """A day in French: '1ᵉʳ mars 2027', '28 février 2027'."""
    number = FIRST if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def describe_partial(day: PartialDate) -> str:
    """A partial date as a sentence says it: 'en 2008', 'en mars 2008', 'le 3 mars 2008'."""
    if day.precision == "year":
        return f"en {day.year}"
    if day.precision == "month":
        return f"en {MONTHS[day.first_day.month - 1]} {day.year}"
    return f"le {format_day(day.first_day)}"


def since(day: PartialDate) -> str:
    """What follows 'depuis': 'le 3 mars 2008', 'mars 2008', '2008'."""
    text = describe_partial(day)
    return text if day.precision == "day" else text.removeprefix("en ")


def end_of(day: PartialDate) -> str:
    """The last day a partial date can mean, as 'jusqu'à' says it: 'au 3 mars 2008', 'à fin mars 2008'."""
    if day.precision == "day":
        return f"au {format_day(day.first_day)} inclus"
    if day.precision == "month":
        return f"à fin {MONTHS[day.first_day.month - 1]} {day.year}"
    return f"à fin {day.year}"


def years(count: int) -> str:
    return f"{count} an" if count == 1 else f"{count} ans"


def number(count: int) -> str:
    """'29\u202f993': thousands set apart by a narrow no-break space, as French typography and the browser's
    Intl.NumberFormat("fr-FR") write them."""
    return f"{count:,}".replace(",", "\u202f")


def plural_word(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word for `count` things: French gives 0 and 1 the singular."""
    return singular if abs(count) <= 1 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 certificat', '0 certificat', '3 certificats', '10\u202f000 certificats'."""
    return f"{number(count)} {plural_word(count, singular, plural_form)}"
