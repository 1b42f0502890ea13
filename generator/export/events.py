"""What happened to certificates, as the feed and the calendar tell it: attributions, lapses, suspensions,
withdrawals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from generator.french import describe_partial, format_day
from generator.model import Company
from generator.registry import CertificateView, Registry
from generator.status import scope_key

EventKind = Literal["new", "lapse", "suspended", "withdrawn"]


@dataclass(frozen=True)
class FeedEvent:
    day: date
    kind: EventKind
    view: CertificateView


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
    certificate = view.certificate
    # The start, or `reported` standing for it: a partial date counts from the first day of its period.
    if (certificate.issued is not None or certificate.reported is not None) and view.order_day <= today:
        yield FeedEvent(view.order_day, "new", view)
    ended_on = None
    if certificate.status != "active" and certificate.status_date is not None:
        ended_on = certificate.status_date.first_day
        if ended_on <= today:
            yield FeedEvent(ended_on, "suspended" if certificate.status == "suspended" else "withdrawn", view)
    if view.last_day is None:
        return
    lapse = view.last_day + timedelta(days=1)
    if lapse > today or (ended_on is not None and ended_on <= lapse):
        return
    # Renewed in time: a later certificate of the same standard and scope had started by the lapse day.
    renewed = any(
        later.standard_id == view.standard_id
        and scope_key(later.certificate.scope) == scope_key(certificate.scope)
        and (later.order_day, later.index) > (view.order_day, view.index)
        and later.order_day <= lapse
        for later in siblings
    )
    if not renewed:
        yield FeedEvent(lapse, "lapse", view)


def name_of_standard(registry: Registry, view: CertificateView) -> str:
    standard = registry.standards.get(view.standard_id)
    return standard.name if standard else view.standard_id


def certifier_phrase(registry: Registry, view: CertificateView) -> str:
    certifier = registry.certifiers.get(view.certifier_id) if view.certifier_id else None
    return f"certifié par {certifier.name}" if certifier else "organisme certificateur non précisé par les sources"


def event_summary(registry: Registry, event: FeedEvent, company: Company, standard_name: str) -> str:
    view = event.view
    certificate = view.certificate
    subject = f"{company.name} : {standard_name}"
    details = [certifier_phrase(registry, view)]
    if certificate.number:
        details.append(f"numéro {certificate.number}")
    if certificate.scope:
        details.append(f"périmètre : {certificate.scope}")
    if event.kind == "new":
        when = (f"attribué {describe_partial(certificate.issued)}" if certificate.issued is not None
                else f"signalé {describe_partial(certificate.reported)}" if certificate.reported is not None else "")
        validity = (f"valide jusqu'au {format_day(view.last_day)}" if view.last_day is not None
                    else "durée de validité non connue")
        return f"{subject}, {when} ({', '.join(details)}) ; {validity}."
    if event.kind == "lapse":
        return (f"{subject} ({', '.join(details)}) : expiré depuis le {format_day(event.day)}. Aucun "
                f"renouvellement trouvé dans les sources (fiche vérifiée {describe_partial(company.checked)}).")
    verb = "suspendu" if event.kind == "suspended" else "retiré"
    return f"{subject} ({', '.join(details)}) : {verb} depuis le {format_day(event.day)}."
