"""A certificate's status on a page: today's words, and its whole timeline for the browser.

Each status element carries its timeline (`data-tl`: one token per segment, its first day and two
letters for status and basis) and, for full status lines, the words of each segment (`data-words`).
The browser (assets/status.js) only finds the segment holding the visitor's day and shows its words:
no rule, no date arithmetic. The letters and labels are published once, in vocabulaire.js.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from generator.dates import PartialDate
from generator.french import describe_partial, format_day
from generator.french import since as since_words
from generator.model import Company
from generator.registry import CertificateView
from generator.render.text import html_text, json_attribute
from generator.timeline import Timeline
from generator.validate import STALE_AFTER
from generator.wording import SHORT_LABELS, day_label, segment_words, short_label

STATUS_LETTERS = {"valid": "v", "expiring": "x", "expired": "e", "suspended": "s", "withdrawn": "w", "unknown": "u"}
BASIS_LETTERS = {"source": "S", "term": "T", "partial-date": "P", "declared": "D"}


def on_day(day: PartialDate) -> str:
    """'le 3 mars 2008', 'en mars 2008', 'en 2008'."""
    return describe_partial(day)


def since(day: PartialDate) -> str:
    """'le 3 mars 2008', 'mars 2008', '2008': what follows 'depuis'."""
    return since_words(day)


def stale(company: Company, today: date) -> bool:
    return company.checked.last_day < today - STALE_AFTER


def encode_timeline(timeline: Timeline) -> str:
    """'20210601uP 20220101vT …': each segment's first day, status letter and basis letter."""
    return " ".join(f"{s.start:%Y%m%d}{STATUS_LETTERS[s.status]}{BASIS_LETTERS[s.basis]}" for s in timeline)


def vocabulary() -> dict[str, object]:
    """What the browser needs to read a timeline: letters, labels, month names (vocabulaire.js)."""
    from generator.french import FIRST, MONTHS

    return {
        "statuses": {letter: status for status, letter in STATUS_LETTERS.items()},
        "bases": {letter: basis for basis, letter in BASIS_LETTERS.items()},
        "labels": {STATUS_LETTERS[status] + BASIS_LETTERS[basis]: label
                   for (status, basis), label in SHORT_LABELS.items()},
        "months": list(MONTHS),
        "first": FIRST,
    }


def vocabulary_script() -> str:
    data = json.dumps(vocabulary(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return ("/* Registre de la relation client: the words of the statuses, generated from generator/wording.py. */\n"
            f"window.RegistreVocabulary = {data};\n")


@dataclass(frozen=True)
class StatusView:
    status: str
    short: str
    words: str  # on the registry's day
    computed_on: str  # ISO day the words were computed for
    computed_on_words: str
    timeline: str  # encoded (data-tl)
    segment_words: tuple[str, ...]  # one per segment, for full status lines

    @property
    def short_html(self) -> Markup:
        """The status in a table or a list: one word or two; the timeline lets the browser move it."""
        return Markup(f'<span class="rr-status rr-status--{self.status}" data-rr-status '
                      f'data-tl="{self.timeline}" data-short>{escape(self.short)}</span>')

    @property
    def html(self) -> Markup:
        """The status line of a certificate: words, the day they hold for, every segment's words."""
        # The build day's segment says null: its words are the element's text already (status.js keeps them).
        index = self.segment_words.index(self.words) if self.words in self.segment_words else -1
        words = json_attribute([None if i == index else w for i, w in enumerate(self.segment_words)])
        return Markup(
            f'<p class="rr-status rr-status--{self.status}" data-rr-status data-pagefind-ignore '
            f'data-status="{self.status}" '
            f'data-computed-on="{self.computed_on}" data-tl="{self.timeline}" data-words={words}>'
            f'<span class="rr-status__text">{html_text(self.words)}</span> '
            f'<span class="rr-status__on">({escape(self.computed_on_words)})</span></p>'
        )


def status_view(view: CertificateView, company: Company, today: date) -> StatusView:
    renewal_missing = view.current
    words = tuple(segment_words(s, view.facts, view.certificate, renewal_missing=renewal_missing,
                                checked=company.checked) for s in view.timeline)
    index = view.timeline.index(view.segment) if view.segment is not None else -1
    return StatusView(
        status=view.status,
        short=short_label(view.segment),
        words=words[index] if index >= 0 else "pas encore attribué",
        computed_on=today.isoformat(),
        computed_on_words=day_label(today),
        timeline=encode_timeline(view.timeline),
        segment_words=words,
    )


__all__ = ["StatusView", "format_day", "on_day", "since", "stale", "status_view", "vocabulary_script"]
