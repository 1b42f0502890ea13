"""Badges a company can embed: /api/v1/badges/<company>/<standard>.svg and …/<certificate-id>.svg.

A badge says a standard and a status on the build day, in the words the company page uses for the same
segment of the same timeline (`wording.short_label`), with that day: rebuilt every day, a badge copied
into another site says how old it is. The standard's badge follows the company's certificate of that
standard most in force on the day (several scopes can each have one); a certificate's badge follows that
certificate alone, and says when a renewal has replaced it. No rule here: only the timelines' segments.
Every text is record text, XML-escaped; the width of each text is estimated and fixed with `textLength`,
so the badge looks the same whatever font the reader has.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator.export.events import name_of_standard
from generator.export.paths import SITE_NAME
from generator.french import format_day
from generator.registry import CertificateView, Registry
from generator.wording import short_label

# Colour and sign of each status: those of the site's status labels (assets/registre.css), so that a badge
# reads like the page; the sign carries the status for a reader who cannot tell the colours apart.
STATUS_STYLES = {
    "valid": ("#14532d", "✓"),
    "expiring": ("#6b3a00", "!"),
    "expired": ("#8f1111", "✕"),
    "suspended": ("#5b2a86", "‖"),
    "withdrawn": ("#7a1240", "⊘"),
    "unknown": ("#333f4d", "?"),
}
# Most in force first: a standard's badge shows the company's certificate of that standard ranked first.
_RANK = {"valid": 0, "expiring": 1, "unknown": 2, "suspended": 3, "expired": 4, "withdrawn": 5}

# Rough advance widths of Verdana at 11 px, by kind of character: only the estimate of each text's box.
_NARROW = set(" ijlI!.,:;'|()[]") | {"\u2019"}
_SEMI = set("frtJ-/")
_WIDE = set("mwMW%") | {"‖", "⊘"}
_HEIGHT = 20
_PAD = 6


@functools.lru_cache(maxsize=4096)  # the same names and words come back on every company
def text_width(text: str) -> int:
    """The width (px) a text takes in Verdana 11 px, estimated from its characters' kinds."""
    width = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[:1] or char
        if base in _NARROW:
            width += 3.6
        elif base in _SEMI:
            width += 4.6
        elif base in _WIDE:
            width += 10.8
        elif base.isupper() or base.isdigit():
            width += 7.6 if base.isupper() else 7.0
        elif unicodedata.east_asian_width(base) in "WF":
            width += 11.0
        else:
            width += 6.8
    return round(width)


@dataclass(frozen=True)
class Badge:
    subject: str  # the standard's name
    status: str
    label: str  # the company page's words for the segment: "valide", "échéance dépassée"…
    day_words: str  # "2 décembre 2026"
    detail: str = ""  # in the title only: which certificate (scope), replaced…

    @property
    def value(self) -> str:
        return f"{STATUS_STYLES[self.status][1]} {self.label} au {self.day_words}"

    def svg(self) -> bytes:
        colour = STATUS_STYLES[self.status][0]
        left_text, right_text = _printable(self.subject), self.value
        left_w, right_w = text_width(left_text), text_width(right_text)
        left, right = left_w + 2 * _PAD, right_w + 2 * _PAD
        sentence = f"{left_text} : {self.label} au {self.day_words}"
        title = f"{sentence}{self.detail} ({SITE_NAME})"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" height="{_HEIGHT}" role="img" '
            f'aria-label={quoteattr(_printable(sentence))}>'
            f'<title>{escape(_printable(title))}</title>'
            f'<rect width="{left}" height="{_HEIGHT}" fill="#3d4451"/>'
            f'<rect x="{left}" width="{right}" height="{_HEIGHT}" fill="{colour}"/>'
            '<g fill="#fff" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11">'
            f'<text x="{_PAD}" y="14" textLength="{left_w}" lengthAdjust="spacingAndGlyphs">{escape(left_text)}</text>'
            f'<text x="{left + _PAD}" y="14" textLength="{right_w}" lengthAdjust="spacingAndGlyphs">'
            f'{escape(right_text)}</text></g></svg>\n'
        ).encode()


def _printable(text: str) -> str:
    """One line of text XML 1.0 can carry: control and format characters (through YAML escapes) dropped."""
    if text.isprintable():  # the usual case, at C speed: no control, format or line separator character
        return text
    return "".join(" " if unicodedata.category(c) in ("Zl", "Zp") or c in "\t\n\r"
                   else "" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") else c for c in text)


def certificate_badge(registry: Registry, view: CertificateView) -> Badge:
    """The certificate on the registry's day, in its company page's words."""
    label = short_label(view.segment)
    if not view.current:
        label += ", remplacé"
    scope = f" ; périmètre : {view.certificate.scope}" if view.certificate.scope else ""
    return Badge(name_of_standard(registry, view), view.status, label, format_day(registry.today),
                 f" — certificat {view.id}{scope}")


def standard_badge(registry: Registry, views: list[CertificateView]) -> Badge:
    """The company's certificate of one standard most in force on the registry's day, among its current ones."""
    chosen = min(views, key=lambda v: (not v.current, v.segment is None, _RANK[v.status],
                                       -v.order_day.toordinal(), v.index))
    badge = certificate_badge(registry, chosen)
    current = sum(1 for v in views if v.current)
    if current > 1:
        detail = f"{badge.detail} ; le plus en vigueur des {current} certificats en cours de ce référentiel"
        return Badge(badge.subject, badge.status, badge.label, badge.day_words, detail)
    return badge


def company_badges(registry: Registry, company_id: str) -> dict[str, bytes]:
    """{name: SVG} of a company's badges (`paths.BADGE`): one per certificate (its id), one per standard it
    holds a certificate of (the standard's id)."""
    views = registry.certificates[company_id]
    by_standard: dict[str, list[CertificateView]] = defaultdict(list)
    files: dict[str, bytes] = {}
    for view in views:
        by_standard[view.standard_id].append(view)
        files[view.id] = certificate_badge(registry, view).svg()
    for standard_id, held in by_standard.items():
        # The validator refuses a certificate id that is a standard's id; were one to pass, the standard wins.
        files[standard_id] = standard_badge(registry, held).svg()
    return files
