"""Renewals over time: which certificate stands for its line on each day.

A line is what a renewal continues (`status.line_key`: one company, one standard, one scope, one
category). On any day, the line's current certificate is its latest one begun by then (on the same
day, the later entry of the record), exactly as `status.current_flags(…, on=day)` says; so each
certificate is current over one span of days, from its first day to the first day of the renewal
that replaces it. The line's timeline is each certificate's own timeline over its span.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from generator.registry import CertificateView, Registry
from generator.render.days import Span
from generator.status import line_key
from generator.timeline import Segment, Timeline


class Lines:
    def __init__(self, registry: Registry) -> None:
        self._spans: dict[tuple[str, int], Span | None] = {}
        self._line: dict[tuple[str, int], list[CertificateView]] = {}
        for company_id, views in registry.certificates.items():
            lines: dict[tuple[str, str, str], list[CertificateView]] = defaultdict(list)
            for view in views:
                lines[line_key(view.certificate)].append(view)
            for members in lines.values():
                members.sort(key=lambda v: (v.order_day, v.index))
                for position, view in enumerate(members):
                    following = members[position + 1].order_day if position + 1 < len(members) else None
                    # Replaced on its own first day (a later entry begun the same day): never current.
                    empty = following is not None and following <= view.order_day
                    self._spans[(company_id, view.index)] = None if empty else (view.order_day, following)
                    self._line[(company_id, view.index)] = members

    def current_span(self, view: CertificateView) -> Span | None:
        """The days on which `view` is its line's current certificate; None if never."""
        return self._spans[(view.company_id, view.index)]

    def current_on(self, view: CertificateView, day: date) -> bool:
        span = self.current_span(view)
        return span is not None and span[0] <= day and (span[1] is None or day < span[1])

    def renewed(self, view: CertificateView) -> bool:
        """Whether `view`'s line holds more than one certificate (else its timeline is the line's)."""
        return len(self._line[(view.company_id, view.index)]) > 1

    def timeline(self, view: CertificateView) -> Timeline:
        """The status of `view`'s line on each day: its certificates' own segments, each while it is current."""
        segments: list[Segment] = []
        for member in self._line[(view.company_id, view.index)]:
            span = self.current_span(member)
            if span is None:
                continue
            for s in member.timeline:
                start = max(s.start, span[0])
                end = s.end if span[1] is None else (span[1] if s.end is None else min(s.end, span[1]))
                if end is not None and start >= end:
                    continue
                if segments and (segments[-1].status, segments[-1].basis) == (s.status, s.basis) \
                        and segments[-1].end == start:
                    segments[-1] = Segment(segments[-1].start, end, s.status, s.basis)
                else:
                    segments.append(Segment(start, end, s.status, s.basis))
        return tuple(segments)
