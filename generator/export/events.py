"""What happened to certificates, as the feed and the calendar tell it: attributions, lapses, suspensions,
withdrawals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator.model import Company
from generator.registry import CertificateView, Registry
from generator.status import line_key
from generator.timeline import Segment
from generator.wording import segment_words, start_words

EventKind = Literal["new", "lapse", "suspended", "withdrawn"]


@dataclass(frozen=True)
class FeedEvent:
    day: date
    kind: EventKind
    view: CertificateView
    segment: Segment  # the segment of its timeline that begins that day


_EVENT_ORDER = {"withdrawn": 0, "suspended": 1, "lapse": 2, "new": 3}
# Neutral words: the same feed carries certificates, labels and prizes.
_EVENT_TITLES = {
    "new": "Attribution",
    "lapse": "Expiration",
    "suspended": "Suspension",
    "withdrawn": "Retrait",
}


def event_title(event: FeedEvent) -> str:
    if event.kind == "new" and event.view.certificate.issued is None:
        return "Signalement"  # dated by a source reporting it as held, not by its attribution
    if event.kind == "lapse" and event.segment.basis == "term":
        return "Échéance dépassée"  # a last day computed from a term, not given by a source
    return _EVENT_TITLES[event.kind]


def feed_events(registry: Registry) -> list[FeedEvent]:
    """New certificates, lapses, suspensions and withdrawals up to the registry's day, newest first."""
    events: list[FeedEvent] = []
    for views in registry.certificates.values():
        for view in views:
            events.extend(_events_of(view, views, registry.today))
    events.sort(key=lambda e: (-e.day.toordinal(), e.view.company_id, e.view.standard_id, e.view.index,
                               _EVENT_ORDER[e.kind]))
    return events


def _events_of(view: CertificateView, siblings: list[CertificateView], today: date) -> Iterator[FeedEvent]:
    """The days its timeline changes in a way a reader follows: it begins, is suspended, withdrawn, or lapses."""
    timeline = view.timeline
    if timeline and timeline[0].start <= today:
        yield FeedEvent(timeline[0].start, "new", view, timeline[0])
    withdrawn_on: date | None = None
    for segment in timeline:
        if segment.start > today:
            break
        if segment.status == "suspended":
            yield FeedEvent(segment.start, "suspended", view, segment)
        elif segment.status == "withdrawn" and withdrawn_on is None:
            withdrawn_on = segment.start
            yield FeedEvent(segment.start, "withdrawn", view, segment)
        elif segment.status == "expired" and withdrawn_on is None and not _renewed_by(view, siblings, segment.start):
            yield FeedEvent(segment.start, "lapse", view, segment)


def _renewed_by(view: CertificateView, siblings: list[CertificateView], lapse: date) -> bool:
    """Renewed in time: a later certificate of the same standard and scope had begun by the lapse day."""
    return any(
        line_key(later.certificate) == line_key(view.certificate)
        and (later.order_day, later.index) > (view.order_day, view.index)
        and later.order_day <= lapse
        for later in siblings
    )


def name_of_standard(registry: Registry, view: CertificateView) -> str:
    standard = registry.standards.get(view.standard_id)
    return standard.name if standard else view.standard_id


def certifier_phrase(registry: Registry, view: CertificateView) -> str:
    certifier = registry.certifiers.get(view.certifier_id) if view.certifier_id else None
    return f"certifié par {certifier.name}" if certifier else "organisme certificateur non précisé par les sources"


def event_summary(registry: Registry, event: FeedEvent, company: Company, standard_name: str) -> str:
    """What happened, in the words the company page uses for that segment of the timeline."""
    view = event.view
    certificate = view.certificate
    subject = f"{company.name} : {standard_name}"
    details = [certifier_phrase(registry, view)]
    if certificate.number:
        details.append(f"numéro {certificate.number}")
    if certificate.scope:
        details.append(f"périmètre : {certificate.scope}")
    words = segment_words(event.segment, view.facts, certificate, renewal_missing=view.current,
                          checked=company.checked)
    if event.kind == "new":
        return f"{subject}, {start_words(certificate)} ({', '.join(details)}) : {words}."
    return f"{subject} ({', '.join(details)}) : {words}."
