"""Sources numbered per page, disputes with their claims, and citation marks."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.fields import web_address
from generator.french import describe_partial
from generator.model import Dispute, SourceRef
from generator.render.text import safe_url


@dataclass(frozen=True)
class SourceEntry:
    key: str
    title: str
    url: str | None
    publisher: str | None
    date: str | None
    retrieved: str | None
    archive: str | None

    @property
    def richness(self) -> tuple[int, str]:
        fields = (self.url, self.publisher, self.date, self.retrieved, self.archive)
        return sum(f is not None for f in fields), json.dumps(fields)


def source_key(source: str | SourceRef) -> str:
    if isinstance(source, str):
        return source
    return source.url if source.url else "titre:" + source.title


@functools.lru_cache(maxsize=65536)
def source_entry(source: str | SourceRef) -> SourceEntry:
    key = source_key(source)
    if isinstance(source, str):
        return SourceEntry(key, url_label(source), safe_url(source), None, None, None, None)
    return SourceEntry(
        key, source.title, safe_url(source.url), source.publisher,
        describe_partial(source.date) if source.date else None,
        describe_partial(source.retrieved) if source.retrieved else None,
        safe_url(source.archive),
    )


def url_label(url: str) -> str:
    """What the site shows of a URL: its host and path as a browser reads them (the validator's own parse)."""
    address = web_address(url)
    return address.label if address is not None else url


class Citations:
    """A page's sources numbered in order of first citation, each listed once."""

    def __init__(self) -> None:
        self.entries: list[SourceEntry] = []
        self._numbers: dict[str, int] = {}

    def cite(self, sources: Iterable[str | SourceRef]) -> list[int]:
        numbers = []
        for source in sources:
            entry = source_entry(source)
            if entry.key not in self._numbers:
                self.entries.append(entry)
                self._numbers[entry.key] = len(self.entries)
            elif entry.richness > self.entries[self._numbers[entry.key] - 1].richness:
                self.entries[self._numbers[entry.key] - 1] = entry
            number = self._numbers[entry.key]
            if number not in numbers:
                numbers.append(number)
        return numbers


@dataclass(frozen=True)
class ClaimView:
    claim: str
    cites: list[int]


@dataclass(frozen=True)
class DisputeView:
    topic: str
    claims: list[ClaimView]


def cite_html(numbers: Sequence[int], anchor: str = "source-") -> Markup:
    """Citation marks '[1, 3]', each a link to the page's numbered source (its id: `anchor` + number)."""
    if not numbers:
        return Markup("")
    prefix = escape(anchor)
    links = ", ".join(f'<a href="#{prefix}{int(n)}">{int(n)}</a>' for n in numbers)
    return Markup(f'<sup class="rr-cite">[{links}]</sup>')


def dispute_views(disputes: Sequence[Dispute], citations: Citations) -> list[DisputeView]:
    return [DisputeView(d.topic, [ClaimView(c.claim, citations.cite(c.sources)) for c in d.claims])
            for d in disputes]
