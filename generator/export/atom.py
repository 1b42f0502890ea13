"""/api/v1/feed.atom: the newest events, newest first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time

from generator.export.events import FeedEvent, event_summary, event_title, feed_events, name_of_standard
from generator.export.paths import FEED, FEED_ENTRIES, PARIS, SITE_NAME, TAG_YEAR, page_url, site_host
from generator.registry import Registry
from generator.site import SiteInfo

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
    standard_name = name_of_standard(registry, view)
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = entry_id(site, event)
    ET.SubElement(entry, "title").text = _xml_text(f"{event_title(event)} : {company.name} — {standard_name}")
    ET.SubElement(entry, "updated").text = _moment(event.day)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                  "href": page_url(site, "company", view.company_id)})
    ET.SubElement(entry, "category", {"term": event.kind, "label": event_title(event)})
    ET.SubElement(entry, "summary", {"type": "text"}).text = _xml_text(
        event_summary(registry, event, company, standard_name)
    )
