"""Calendars of last days of validity: the site's (/api/v1/expirations.ics), each company's and each
standard's, written as RFC 5545 text (icalendar's generic writer takes seconds per thousand events).
An event has the same UID in every calendar that carries it."""

from __future__ import annotations

import re
from datetime import timedelta

from generator.export.events import certifier_phrase, name_of_standard
from generator.export.paths import REMINDER_DAYS, SITE_NAME, page_url, site_host
from generator.french import describe_partial, format_day
from generator.model import Company
from generator.registry import CertificateView, Registry
from generator.site import SiteInfo

_ICS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _ics_text(text: str) -> str:
    """A TEXT value: no control character but the line break; backslash, ';', ',' and line breaks escaped."""
    text = _ICS_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> bytes:
    """Lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data
    pieces = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, 74  # a continuation line begins with its space
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def calendar_views(registry: Registry) -> list[CertificateView]:
    """Current certificates with a known last valid day and not withdrawn, by last day."""
    views = [
        view for view in registry.all_certificates()
        if view.current and view.last_day is not None and view.certificate.status != "withdrawn"
    ]
    return sorted(views, key=lambda v: (v.last_day, v.company_id, v.id))


def event_uid(site: SiteInfo, view: CertificateView) -> str:
    return f"{view.company_id}-{view.id}@{site_host(site)}"


class CalendarWriter:
    """Writes calendars; each event is written once, however many calendars carry it."""

    def __init__(self, registry: Registry, site: SiteInfo) -> None:
        self.registry, self.site = registry, site
        self._events: dict[tuple[str, int], bytes] = {}

    def calendar(self, title: str, views: list[CertificateView]) -> bytes:
        """`title`: what the calendar covers ('fins de validité', 'fins de validité — EDF'); `views`: its
        certificates, from `calendar_views`."""
        name = _ics_text(f"{SITE_NAME} : {title}")
        head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//{_ics_text(SITE_NAME)}//Fins de validité//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"NAME:{name}",
            f"X-WR-CALNAME:{name}",
        ]
        events = b"".join(self._event(view) for view in views)
        return _lines(head) + events + _lines(["END:VCALENDAR"])

    def _event(self, view: CertificateView) -> bytes:
        key = (view.company_id, view.index)
        written = self._events.get(key)
        if written is None:
            written = self._events[key] = _lines(_event_lines(self.registry, self.site, view))
        return written


def _lines(lines: list[str]) -> bytes:
    return b"".join(_fold(line) + b"\r\n" for line in lines)


def _event_lines(registry: Registry, site: SiteInfo, view: CertificateView) -> list[str]:
    assert view.last_day is not None
    company = registry.companies[view.company_id]
    # DTSTAMP comes from the data (the day the record was last checked), never from the build day or the
    # clock: a daily rebuild rewrites no event.
    stamp = f"{company.checked.first_day:%Y%m%d}T000000Z"
    standard_name = name_of_standard(registry, view)
    url = page_url(site, "company", view.company_id) + f"#certificat-{view.id}"
    reminder = f"Dans {REMINDER_DAYS} jours : fin de validité de {standard_name} pour {company.name}"
    return [
        "BEGIN:VEVENT",
        f"UID:{_ics_text(event_uid(site, view))}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{view.last_day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{view.last_day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_ics_text(f'Fin de validité : {standard_name} — {company.name}')}",
        f"DESCRIPTION:{_ics_text(_calendar_description(registry, view, company, standard_name, url))}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_text(reminder)}",
        f"TRIGGER:-P{REMINDER_DAYS}D",
        "END:VALARM",
        "END:VEVENT",
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _calendar_description(registry: Registry, view: CertificateView, company: Company, standard_name: str,
                          url: str) -> str:
    assert view.last_day is not None
    certificate = view.certificate
    lines = [
        f"Dernier jour de validité du certificat {standard_name} de {company.name} : {format_day(view.last_day)}.",
        _sentence(certifier_phrase(registry, view)),
    ]
    if certificate.number:
        lines.append(f"Numéro : {certificate.number}.")
    if certificate.scope:
        lines.append(f"Périmètre : {certificate.scope}.")
    for suspension in certificate.suspensions:
        ended = f", rétabli {describe_partial(suspension.to)}" if suspension.to is not None else ""
        lines.append(f"Suspendu {describe_partial(suspension.from_)}{ended}.")
    lines.append(f"Fiche : {url}")
    return "\n".join(lines)
