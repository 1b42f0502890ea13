"""The open data under /api/v1/: JSON, CSV with its Table Schema, Atom, iCalendar, badges and the JSON Schemas.

Every file is a function of the registry and its day: no clock, sorted keys, the same bytes on
every run. Record text is data everywhere: JSON-encoded, quoted in CSV, XML-escaped in Atom and SVG,
escaped and folded as RFC 5545 asks in iCalendar. One module per format over `paths` (where each
file lives) and `events` (what the feeds and the calendars tell).

The files come as a stream (`iter_exports`), written as they come: at 10,000 companies they are
tens of thousands, and none needs the others in memory. A company's own files (JSON, feed, calendar,
badges) are also written under each of its former ids: an image or a feed reader does not follow
the HTML redirect that the former page address gets.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.export.atom import AtomWriter, Feed
from generator.export.badges import company_badges
from generator.export.events import FeedEvent, feed_events
from generator.export.ical import CalendarWriter, calendar_views
from generator.export.lookup import lookup_files
from generator.export.paths import (
    API,
    BADGE,
    CALENDAR,
    CERTIFICATES_CSV,
    CERTIFICATES_SCHEMA,
    COMPANY_CALENDAR,
    COMPANY_FEED,
    COMPANY_JSON,
    DATAPACKAGE,
    FEED,
    ID,
    RECORD_SCHEMA,
    REGISTRY_JSON,
    REGISTRY_SCHEMA,
    SITE_NAME,
    STANDARD_CALENDAR,
    STANDARD_FEED,
)
from generator.export.records import data_json, registry_document
from generator.export.table import certificates_csv, datapackage, table_schema
from generator.registry import CertificateView, Registry
from generator.schema import KINDS, PAGE_FOLDERS, json_text, record_schema, registry_schema, registry_url
from generator.site import SiteInfo


def _subtitle(which: str) -> str:
    """What a feed tells: 'Les certificats [de EDF] attribués, …'."""
    return " ".join(filter(None, ["Les certificats", which,
                                  "attribués, expirés, suspendus ou retirés, d'après les sources du registre."]))


SITE_FEED = Feed("flux", f"{SITE_NAME} : nouveaux certificats et expirations", _subtitle(""), FEED, "")

EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def write_exports(registry: Registry, site: SiteInfo, out_dir: Path) -> list[str]:
    """Write the open data into the built site folder `out_dir`; return the relative paths written, sorted."""
    written = []
    folders: set[Path] = set()
    for relative, content in iter_exports(registry, site):
        path = out_dir / relative
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(content)
        written.append(relative)
    return sorted(written)


def build_exports(registry: Registry, site: SiteInfo) -> dict[str, bytes]:
    """{relative path: file content} of every open-data file, without touching the disk."""
    return dict(iter_exports(registry, site))


def iter_exports(registry: Registry, site: SiteInfo) -> Iterator[tuple[str, bytes]]:
    """(relative path, content) of every open-data file, each path once."""
    for company_id in registry.companies:
        # Ids come from validated file names; a path is never built from anything else.
        if not ID.fullmatch(company_id):
            raise ValueError(f"invalid company id {company_id!r}")
    document = registry_document(registry, site)
    # Each company is encoded once, for registry.json and for its own file.
    companies = {c["id"]: data_json(c).rstrip("\n") for c in document["companies"]}
    yield REGISTRY_JSON, _utf8(registry_json(document, list(companies.values())))
    yield REGISTRY_SCHEMA, _utf8(json_text(registry_schema(site)))
    yield CERTIFICATES_CSV, _utf8(certificates_csv(registry, site))
    yield CERTIFICATES_SCHEMA, _utf8(json_text(table_schema(site)))
    yield DATAPACKAGE, _utf8(json_text(datapackage(site)))
    for kind in KINDS:
        yield RECORD_SCHEMA.format(kind=kind), _utf8(json_text(record_schema(kind, site)))
    yield from lookup_files_utf8(registry)  # /verifier/'s look-ups

    # Material for MkDocs reads every <link rel="alternate"> of a page as a translation of the site and fetches
    # "sitemap.xml" beside it: the folders of the feeds that pages announce get an empty one, not a 404.
    for folder in (f"{API}/entreprises", f"{API}/referentiels"):
        yield f"{folder}/sitemap.xml", EMPTY_SITEMAP

    events = feed_events(registry)
    views = calendar_views(registry)
    atom, ical = AtomWriter(registry, site), CalendarWriter(registry, site)
    yield FEED, atom.feed(SITE_FEED, events)
    yield CALENDAR, ical.calendar("fins de validité", views)
    events_by: dict[tuple[str, str], list[FeedEvent]] = defaultdict(list)
    views_by: dict[tuple[str, str], list[CertificateView]] = defaultdict(list)
    for event in events:  # newest first, in each group as in the site's feed
        events_by["company", event.view.company_id].append(event)
        events_by["standard", event.view.standard_id].append(event)
    for view in views:  # by last day
        views_by["company", view.company_id].append(view)
        views_by["standard", view.standard_id].append(view)

    for standard_id, standard in registry.standards.items():
        page = f"{PAGE_FOLDERS['standard']}/{standard_id}/"
        feed = Feed(f"flux/referentiel/{standard_id}", f"{SITE_NAME} : {standard.name}", _subtitle(standard.name),
                    STANDARD_FEED.format(id=standard_id), page)
        yield feed.path, atom.feed(feed, events_by["standard", standard_id])
        yield (STANDARD_CALENDAR.format(id=standard_id),
               ical.calendar(f"fins de validité — {standard.name}", views_by["standard", standard_id]))

    company_schema = registry_url(site) + "#/$defs/company"
    head = f'{{"$schema":{json.dumps(company_schema)},"generated_on":{json.dumps(document["generated_on"])},'
    for company_id, encoded in companies.items():
        record = registry.companies[company_id]
        page = f"{PAGE_FOLDERS['company']}/{company_id}/"
        feed = Feed(f"flux/entreprise/{company_id}", f"{SITE_NAME} : {record.name}", _subtitle(f"de {record.name}"),
                    COMPANY_FEED.format(id=company_id), page, limit=None)
        own = {  # by path template: written under the company's id, then under each of its former ids
            # What the company is in registry.json, after its schema and the day (then its keys, sorted).
            COMPANY_JSON: _utf8(head + encoded[1:] + "\n"),
            COMPANY_FEED: atom.feed(feed, events_by["company", company_id]),
            COMPANY_CALENDAR: ical.calendar(f"fins de validité — {record.name}", views_by["company", company_id]),
        }
        badges = company_badges(registry, company_id)
        # The validator refuses a former id that is a company's or not an id; were one to pass, it is skipped.
        formers = [old for old in record.former_ids if old not in registry.companies and ID.fullmatch(old)]
        for path_id in (company_id, *formers):
            yield from ((template.format(id=path_id), content) for template, content in own.items())
            yield from ((BADGE.format(company=path_id, name=name), svg) for name, svg in badges.items())


def registry_json(document: dict[str, Any], companies: list[str]) -> str:
    """registry.json: the document with its companies already encoded (in order), keys sorted."""
    text = data_json({**document, "companies": []})
    marker = '"companies":[]'
    assert text.count(marker) == 1  # a key, never inside a string (the encoder escapes every quote)
    return text.replace(marker, '"companies":[' + ",".join(companies) + "]")


def lookup_files_utf8(registry: Registry) -> Iterator[tuple[str, bytes]]:
    for path, text in lookup_files(registry).items():
        yield path, _utf8(text)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
