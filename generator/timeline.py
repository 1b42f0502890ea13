"""A certificate's status as a timeline: the dated segments of its life, computed once.

Each segment is `[start, end)` with a status and what it rests on (its basis); segments follow
each other without gap from the first day the certificate may exist; the last one is open. Every
consumer (pages, the browser, the verifier, the counters, the feeds, the calendar, the `status`
command, the JSON exports) reads the status of a day from here and applies no rule of its own:
the rules (`generator.status`) are sampled once, on every day they can change.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from generator.model import CertificateStatus
from generator.status import Basis, Facts, change_days, status_on


@dataclass(frozen=True, slots=True)
class Segment:
    start: date  # first day, included
    end: date | None  # first day after, excluded; None: open
    status: CertificateStatus
    basis: Basis

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def as_json(self) -> dict[str, str | None]:
        """The published form: {"from", "until", "status", "basis"}, days as AAAA-MM-JJ."""
        return {"from": self.start.isoformat(), "until": self.end.isoformat() if self.end else None,
                "status": self.status, "basis": self.basis}


Timeline = tuple[Segment, ...]


def timeline_of(facts: Facts) -> Timeline:
    """The segments of a certificate's life, in date order, adjacent equal segments merged."""
    days = change_days(facts)
    segments: list[Segment] = []
    for index, day in enumerate(days):
        found = status_on(facts, day)
        if found is None:  # pragma: no cover - change days start at `begin`
            continue
        status, basis = found
        end = days[index + 1] if index + 1 < len(days) else None
        if segments and (segments[-1].status, segments[-1].basis) == (status, basis):
            segments[-1] = Segment(segments[-1].start, end, status, basis)
        else:
            segments.append(Segment(day, end, status, basis))
    return tuple(segments)


def segment_on(timeline: Timeline, day: date) -> Segment | None:
    """The segment holding `day`; None before the first (the certificate did not exist yet)."""
    index = bisect.bisect_right([segment.start for segment in timeline], day) - 1
    return timeline[index] if index >= 0 else None
