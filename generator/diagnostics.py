"""Problems found in the registry, each at its place, and the ways to print them.

Library code returns diagnostics; only the adapters (CLI, MkDocs plugin) print
them or turn them into an exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    """One problem: where it is (1-based line and column), how bad, a stable code, a French message."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def sort_by_place(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.column, d.code, d.message))


def count_failures(diagnostics: Iterable[Diagnostic], strict: bool) -> int:
    """How many diagnostics fail a run: errors, and warnings too when strict."""
    return sum(1 for d in diagnostics if d.severity == "error" or strict)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(
        f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.message}\n" for d in diagnostics
    )


def _github_escape(text: str, in_property: bool) -> str:
    # GitHub workflow commands: %, CR and LF are escaped everywhere; ':' and ',' inside properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(
        f"::{d.severity} file={_github_escape(d.path, True)},line={d.line},col={d.column}"
        f"::{_github_escape(d.message, False)}\n"
        for d in diagnostics
    )


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
