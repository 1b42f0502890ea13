"""Sets of days, and the counts and lists they make, cut into small lookup files for the browser.

A figure that follows the day is the number (or the ordered list) of the items whose days contain the
visitor's day. Each item's days are spans `[start, end)` computed in Python from the timelines; a
`DayList` sweeps them once and knows, for any day, how many items are listed and the first `limit` of
them. `buckets` then cuts the days into consecutive periods, each small enough for one file: what the
browser needs for every day of a period (each count as a step function, the few items that can show,
with their days). The browser only looks its day up in what is published here: no rule, no date
arithmetic.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

Span = tuple[date, date | None]  # [start, end): first day included, first day after excluded; None: open
T = TypeVar("T")

# A period's file holds at most about this many list items beyond those showing on its first day, and count
# steps (one day's changes may pass them).
BUCKET_ITEMS = 120
BUCKET_STEPS = 800


def union(spans: Iterable[Span]) -> list[Span]:
    """The same days as sorted, disjoint, non-adjacent spans."""
    out: list[Span] = []
    for start, end in sorted(spans, key=lambda s: s[0]):
        if out and (out[-1][1] is None or start <= out[-1][1]):
            previous = out[-1][1]
            out[-1] = (out[-1][0], None if previous is None or end is None else max(previous, end))
        else:
            out.append((start, end))
    return out


class Listed(NamedTuple, Generic[T]):
    """One item of a list over days: what it shows and the days it is listed; its place is its rank."""

    item: T
    spans: tuple[Span, ...]


class DayList(Generic[T]):
    """The items listed on each day, in a fixed order; the first `limit` of them show."""

    def __init__(self, listed: Sequence[Listed[T]], limit: int) -> None:
        self.listed = list(listed)
        self.limit = limit
        # After each day on which something changes: that day, the number listed, the ranks showing.
        self.days: list[date] = []
        self.counts: list[int] = []
        self.shown: list[tuple[int, ...]] = []
        self._sweep()

    def _sweep(self) -> None:
        if not self.limit:  # a count alone: the day's balance of items starting and ending is enough
            balance: dict[date, int] = {}
            for entry in self.listed:
                for start, end in entry.spans:
                    balance[start] = balance.get(start, 0) + 1
                    if end is not None:
                        balance[end] = balance.get(end, 0) - 1
            total = 0
            for day in sorted(balance):
                total += balance[day]
                self.days.append(day)
                self.counts.append(total)
                self.shown.append(())
            return
        events: dict[date, list[tuple[int, int]]] = {}
        for rank, entry in enumerate(self.listed):
            for start, end in entry.spans:
                events.setdefault(start, []).append((1, rank))
                if end is not None:
                    events.setdefault(end, []).append((-1, rank))
        active: list[int] = []  # ranks listed, sorted
        shown: tuple[int, ...] = ()
        for day in sorted(events):
            for change, rank in sorted(events[day]):  # ends first: an item ending and starting again stays once
                if change > 0:
                    bisect.insort(active, rank)
                else:
                    del active[bisect.bisect_left(active, rank)]
            now = tuple(active[:self.limit])
            shown = shown if now == shown else now
            self.days.append(day)
            self.counts.append(len(active))
            self.shown.append(shown)

    def _index(self, day: date) -> int:
        """The index of the last change on or before `day`; -1 before the first."""
        return bisect.bisect_right(self.days, day) - 1

    def count(self, day: date) -> int:
        index = self._index(day)
        return self.counts[index] if index >= 0 else 0

    def on(self, day: date) -> list[T]:
        """The items showing on `day`: the first `limit` listed."""
        index = self._index(day)
        return [self.listed[rank].item for rank in self.shown[index]] if index >= 0 else []


@dataclass
class Bucket:
    """What holds from `start` (None: from the beginning) to the next bucket's start."""

    start: date | None
    counts: dict[str, tuple[int, list[tuple[date, int]]]]  # name: (value before the first step, steps)
    items: dict[str, list[int]]  # list name: the ranks that can show, in list order

    @property
    def size(self) -> tuple[int, int]:
        return (sum(len(ranks) for ranks in self.items.values()),
                sum(len(steps) for _, steps in self.counts.values()))


def buckets(day_lists: dict[str, DayList[Any]]) -> list[Bucket]:
    """The days cut into periods small enough for one file each, from the first change on.

    Every day list gives its count; those with a `limit` also their items. The first period also
    holds every day before the first change (nothing listed, every count 0).
    """
    by_day: dict[date, list[tuple[str, int, tuple[int, ...]]]] = {}
    for name, day_list in day_lists.items():
        for day, count, shown in zip(day_list.days, day_list.counts, day_list.shown, strict=True):
            by_day.setdefault(day, []).append((name, count, shown))
    state: dict[str, tuple[int, tuple[int, ...]]] = {name: (0, ()) for name in day_lists}  # before `day`
    out: list[tuple[Bucket, dict[str, set[int]]]] = []
    items = steps = 0
    for day in sorted(by_day):
        changes = by_day[day]
        fresh = 0
        if out:
            known = out[-1][1]
            fresh = sum(1 for name, _, shown in changes if name in known for rank in shown if rank not in known[name])
        if not out or items + fresh > BUCKET_ITEMS or steps + len(changes) > BUCKET_STEPS:
            known = {name: set(state[name][1]) for name, day_list in day_lists.items() if day_list.limit}
            out.append((Bucket(day if out else None, {name: (state[name][0], []) for name in day_lists}, {}), known))
            items, steps = 0, 0  # the items showing on its first day are carried in, beyond the cap
        bucket = out[-1][0]
        for name, count, shown in changes:
            bucket.counts[name][1].append((day, count))
            steps += 1
            if name in known:
                before = len(known[name])
                known[name].update(shown)
                items += len(known[name]) - before
            state[name] = (count, shown)
    if not out:  # nothing ever changes: one period, every day, nothing listed
        out.append((Bucket(None, {name: (0, []) for name in day_lists}, {}),
                    {name: set() for name, day_list in day_lists.items() if day_list.limit}))
    for bucket, known in out:
        bucket.items = {name: sorted(ranks) for name, ranks in known.items()}
    return [bucket for bucket, _ in out]
