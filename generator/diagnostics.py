"""Problems found in the registry, each at its place, and the ways to print them.

Library code returns diagnostics; only the adapters (CLI, MkDocs plugin) print
them or turn them into an exit code.
"""

from __future__ import annotations

import json
import re
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


# What a terminal could act on (C0, DEL, C1: ESC and CSI sequences), what could reorder or hide a message's
# text (bidirectional controls, zero-width characters) and what some readers take for a line end.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """The text with every control, bidirectional or invisible character written as an escape (\\x1b, \\u202e)."""
    return _HIDDEN.sub(lambda match: _escape(match.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def code_point(char: str) -> str:
    """A character named by its code point, as messages name an invisible one: U+200B."""
    return f"U+{ord(char):04X}"


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(
        f"{printable(d.path)}:{d.line}:{d.column}: {d.severity}: {printable(d.message)}\n" for d in diagnostics
    )


def _github_escape(text: str, in_property: bool) -> str:
    # GitHub workflow commands: %, CR and LF are escaped everywhere; ':' and ',' inside properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(
        f"::{d.severity} file={_github_escape(printable(d.path), True)},line={d.line},col={d.column}"
        f"::{_github_escape(printable(d.message), False)}\n"
        for d in diagnostics
    )


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    # JSON escapes C0 itself, but not C1 nor bidirectional controls: the same escapes as the other formats.
    items = [{**d.as_dict(), "path": printable(d.path), "message": printable(d.message)} for d in diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
