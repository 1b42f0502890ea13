"""Timelines drawn at build time: a company's certificates as bars over the years, a standard's holders as steps.

Pure drawing: each bar is its certificate's timeline (generator/timeline.py), segment by segment, each
segment coloured by its status and labelled with its words (generator/wording.py) and symbol, so that
colour is never the only carrier; the steps are the count of holders the standard page shows
(render/figures.py). No status rule here, only a linear map from days to x. Every record text
reaches the SVG escaped (render/text.py's html_attr). The marker of the visitor's day ([data-rr-chart-day]) stands at
the build day; assets/day.js moves it to the day the visitor sees (a linear map, not a rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from generator.french import format_day, number, plural
from generator.render.days import DayList
from generator.render.text import html_attr
from generator.timeline import Timeline
from generator.wording import short_label

WIDTH = 640  # the viewBox's width: the SVG scales to its box and keeps this aspect
X0, X1 = 4.0, 620.0  # the days' span; an open segment's arrow goes beyond X1
LABEL_FONT, SEGMENT_FONT = 13, 12
CHAR = 0.52  # the mean width of a character, in ems, to guess a text's width (system sans-serif fonts)
ROW = 52  # a certificate: its label, then its bar
LINE = 17  # a second line of label, when the first is full
BAR = 22
TOP = 20  # the marker's day is written above the first row
AXIS = 26  # below the last row: the years
# The shapes of the status badges (registre.css, .rr-status--*::before), repeated inside the bars.
SYMBOLS = {"valid": "✓", "expiring": "!", "expired": "✕", "suspended": "‖", "withdrawn": "⊘", "unknown": "?"}
LEGEND_ORDER = ("valid", "expiring", "suspended", "unknown", "expired", "withdrawn")
TERMINAL = frozenset(("expired", "withdrawn"))  # an open segment of these comes after the certificate's life
_DAY = timedelta(days=1)


def _n(value: float) -> str:
    """A coordinate to the unit: a unit is a few days at most, finer than a screen shows it."""
    return str(round(value))


def text_width(text: str, size: float) -> float:
    return len(text) * CHAR * size


def fit(text: str, width: float, size: float) -> str:
    """The text, cut with '…' to fit `width` (an estimate: the text beside gives every word in full)."""
    if text_width(text, size) <= width:
        return text
    keep = max(int(width / (CHAR * size)) - 1, 0)
    return text[:keep].rstrip() + "…"


def wrap(text: str, width: float, size: float) -> list[str]:
    """The text on one line, else two, cut between words; the second cut with '…' if it is still too long."""
    if text_width(text, size) <= width:
        return [text]
    words = text.split(" ")
    first = words[0]
    for word in words[1:]:
        if text_width(f"{first} {word}", size) > width:
            break
        first = f"{first} {word}"
    rest = text[len(first):].strip()
    return [fit(first, width, size), fit(rest, width, size)] if rest else [fit(first, width, size)]


@dataclass(frozen=True)
class Scale:
    """Days to x, over whole years: from 1 January of `first`'s year to 1 January after `last`'s."""

    start: date
    end: date  # excluded
    x0: float = X0  # the x of `start`; that of `end` is X1

    @classmethod
    def over(cls, first: date, last: date, x0: float = X0) -> Scale:
        return cls(date(first.year, 1, 1), date(min(last.year + 1, 9999), 1, 1), x0)

    def x(self, day: date) -> float:
        day = min(max(day, self.start), self.end)
        return self.x0 + (day - self.start).days / (self.end - self.start).days * (X1 - self.x0)

    def years(self) -> range:
        return range(self.start.year, self.end.year)

    def axis(self, y: float, top: float) -> str:
        """A light rule each 1 January from `top` down to the axis; the years written below, each in its year."""
        years = self.years()
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if len(years) / s <= 12)
        rules = "".join(f"M{_n(self.x(date(year, 1, 1)))} {top}V{y}" for year in years)
        labels = []
        for year in years:
            if year % step == 0:
                middle = (self.x(date(year, 1, 1)) + self.x(date(year + 1, 1, 1))) / 2
                labels.append(f'<text x="{_n(middle)}">{year}</text>')
        return (f'<path class="rr-chart__grid" d="{rules}M{_n(self.x0)} {y}H{_n(X1)}"/>'
                f'<g class="rr-chart__years" transform="translate(0 {y + 17})">{"".join(labels)}</g>')

    def marker(self, today: date, top: float, bottom: float) -> str:
        """The visitor's day: a vertical line and the day written above (the build day without script)."""
        inside = self.start <= today < self.end
        x = self.x(today)
        anchor = "start" if x < 90 else ("end" if x > WIDTH - 90 else "middle")
        hidden = "" if inside else " hidden"
        return (f'<g class="rr-chart__day" data-rr-chart-day transform="translate({_n(x)} 0)"{hidden}>'
                f'<line y1="{top}" y2="{bottom}"/><text y="{top - 6}" text-anchor="{anchor}">'
                f'{html_attr(format_day(today))}</text></g>')

    def data(self) -> str:
        """What day.js needs to place the marker: the days' span and its x."""
        return (f'data-rr-chart data-from="{self.start.isoformat()}" data-to="{self.end.isoformat()}" '
                f'data-x0="{_n(self.x0)}" data-x1="{_n(X1)}"')


# --- a company's certificates ---------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One certificate as the chart draws it."""

    label: str  # the standard's name, scope or category, how it started
    anchor: str  # its id on the page (the text links to #certificat-<anchor>)
    timeline: Timeline


@dataclass(frozen=True)
class Chart:
    svg: Markup
    legend: tuple[str, ...]  # the statuses drawn, in legend order
    open_ended: bool  # an arrow is drawn: some segment has no known end
    texts: tuple[tuple[Bar, str], ...]  # the text alternative: each certificate's periods in words


def history_words(timeline: Timeline) -> str:
    """'valide dès le 1ᵉʳ janvier 2017, expire bientôt dès le 9 juin 2017, expiré dès le 8 septembre 2017':
    each period from its first day (it lasts until the next one starts; the last one is open)."""
    words = [f"{short_label(s)} dès le {format_day(s.start)}" for s in timeline]
    if timeline[-1].status not in TERMINAL:
        words[-1] += " (sans fin connue)"
    return ", ".join(words)


def certificates_chart(bars: Sequence[Bar], today: date, subject: str) -> Chart | None:
    """Every certificate of a company, one bar each, oldest first; None without any dated certificate."""
    drawn = [bar for bar in bars if bar.timeline]
    if not drawn:
        return None
    ends = [s.end - _DAY for bar in drawn for s in bar.timeline if s.end is not None]
    scale = Scale.over(min(bar.timeline[0].start for bar in drawn), max([today, *ends]))
    labels: list[str] = []
    groups: dict[str, tuple[list[str], list[str]]] = {}  # segments drawn alike: their outlines, their words
    y = TOP
    for bar in drawn:
        for line in wrap(bar.label, WIDTH - X0, LABEL_FONT):
            labels.append(f'<text x="{_n(X0)}" y="{y + 17}">{html_attr(line)}</text>')
            y += LINE
        _bar(scale, bar.timeline, y + 23 - LINE, groups)
        y += ROW - LINE
    height = y + AXIS
    years = scale.years()
    summary = (f"Frise chronologique : {plural(len(drawn), 'certificat')} de {subject}, "
               f"de {years[0]} à {years[-1]}. Le texte qui suit donne les mêmes dates.")
    order = {status: rank for rank, status in enumerate(LEGEND_ORDER)}
    segments = "".join(f'<g class="{classes}"><path d="{"".join(outlines)}"/>{"".join(texts)}</g>'
                       for classes, (outlines, texts) in sorted(groups.items(), key=lambda g: (
                           order[g[0].split()[0].removeprefix("rr-seg--")], g[0])))
    svg = (f'<svg class="rr-chart__svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{html_attr(summary)}" {scale.data()}>'
           f'{scale.axis(height - AXIS, TOP)}<g class="rr-chart__labels">{"".join(labels)}</g>'
           f'<g class="rr-chart__bars">{segments}</g>{scale.marker(today, TOP, height - AXIS)}</svg>')
    seen = {segment.status for bar in drawn for segment in bar.timeline}
    open_ended = any(bar.timeline[-1].status not in TERMINAL for bar in drawn)
    return Chart(Markup(svg), tuple(status for status in LEGEND_ORDER if status in seen), open_ended,
                 tuple((bar, history_words(bar.timeline)) for bar in drawn))


def _bar(scale: Scale, timeline: Timeline, y: float, groups: dict[str, tuple[list[str], list[str]]]) -> None:
    """A certificate's segments side by side, each into the group of its status (one path and one class per
    status: a small page); an open one runs to the edge, with an arrow if it is not an end."""
    for segment in timeline:
        left = round(scale.x(segment.start))
        right = round(scale.x(segment.end)) if segment.end is not None else round(X1)
        width = max(right - left, 1)
        after = segment.end is None and segment.status in TERMINAL
        outlines, texts = groups.setdefault(f"rr-seg--{segment.status}" + (" rr-seg--after" if after else ""),
                                            ([], []))
        outlines.append(f"M{left} {_n(y)}h{width}v{BAR}h-{width}z")
        if segment.end is None and not after:
            outlines.append(f"M{_n(X1)} {_n(y - 3)}l12 {_n(BAR / 2 + 3)}-12 {_n(BAR / 2 + 3)}z")
        label = f"{SYMBOLS[segment.status]} {short_label(segment)}"
        if text_width(label, SEGMENT_FONT) + 8 > width:
            label = SYMBOLS[segment.status] if width >= SEGMENT_FONT + 2 else ""
        if label:
            texts.append(f'<text x="{left + 4}" y="{_n(y + 16)}">{html_attr(label)}</text>')


# --- a standard's holders -----------------------------------------------------------------------------

STEPS_TOP, STEPS_HEIGHT, STEPS_LEFT = 24, 180, 44


@dataclass(frozen=True)
class Steps:
    svg: Markup
    yearly: tuple[tuple[str, int], ...]  # the table: the count on 1 January of each year, then on the build day


def holders_chart(counts: DayList[None], today: date, subject: str) -> Steps | None:
    """The number of companies holding a certificate in force, day by day; None when none ever did."""
    if not counts.days or max(counts.counts) == 0:
        return None
    scale = Scale.over(counts.days[0], max(today, counts.days[-1]), STEPS_LEFT)
    top_value = nice_top(max(counts.counts))
    base = STEPS_TOP + STEPS_HEIGHT

    def y(value: int) -> float:
        return base - value / top_value * STEPS_HEIGHT

    # One step per x unit at most: a large registry changes every day, the drawing needs no more.
    points: list[tuple[int, int]] = []
    for day, count in zip(counts.days, counts.counts, strict=True):
        x = round(scale.x(day))
        if points and points[-1][0] == x:
            points[-1] = (x, count)
        else:
            points.append((x, count))
    path = f"M{_n(scale.x0)} {base}" + "".join(f"H{x}V{_n(y(c))}" for x, c in points)
    path += f"H{_n(X1)}V{base}Z"
    ticks = "".join(f'<text x="{STEPS_LEFT - 6}" y="{_n(y(v) + 4)}">{number(v)}</text>'
                    for v in (0, top_value // 2, top_value))
    rules = "".join(f"M{STEPS_LEFT} {_n(y(v))}H{X1}" for v in (top_value // 2, top_value))
    yearly = tuple((format_day(date(year, 1, 1)), counts.count(date(year, 1, 1))) for year in scale.years()
                   if date(year, 1, 1) < today) + ((format_day(today), counts.count(today)),)
    height = base + AXIS
    summary = (f"Courbe : nombre d'entreprises qui détiennent un certificat en vigueur de {subject}, "
               f"de {scale.years()[0]} à {scale.years()[-1]} ; {number(counts.count(today))} au "
               f"{format_day(today)}. Le tableau qui suit donne les mêmes chiffres.")
    svg = (f'<svg class="rr-chart__svg rr-chart__svg--steps" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{html_attr(summary)}" {scale.data()}>'
           f'{scale.axis(base, STEPS_TOP)}<path class="rr-chart__rules" d="{rules}"/>'
           f'<g class="rr-chart__counts">{ticks}</g><path class="rr-chart__steps" d="{path}"/>'
           f'{scale.marker(today, STEPS_TOP, base)}</svg>')
    return Steps(Markup(svg), yearly)


def nice_top(value: int) -> int:
    """The smallest of 2, 4, 10, 20, 40, 100… at least `value`: an axis whose middle is a round number."""
    top = 2
    while top < value:
        top = top * 5 // 2 if str(top).startswith("4") else top * 2
    return top


__all__ = ["Bar", "Chart", "Steps", "certificates_chart", "holders_chart"]
