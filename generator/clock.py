"""The registry's day, decided once at the edge: only the adapters (CLI, MkDocs plugin) call this.

The core never reads the clock: every function that needs a day takes `today`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def today_in_paris() -> date:
    """The date in Europe/Paris, whatever the machine's time zone."""
    return datetime.now(PARIS).date()
