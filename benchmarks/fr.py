"""The French of the benchmark scripts' output: numbers, plurals, days, verdicts and Markdown tables.

What the scripts print is pasted as is into docs/performances.md, a page of the public site
(/performances/): it is written in French, with the site's own number format, plurals and days
(generator/french.py: decimal comma, narrow no-break space between thousands), by these few
functions only, so that every script says it alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date

from generator.french import format_day
from generator.french import number as whole_number
from generator.french import plural as plural  # '1 passage', '3 passages', '10 000 entreprises'


def number(value: float, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (with `decimals` digits after the comma), thousands as the site sets them apart."""
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    sign = "-" if value < 0 and any(digit != "0" for digit in whole + fraction) else ""
    return sign + whole_number(int(whole)) + ("," + fraction if fraction else "")


def day(value: date) -> str:
    """'1ᵉʳ décembre 2026', '25 novembre 2026': the site's own wording of a day."""
    return format_day(value)


def verdict(met: bool) -> str:
    return "tenu" if met else "**manqué**"


def load() -> str:
    """The load average over 1, 5 and 15 minutes: '0,55 / 1,31 / 1,81'."""
    return " / ".join(number(value, 2) for value in os.getloadavg())


def table(columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table; each column is (header, "<" for text or ">" for figures, aligned right)."""
    lines = [
        "| " + " | ".join(header for header, _ in columns) + " |",
        "| " + " | ".join("---:" if align == ">" else "---" for _, align in columns) + " |",
    ]
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{len(row)} cells for {len(columns)} columns: {row!r}")
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines)
