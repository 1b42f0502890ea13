"""Atom feeds: the site's (/api/v1/feed.atom), each company's and each standard's, newest events first.

Every feed tells the same events with the same entry ids: an event read in a company's feed is the same
entry as in the site's, so a reader following both sees it once.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time

from generator.export.events import FeedEvent, event_summary, event_title, name_of_standard
from generator.export.paths import FEED_ENTRIES, PARIS, SITE_NAME, TAG_YEAR, page_url, site_host
from generator.registry import Registry
from generator.site import SiteInfo

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Feed:
    """What a feed says of itself: its tag (`flux`, `flux/entreprise/<id>`…), title, own path and page."""

    tag: str
    title: str
    subtitle: str
    path: str  # inside the site, e.g. api/v1/feed.atom
    page: str  # the HTML page it follows, inside the site ('' for the home page)
    limit: int | None = FEED_ENTRIES  # the newest events only: a feed reader needs news, not the whole history


def _xml_text(text: str) -> str:
    """Text XML 1.0 can carry: control characters (possible through YAML escapes) are dropped."""
    return _XML_INVALID.sub("", text)


def _moment(day: date) -> str:
    """Midnight in Paris on `day`, as an Atom date (the registry's days are days in France)."""
    return datetime.combine(day, time(), tzinfo=PARIS).isoformat()


def entry_id(site: SiteInfo, event: FeedEvent) -> str:
    """A stable id: the certificate's stored id (never its place in the list), the kind of event, and the
    day for the events a certificate can have several of (suspensions)."""
    view = event.view
    suffix = f"/{event.day.isoformat()}" if event.kind == "suspended" else ""
    return f"tag:{site_host(site)},{TAG_YEAR}:certificat/{view.company_id}/{view.id}/{event.kind}{suffix}"


def atom_feed(registry: Registry, site: SiteInfo, feed: Feed, events: list[FeedEvent]) -> bytes:
    """`events`: newest first (`events.feed_events`), already those of this feed."""
    shown = events if feed.limit is None else events[:feed.limit]
    root = ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom",
                               "{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    ET.SubElement(root, "id").text = f"tag:{site_host(site)},{TAG_YEAR}:{feed.tag}"
    ET.SubElement(root, "title").text = _xml_text(feed.title)
    ET.SubElement(root, "subtitle").text = _xml_text(feed.subtitle)
    ET.SubElement(root, "updated").text = _moment(shown[0].day if shown else registry.today)
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": site.url(feed.path)})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": site.url(feed.page)})
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = SITE_NAME
    ET.SubElement(author, "uri").text = site.url("")
    ET.SubElement(root, "rights").text = "Licence Ouverte 2.0 (Etalab)"
    for event in shown:
        _atom_entry(root, registry, site, event)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _atom_entry(feed: ET.Element, registry: Registry, site: SiteInfo, event: FeedEvent) -> None:
    view = event.view
    company = registry.companies[view.company_id]
    standard_name = name_of_standard(registry, view)
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = entry_id(site, event)
    ET.SubElement(entry, "title").text = _xml_text(f"{event_title(event)} : {company.name} — {standard_name}")
    ET.SubElement(entry, "updated").text = _moment(event.day)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                  "href": page_url(site, "company", view.company_id) + f"#certificat-{view.id}"})
    ET.SubElement(entry, "category", {"term": event.kind, "label": event_title(event)})
    ET.SubElement(entry, "summary", {"type": "text"}).text = _xml_text(
        event_summary(registry, event, company, standard_name)
    )
