"""The figures that follow the visitor's day: what the home, standard and certifier pages count and list.

Every figure is defined once, here, as a `DayList` over the days each certificate counts (spans taken
from its timeline and from the day a renewal replaces it). The pages show the build day's values,
dated; the lookup files under `api/v1/chiffres/<série>/` give the browser (assets/figures.js) the same
figures for any other day, fetched only when the visitor's day is not the build day. The counting
rules, said on the pages too: a certificate that did not exist yet on a day counts nowhere; a renewal
replaces the certificate it renews from its own first day; a count of holders counts a company once
per standard.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.french import format_day
from generator.registry import CertificateView, Registry
from generator.render.days import DayList, Listed, Span, buckets, union
from generator.render.lines import Lines
from generator.render.text import fold
from generator.render.wording import StatusView
from generator.status import IN_FORCE
from generator.wording import start_words

FIGURES_DIR = "api/v1/chiffres"
LATEST_COUNT = 10  # bounded lists, whatever the registry's size
LAPSING_COUNT = 20
HOLDERS_COUNT = 50
# The groups of statuses the figures count, on the days a certificate is its line's current one.
GROUPS: dict[str, frozenset[str]] = {
    "in_force": frozenset(IN_FORCE), "expiring": frozenset(("expiring",)), "expired": frozenset(("expired",)),
    "unknown": frozenset(("unknown",)), "declared": frozenset(("suspended", "withdrawn")),
    "not_in_force": frozenset(("expired", "suspended", "withdrawn", "unknown")),
}


@dataclass(frozen=True, slots=True)
class Item:
    """A certificate as a list shows it: `when` says which words follow it, `former` marks it replaced."""

    view: CertificateView
    when: str | None = None  # "start" ("attribué en 2024") or "last" ("dernier jour de validité le …")
    former: bool = False


@dataclass(frozen=True)
class Shown:
    """What a list item says: the same on the page (templates) and in the lookup files (figures.js)."""

    company_id: str
    company_name: str
    standard_id: str
    standard_name: str
    scope: str | None
    number: str | None
    status: StatusView  # its badge on the page; its timeline (data-tl) in the lookup files
    when: str | None
    former: bool

    def as_json(self, spans: Iterable[Span]) -> list[object]:
        """The item in a lookup file: its values in the order of ITEM_FIELDS (the file names them)."""
        return [self.company_id, self.company_name, self.standard_id, self.status.timeline,
                [d.isoformat() if d else None for span in spans for d in span],
                self.scope, self.number, self.when, self.former]


# What each item of a lookup file holds, in order; "days": first day, first day after, … (null: open).
ITEM_FIELDS = ("company", "name", "standard", "tl", "days", "scope", "number", "when", "former")


@dataclass
class Series:
    """The figures of one page (or family of pages): its counts and lists, in lookup files.

    `index.json` gives the first day of each file's period (null: from the beginning); `<n>.json`
    holds, for every day of its period, each count as a step function and each list's items that can
    show, each with its days (an item is a list of values, named by the file's `fields`).
    """

    name: str  # "accueil", "referentiels", "referentiels/<id>", …
    counts: dict[str, DayList[None]]
    lists: dict[str, DayList[Item]]
    show: Callable[[Item], Shown]

    def count(self, name: str, day: date) -> int:
        return (self.counts[name] if name in self.counts else self.lists[name]).count(day)

    def on(self, name: str, day: date) -> list[Shown]:
        return [self.show(item) for item in self.lists[name].on(day)]

    def files(self) -> dict[str, str]:
        """{path in the site: JSON}."""
        folder = f"{FIGURES_DIR}/{self.name}"
        day_lists: dict[str, DayList[Any]] = {**self.counts, **self.lists}
        periods = buckets(day_lists)
        files = {f"{folder}/index.json": _json({"starts": [_iso(p.start) for p in periods]})}
        written: dict[tuple[str, int], tuple[list[object], str, str]] = {}
        for number, period in enumerate(periods):
            counts = {name: {"start": start, "steps": [[d.isoformat(), v] for d, v in steps]}
                      for name, (start, steps) in period.counts.items()}
            lists: dict[str, object] = {}
            standards: dict[str, str] = {}
            for name, ranks in period.items.items():
                found = []
                for rank in ranks:
                    key = (name, rank)  # an item carried into several periods is written once
                    if key not in written:
                        entry = self.lists[name].listed[rank]
                        shown = self.show(entry.item)
                        written[key] = (shown.as_json(entry.spans), shown.standard_id, shown.standard_name)
                    found.append(written[key])
                lists[name] = {"limit": self.lists[name].limit, "items": [data for data, _, _ in found]}
                standards.update((sid, standard_name) for _, sid, standard_name in found)
            files[f"{folder}/{number}.json"] = _json({"start": _iso(period.start), "counts": counts, "lists": lists,
                                                      "fields": ITEM_FIELDS, "standards": standards})
        return files


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def counted(spans: Iterable[list[Span]]) -> DayList[None]:
    """A count of items, each listed on its own days."""
    return DayList([Listed(None, tuple(s)) for s in spans if s], 0)


@dataclass(frozen=True)
class Days:
    """The days one certificate counts in each figure."""

    existing: list[Span]  # from its first day on
    current: Span | None  # while no renewal replaces it
    replaced: list[Span]  # from the first day of the renewal that replaces it on
    groups: dict[str, list[Span]]  # per group of statuses (GROUPS), while it is current


def days_of(view: CertificateView, current: Span | None) -> Days:
    groups: dict[str, list[Span]] = {name: [] for name in GROUPS}
    if current is not None:
        low, high = current
        for s in view.timeline:
            start = max(s.start, low)
            end = s.end if high is None else (high if s.end is None else min(s.end, high))
            if end is not None and start >= end:
                continue
            for name, statuses in GROUPS.items():
                if s.status in statuses:
                    spans = groups[name]
                    if spans and spans[-1][1] == start:
                        spans[-1] = (spans[-1][0], end)
                    else:
                        spans.append((start, end))
    existing: list[Span] = [(view.timeline[0].start, None)]
    replaced: list[Span] = existing if current is None else ([(current[1], None)] if current[1] is not None else [])
    return Days(existing, current, replaced, groups)


class Figures:
    """Every day-following figure of the site, computed once from the registry's timelines."""

    def __init__(self, registry: Registry, lines: Lines, standard_name: Callable[[str], str],
                 status: Callable[[CertificateView], StatusView]) -> None:
        self.registry = registry
        self.standard_name = standard_name
        self.status = status  # a certificate's status badge (its timeline as data-tl)
        self.lines = lines
        self._shown: dict[tuple[str, int, str | None, bool], Shown] = {}
        views = [v for v in registry.all_certificates() if v.timeline]
        names = {cid: fold(c.name) for cid, c in registry.companies.items()}
        self.views = sorted(views, key=lambda v: (names[v.company_id], v.company_id, v.index))  # as index lists
        self.days = {id(v): days_of(v, self.lines.current_span(v)) for v in self.views}
        by_standard: dict[str, list[CertificateView]] = defaultdict(list)
        by_certifier: dict[str, list[CertificateView]] = defaultdict(list)
        for view in self.views:
            by_standard[view.standard_id].append(view)
            if view.certifier_id:
                by_certifier[view.certifier_id].append(view)
        self.home = self._home()
        self.standards_index = Series("referentiels", {
            sid: self._holders(by_standard[sid]) for sid in registry.standards}, {}, self.shown)
        self.standards = {sid: self._standard(sid, by_standard[sid]) for sid in registry.standards}
        self.certifiers_index = Series("certificateurs", {}, {}, self.shown)
        self.certifiers: dict[str, Series] = {}
        for cid in registry.certifiers:
            mine = by_certifier[cid]
            self.certifiers_index.counts[cid] = counted(self.days[id(v)].existing for v in mine)
            self.certifiers_index.counts[f"{cid}/en-vigueur"] = counted(self._group(v, "in_force") for v in mine)
            self.certifiers[cid] = self._certifier(cid, mine)

    def all_series(self) -> list[Series]:
        return [self.home, self.standards_index, *self.standards.values(), self.certifiers_index,
                *self.certifiers.values()]

    def files(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for series in self.all_series():
            files.update(series.files())
        return files

    def shown(self, item: Item) -> Shown:
        view = item.view
        key = (view.company_id, view.index, item.when, item.former)
        found = self._shown.get(key)
        if found is None:
            c = view.certificate
            when = None
            if item.when == "start":
                when = start_words(c)
            elif item.when == "last" and view.last_day is not None:
                when = f"dernier jour de validité le {format_day(view.last_day)}"
            found = self._shown[key] = Shown(
                view.company_id, self.registry.companies[view.company_id].name, view.standard_id,
                self.standard_name(view.standard_id), c.scope, c.number, self.status(view),
                when, item.former)
        return found

    def _group(self, view: CertificateView, group: str) -> list[Span]:
        return self.days[id(view)].groups[group]

    def _holders(self, views: list[CertificateView]) -> DayList[None]:
        """Companies holding a certificate in force: a company counts once, whatever its scopes."""
        by_company: dict[str, list[Span]] = defaultdict(list)
        for view in views:
            by_company[view.company_id].extend(self._group(view, "in_force"))
        return counted(union(spans) for spans in by_company.values())

    # --- each page's series --------------------------------------------------------------------------

    def _home(self) -> Series:
        views = self.views
        counts = {
            "connus": counted(self.days[id(v)].existing for v in views),
            "en-vigueur": counted(self._group(v, "in_force") for v in views),
            "echus": counted(self._group(v, "expired") for v in views),
            "inconnus": counted(self._group(v, "unknown") for v in views),
            "suspendus-retires": counted(self._group(v, "declared") for v in views),
            "remplaces": counted(self.days[id(v)].replaced for v in views),
        }
        latest = sorted(views, key=lambda v: (-v.order_day.toordinal(), v.company_id, v.index))
        lapsing = sorted((v for v in views if v.last_day is not None and self._group(v, "expiring")),
                         key=lambda v: (v.last_day, v.company_id, v.index))
        lists = {
            "dernieres": DayList([Listed(Item(v, "start"), (current,)) for v in latest
                                  if (current := self.days[id(v)].current) is not None], LATEST_COUNT),
            "echeances": DayList([Listed(Item(v, "last"), tuple(self._group(v, "expiring"))) for v in lapsing],
                                 LAPSING_COUNT),
        }
        return Series("accueil", counts, lists, self.shown)

    def _standard(self, standard_id: str, views: list[CertificateView]) -> Series:
        held = [Listed(Item(v), tuple(self._group(v, "in_force"))) for v in views if self._group(v, "in_force")]
        others: list[Listed[Item]] = []
        for view in views:
            for former, spans in ((False, self._group(view, "not_in_force")), (True, self.days[id(view)].replaced)):
                if spans:
                    others.append(Listed(Item(view, None, former), tuple(spans)))
        return Series(f"referentiels/{standard_id}", {"detenteurs": self.standards_index.counts[standard_id]},
                      {"detenteurs": DayList(held, HOLDERS_COUNT), "autres": DayList(others, HOLDERS_COUNT)},
                      self.shown)

    def _certifier(self, certifier_id: str, views: list[CertificateView]) -> Series:
        listed: list[Listed[Item]] = []
        for view in views:
            days = self.days[id(view)]
            for former, spans in ((False, [days.current] if days.current else []), (True, days.replaced)):
                if spans:
                    listed.append(Listed(Item(view, None, former), tuple(spans)))
        counts = {"certificats": self.certifiers_index.counts[certifier_id],
                  "en-vigueur": self.certifiers_index.counts[f"{certifier_id}/en-vigueur"]}
        return Series(f"certificateurs/{certifier_id}", counts,
                      {"certificats": DayList(listed, HOLDERS_COUNT)}, self.shown)
