"""Options shared by every command, and the edge where the day is decided."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from generator.clock import today_in_paris
from generator.dates import SUPPORTED_RANGE, DateRangeError, PartialDate
from generator.diagnostics import printable

__all__ = ["DAY", "registry_option", "today_in_paris", "today_option"]

F = TypeVar("F", bound=Callable[..., Any])

class DayType(click.ParamType):
    name = "AAAA-MM-JJ"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = PartialDate.parse(str(value))
        except DateRangeError:
            self.fail(f"date « {printable(str(value))} » hors des années que le registre prend en charge "
                      f"({SUPPORTED_RANGE})", param, ctx)
        except ValueError:
            self.fail(f"date invalide « {printable(str(value))} » : attendu AAAA-MM-JJ", param, ctx)
        if day.precision != "day":
            self.fail(f"date incomplète « {printable(str(value))} » : attendu AAAA-MM-JJ", param, ctx)
        return day.first_day


DAY = DayType()


def registry_option(function: F) -> F:
    return click.option(
        "--registry", "registry", default="registry/", show_default=True,
        type=click.Path(file_okay=False), help="Dossier du registre.",
    )(function)


def today_option(function: F) -> F:
    return click.option(
        "--today", "today", type=DAY, default=None,
        help="Jour pour lequel les statuts sont calculés (défaut : aujourd'hui à Paris).",
    )(function)
