"""A company page's first line: the certifications in force on a day, or plainly that none is known.

Computed for every day on which it can change (a certificate begins, a renewal replaces one, a segment
of a timeline begins); the browser (assets/day.js) shows the words of the visitor's day, or of the day
chosen on the page, and applies no rule. Each line (`render/lines.py`) counts by its current certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from generator.french import format_day, number
from generator.registry import CertificateView
from generator.render.lines import Lines
from generator.render.text import html_text, json_attribute
from generator.status import IN_FORCE


@dataclass(frozen=True)
class Verdict:
    steps: tuple[date, ...]  # the days the words change
    words: tuple[tuple[str, str], ...]  # before the first step, then from each step: (before the day, after it)
    today: date

    @property
    def html(self) -> Markup:
        index = sum(1 for day in self.steps if day <= self.today)
        before, after = self.words[index]
        steps = " ".join(f"{day:%Y%m%d}" for day in self.steps)
        words = json_attribute(self._encoded(index))
        return Markup(
            f'<p class="rr-verdict" data-rr-verdict data-pagefind-ignore data-steps="{steps}" data-words={words} '
            f'data-computed-on="{self.today.isoformat()}"><span data-rr-verdict-before>{html_text(before)}</span>'
            f'<span data-rr-verdict-day>{escape(format_day(self.today))}</span>'
            f'<span data-rr-verdict-after>{html_text(after)}</span></p>')


    def _encoded(self, current: int) -> list[object]:
        """The words for the browser (assets/day.js), small: null for the build day's (the page shows them),
        and a first part said before is the number of the entry that said it first."""
        encoded: list[object] = []
        first: dict[str, int] = {}
        for position, (before, after) in enumerate(self.words):
            if position == current:
                encoded.append(None)
            else:
                encoded.append([first.get(before, before), after])
            first.setdefault(before, position)
        return encoded


def verdict(views: list[CertificateView], lines: Lines, names: dict[str, str], today: date) -> Verdict:
    """`names`: each standard's name."""
    days = sorted({s.start for v in views for s in v.timeline}
                  | {span[1] for v in views if (span := lines.current_span(v)) and span[1] is not None})
    steps: list[date] = []
    words = [_words(views, lines, names, date.min)]
    for day in days:
        said = _words(views, lines, names, day)
        if said != words[-1]:  # a day on which nothing the verdict says changes is no step
            steps.append(day)
            words.append(said)
    return Verdict(tuple(steps), tuple(words), today)


def _words(views: list[CertificateView], lines: Lines, names: dict[str, str], day: date) -> tuple[str, str]:
    if not views:
        return "Aucune certification connue dans le registre au ", "."
    existing = [v for v in views if v.timeline and v.timeline[0].start <= day]
    later = len(views) - len(existing)
    if not existing:
        return "Aucune certification connue au ", " : les certificats de cette fiche sont attribués plus tard."
    in_force, unknown = [], []
    for view in existing:
        segment = view.on(day)
        if segment is None or not lines.current_on(view, day):
            continue
        label = names.get(view.standard_id, view.standard_id)
        label += f" ({view.certificate.scope})" if view.certificate.scope else ""
        if segment.status in IN_FORCE and label not in in_force:
            in_force.append(label)
        elif segment.status == "unknown" and label not in unknown:
            unknown.append(label)
    if in_force:
        before, after = "En cours de validité au ", " : " + ", ".join(in_force) + "."
    else:
        before, after = "Aucune certification en cours de validité connue au ", "."
    if unknown:
        after += " Statut inconnu : " + ", ".join(unknown) + "."
    total = number(len(views))
    if later == 1:
        after += f" 1 des {total} certificats de cette fiche, attribué plus tard, n'est pas montré."
    elif later > 1:
        after += f" {number(later)} des {total} certificats de cette fiche, attribués plus tard, ne sont pas montrés."
    return before, after
