"""The open data under /api/v1/: JSON, CSV with its Table Schema, Atom, iCalendar and the JSON Schemas.

Every file is a function of the registry and its day: no clock, sorted keys, the
same bytes on every run. Record text is data everywhere: JSON-encoded, quoted
in CSV, XML-escaped in Atom, escaped and folded as RFC 5545 asks in iCalendar.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from generator.dates import PartialDate
from generator.french import describe_partial, format_day
from generator.model import ID_REGEX, Company, SourceRef
from generator.registry import CertificateView, Registry
from generator.schema import KINDS, PAGE_FOLDERS, json_text, record_schema, registry_schema, registry_url
from generator.site import SiteInfo
from generator.status import scope_key

API = "api/v1"
REGISTRY_JSON = f"{API}/registry.json"
REGISTRY_SCHEMA = f"{API}/registry.schema.json"
COMPANY_JSON = API + "/entreprises/{id}.json"
CERTIFICATES_CSV = f"{API}/certificates.csv"
CERTIFICATES_SCHEMA = f"{API}/certificates.schema.json"
DATAPACKAGE = f"{API}/datapackage.json"
FEED = f"{API}/feed.atom"
CALENDAR = f"{API}/expirations.ics"
RECORD_SCHEMA = API + "/schema/{kind}.schema.json"

SITE_NAME = "Registre de la relation client"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
PARIS = ZoneInfo("Europe/Paris")
FEED_ENTRIES = 100  # the newest events only: a feed reader needs news, not the whole history
REMINDER_DAYS = 90
TAG_YEAR = 2026  # the year in every tag: URI; changing it would change every entry id

_ID = re.compile(ID_REGEX)


def write_exports(registry: Registry, site: SiteInfo, out_dir: Path) -> list[str]:
    """Write the open data into the built site folder `out_dir`; return the relative paths written, sorted."""
    files = build_exports(registry, site)
    for relative, content in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sorted(files)


def build_exports(registry: Registry, site: SiteInfo) -> dict[str, bytes]:
    """{relative path: file content} of every open-data file, without touching the disk."""
    for company_id in registry.companies:
        # Ids come from validated file names; a path is never built from anything else.
        if not _ID.fullmatch(company_id):
            raise ValueError(f"invalid company id {company_id!r}")
    files: dict[str, bytes] = {}
    document = registry_document(registry, site)
    files[REGISTRY_JSON] = _utf8(data_json(document))
    files[REGISTRY_SCHEMA] = _utf8(json_text(registry_schema(site)))
    company_schema = registry_url(site) + "#/$defs/company"
    for company in document["companies"]:
        alone = {"$schema": company_schema, "generated_on": document["generated_on"], **company}
        files[COMPANY_JSON.format(id=company["id"])] = _utf8(data_json(alone))
    files[CERTIFICATES_CSV] = _utf8(certificates_csv(registry, site))
    files[CERTIFICATES_SCHEMA] = _utf8(json_text(table_schema(site)))
    files[DATAPACKAGE] = _utf8(json_text(datapackage(site)))
    files[FEED] = atom_feed(registry, site)
    files[CALENDAR] = expirations_calendar(registry, site)
    for kind in KINDS:
        files[RECORD_SCHEMA.format(kind=kind)] = _utf8(json_text(record_schema(kind, site)))
    return files


def data_json(data: Any) -> str:
    """The data files in compact JSON: about a third smaller than indented, and written by the C encoder."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


# registry.json and entreprises/<id>.json


def registry_document(registry: Registry, site: SiteInfo) -> dict[str, Any]:
    """The content of /api/v1/registry.json."""
    return {
        "$schema": registry_url(site),
        "generated_on": registry.today.isoformat(),
        "companies": [company_object(registry, company_id, site) for company_id in registry.companies],
        "standards": [
            {"id": standard_id, "url": page_url(site, "standard", standard_id), **_fields(standard)}
            for standard_id, standard in registry.standards.items()
        ],
        "certifiers": [
            {"id": certifier_id, "url": page_url(site, "certifier", certifier_id), **_fields(certifier)}
            for certifier_id, certifier in registry.certifiers.items()
        ],
    }


def company_object(registry: Registry, company_id: str, site: SiteInfo) -> dict[str, Any]:
    """A company as exported: every field of the record, its certificates with what is computed for the day."""
    company = registry.companies[company_id]
    data = {"id": company_id, "url": page_url(site, "company", company_id), **_fields(company)}
    data["certifications"] = [certification_object(view) for view in registry.certificates.get(company_id, [])]
    return data


def certification_object(view: CertificateView) -> dict[str, Any]:
    data = _fields(view.certificate)
    data["declared_status"] = data.pop("status")
    data["declared_expires"] = data.pop("expires")
    data["expires"] = _iso(view.last_day)
    data["status"] = view.status
    data["current"] = view.current
    return data


def page_url(site: SiteInfo, kind: str, record_id: str) -> str:
    return site.url(f"{PAGE_FOLDERS[kind]}/{record_id}/")


def _fields(record: BaseModel) -> dict[str, Any]:
    """Every field of a record under its YAML name, null or [] when left out."""
    return {
        field.alias or name: _plain(getattr(record, name))
        for name, field in type(record).model_fields.items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, SourceRef):
        # A detailed source is kept as written: only the keys it has.
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, BaseModel):
        return _fields(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, PartialDate):
        return str(value)
    return value


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


# certificates.csv, its Table Schema and the data package


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str
    example: str
    required: bool = False
    extra: tuple[tuple[str, Any], ...] = ()  # further Table Schema properties (format, constraints)


_CSV_PARTIAL_DATE = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
_DATE_AS_WRITTEN = "AAAA-MM-JJ, ou AAAA-MM / AAAA quand les sources ne sont pas plus précises"

COLUMNS: tuple[Column, ...] = (
    Column("company_id", "Identifiant de l'entreprise",
           "Identifiant de la fiche de l'entreprise dans le registre (adresse de sa page).",
           "string", "entreprise-exemple", required=True, extra=(("constraints", {"pattern": ID_REGEX[1:-1]}),)),
    Column("company_name", "Nom de l'entreprise", "Nom de l'entreprise.", "string", "Entreprise Exemple",
           required=True),
    Column("siren", "SIREN", "Numéro SIREN de l'entreprise (9 chiffres, texte), quand une source le donne.",
           "string", "012345674", extra=(("constraints", {"pattern": "[0-9]{9}"}),)),
    Column("certificate_index", "Rang du certificat",
           "Position du certificat dans la fiche de l'entreprise, à partir de 0 (même ordre que registry.json).",
           "integer", "0", required=True, extra=(("constraints", {"minimum": 0}),)),
    Column("standard_id", "Identifiant du référentiel", "Identifiant de la fiche du référentiel.", "string",
           "relation-client-france", required=True, extra=(("constraints", {"pattern": ID_REGEX[1:-1]}),)),
    Column("standard_name", "Référentiel", "Nom du référentiel (norme, certification, label ou prix).", "string",
           "Relation Client France", required=True),
    Column("certifier_id", "Identifiant du certificateur",
           "Identifiant de l'organisme certificateur ; vide quand aucune source ne le nomme.", "string",
           "afnor-certification", extra=(("constraints", {"pattern": ID_REGEX[1:-1]}),)),
    Column("certifier_name", "Organisme certificateur",
           "Nom de l'organisme certificateur ; vide quand aucune source ne le nomme.", "string",
           "AFNOR Certification"),
    Column("number", "Numéro du certificat", "Numéro du certificat, quand une source le donne.", "string", "12345"),
    Column("scope", "Périmètre", "Périmètre certifié (sites, activités), quand une source le précise.", "string",
           "Centres de relation client de Lyon"),
    Column("issued", "Date d'attribution", f"Date d'attribution telle qu'écrite : {_DATE_AS_WRITTEN}.",
           "string", "2021-12", extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("reported", "Date de signalement",
           "Date d'une source qui signale le certificat comme détenu, quand aucune ne donne la date "
           f"d'attribution : {_DATE_AS_WRITTEN}.", "string", "2015",
           extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("declared_expires", "Fin de validité déclarée",
           f"Date de fin de validité donnée par une source, telle qu'écrite : {_DATE_AS_WRITTEN}.", "string",
           "2025-11-30", extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("expires", "Dernier jour de validité",
           "Dernier jour de validité calculé (compris), vide quand il est inconnu (date d'attribution ou durée "
           "de validité inconnue).", "date", "2025-11-30", extra=(("format", "default"),)),
    Column("declared_status", "Statut déclaré",
           "Statut déclaré dans la fiche : active, suspended (suspendu) ou withdrawn (retiré).", "string",
           "active", required=True, extra=(("constraints", {"enum": ["active", "suspended", "withdrawn"]}),)),
    Column("status_date", "Date de suspension ou de retrait",
           f"Date de la suspension ou du retrait, telle qu'écrite : {_DATE_AS_WRITTEN}.", "string", "2024-05",
           extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("status", "Statut calculé",
           "Statut au jour computed_on : valid (valide), expiring (expire dans 90 jours ou moins), expired "
           "(expiré), suspended (suspendu), withdrawn (retiré) ou unknown (dernier jour de validité inconnu).",
           "string", "valid", required=True,
           extra=(("constraints", {"enum": ["valid", "expiring", "expired", "suspended", "withdrawn",
                                            "unknown"]}),)),
    Column("computed_on", "Jour du calcul", "Jour pour lequel le statut est calculé.", "date", "2026-11-25",
           required=True, extra=(("format", "default"),)),
    Column("current", "Certificat en cours",
           "false quand un certificat plus récent du même référentiel et du même périmètre le remplace "
           "(historique).", "boolean", "true", required=True,
           extra=(("trueValues", ["true"]), ("falseValues", ["false"]))),
    Column("source_urls", "Sources", "Adresses des sources du certificat, séparées par une espace.", "string",
           "https://example.org/communique https://example.org/article"),
    Column("company_url", "Page de l'entreprise", "Adresse de la page de l'entreprise sur le registre.", "string",
           "https://example.org/entreprises/entreprise-exemple/", required=True, extra=(("format", "uri"),)),
)


def table_schema(site: SiteInfo) -> dict[str, Any]:
    """The Table Schema of certificates.csv, in the schema.data.gouv.fr conventions."""
    fields = []
    for column in COLUMNS:
        field: dict[str, Any] = {
            "name": column.name, "title": column.title, "description": column.description,
            "type": column.type, "example": column.example,
        }
        field.update(dict(column.extra))
        if column.required:
            field["constraints"] = {**field.get("constraints", {}), "required": True}
        fields.append(field)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "registre-relation-client-certificats",
        "title": "Certificats de la relation client",
        "description": "Un certificat, label ou prix de la relation client détenu par une entreprise française, "
                       "par ligne : référentiel, organisme certificateur, dates telles que les sources les "
                       "donnent, dernier jour de validité et statut calculés.",
        "countryCode": "FR",
        "homepage": site.url("donnees/"),
        "path": site.url(CERTIFICATES_SCHEMA),
        "resources": [{"title": "Fichier complet", "path": site.url(CERTIFICATES_CSV)}],
        "sources": [{"title": SITE_NAME, "path": site.url("")}],
        "version": "1.0.0",
        "contributors": [{"title": SITE_NAME, "role": "author"}],
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["company_id", "certificate_index"],
    }


def datapackage(site: SiteInfo) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "registre-relation-client",
        "title": SITE_NAME,
        "description": "Les certifications, labels et prix français de la relation client : qui détient quoi, "
                       "depuis quand, certifié par qui, avec les sources. Le registre n'est pas exhaustif.",
        "homepage": site.url("donnees/"),
        "licenses": [LICENCE],
        "keywords": ["relation client", "certification", "label", "norme"],
        "sources": [{"title": SITE_NAME, "path": site.url("")}],
        "resources": [{
            "name": "certificates",
            "title": "Certificats",
            "description": "Un certificat par ligne.",
            "path": "certificates.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": "certificates.schema.json",
            "licenses": [LICENCE],
        }],
    }


def certificates_csv(registry: Registry, site: SiteInfo) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in COLUMNS])
    for row in certificate_rows(registry, site):
        writer.writerow([_csv_cell(row[column.name]) for column in COLUMNS])
    return buffer.getvalue()


def certificate_rows(registry: Registry, site: SiteInfo) -> Iterator[dict[str, Any]]:
    """One row per certificate: companies by id, certificates in the order of the record."""
    for company_id, company in registry.companies.items():
        for view in registry.certificates.get(company_id, []):
            certificate = view.certificate
            standard = registry.standards.get(certificate.standard)
            certifier = registry.certifiers.get(certificate.certifier) if certificate.certifier else None
            yield {
                "company_id": company_id,
                "company_name": company.name,
                "siren": company.siren,
                "certificate_index": view.index,
                "standard_id": certificate.standard,
                "standard_name": standard.name if standard else None,
                "certifier_id": certificate.certifier,
                "certifier_name": certifier.name if certifier else None,
                "number": certificate.number,
                "scope": certificate.scope,
                "issued": certificate.issued,
                "reported": certificate.reported,
                "declared_expires": certificate.expires,
                "expires": view.last_day,
                "declared_status": certificate.status,
                "status_date": certificate.status_date,
                "status": view.status,
                "computed_on": registry.today,
                "current": view.current,
                "source_urls": " ".join(_source_urls(certificate.sources)),
                "company_url": page_url(site, "company", company_id),
            }


def _source_urls(sources: list[str | SourceRef]) -> Iterator[str]:
    for source in sources:
        url = source if isinstance(source, str) else source.url
        if url:
            yield url


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    # With "\n" as line terminator the csv module leaves a lone "\r" unquoted: readers then split the row.
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


# feed.atom

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


def _event_title(event: FeedEvent) -> str:
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


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can carry: control characters (possible through YAML escapes) are dropped."""
    return _XML_INVALID.sub("", text)


def _moment(day: date) -> str:
    """Midnight in Paris on `day`, as an Atom date (the registry's days are days in France)."""
    return datetime.combine(day, time(), tzinfo=PARIS).isoformat()


def site_host(site: SiteInfo) -> str:
    return urlsplit(site.site_url).hostname or "localhost"


def entry_id(site: SiteInfo, event: FeedEvent) -> str:
    view = event.view
    return f"tag:{site_host(site)},{TAG_YEAR}:certificat/{view.company_id}/{view.standard_id}/{view.index}/{event.kind}"


def atom_feed(registry: Registry, site: SiteInfo) -> bytes:
    events = feed_events(registry)[:FEED_ENTRIES]
    atom = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", {"xmlns": atom, "{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    ET.SubElement(feed, "id").text = f"tag:{site_host(site)},{TAG_YEAR}:flux"
    ET.SubElement(feed, "title").text = f"{SITE_NAME} : nouveaux certificats et expirations"
    ET.SubElement(feed, "subtitle").text = (
        "Les certificats attribués, expirés, suspendus ou retirés, d'après les sources du registre."
    )
    ET.SubElement(feed, "updated").text = _moment(events[0].day if events else registry.today)
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": site.url(FEED)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": site.url("")})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = SITE_NAME
    ET.SubElement(author, "uri").text = site.url("")
    ET.SubElement(feed, "rights").text = "Licence Ouverte 2.0 (Etalab)"
    for event in events:
        _atom_entry(feed, registry, site, event)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _atom_entry(feed: ET.Element, registry: Registry, site: SiteInfo, event: FeedEvent) -> None:
    view = event.view
    company = registry.companies[view.company_id]
    standard_name = _standard_name(registry, view)
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = entry_id(site, event)
    ET.SubElement(entry, "title").text = _xml_text(f"{_event_title(event)} : {company.name} — {standard_name}")
    ET.SubElement(entry, "updated").text = _moment(event.day)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                  "href": page_url(site, "company", view.company_id)})
    ET.SubElement(entry, "category", {"term": event.kind, "label": _event_title(event)})
    ET.SubElement(entry, "summary", {"type": "text"}).text = _xml_text(
        _event_summary(registry, event, company, standard_name)
    )


def _standard_name(registry: Registry, view: CertificateView) -> str:
    standard = registry.standards.get(view.standard_id)
    return standard.name if standard else view.standard_id


def _certifier_phrase(registry: Registry, view: CertificateView) -> str:
    certifier = registry.certifiers.get(view.certifier_id) if view.certifier_id else None
    return f"certifié par {certifier.name}" if certifier else "organisme certificateur non précisé par les sources"


def _event_summary(registry: Registry, event: FeedEvent, company: Company, standard_name: str) -> str:
    view = event.view
    certificate = view.certificate
    subject = f"{company.name} : {standard_name}"
    details = [_certifier_phrase(registry, view)]
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


# expirations.ics, written as RFC 5545 text: icalendar's generic writer takes seconds per thousand events

_ICS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _ics_text(text: str) -> str:
    """A TEXT value: no control character but the line break; backslash, ';', ',' and line breaks escaped."""
    text = _ICS_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> bytes:
    """Lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8 character."""
    data = line.encode("utf-8")
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
    return sorted(views, key=lambda v: (v.last_day, v.company_id, v.standard_id, v.index))


def event_uid(site: SiteInfo, view: CertificateView) -> str:
    return f"{view.company_id}-{view.standard_id}-{view.index}@{site_host(site)}"


def expirations_calendar(registry: Registry, site: SiteInfo) -> bytes:
    name = _ics_text(f"{SITE_NAME} : fins de validité")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_ics_text(SITE_NAME)}//Fins de validité//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
    ]
    # DTSTAMP says when the data was computed: the registry's day (midnight UTC), never the clock.
    stamp = f"{registry.today:%Y%m%d}T000000Z"
    for view in calendar_views(registry):
        assert view.last_day is not None
        company = registry.companies[view.company_id]
        standard_name = _standard_name(registry, view)
        url = page_url(site, "company", view.company_id)
        reminder = f"Dans {REMINDER_DAYS} jours : fin de validité de {standard_name} pour {company.name}"
        lines += [
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
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line) + b"\r\n" for line in lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _calendar_description(registry: Registry, view: CertificateView, company: Company, standard_name: str,
                          url: str) -> str:
    assert view.last_day is not None
    certificate = view.certificate
    lines = [
        f"Dernier jour de validité du certificat {standard_name} de {company.name} : {format_day(view.last_day)}.",
        _sentence(_certifier_phrase(registry, view)),
    ]
    if certificate.number:
        lines.append(f"Numéro : {certificate.number}.")
    if certificate.scope:
        lines.append(f"Périmètre : {certificate.scope}.")
    if certificate.status == "suspended" and certificate.status_date is not None:
        lines.append(f"Suspendu {describe_partial(certificate.status_date)}.")
    lines.append(f"Fiche : {url}")
    return "\n".join(lines)
