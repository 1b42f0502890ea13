"""Atom feeds: the site's (/api/v1/feed.atom), each company's and each standard's, newest events first.

Every feed tells the same events with the same entry ids: an event read in a company's feed is the same
entry as in the site's, so a reader following both sees it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from xml.sax.saxutils import escape, quoteattr

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


class AtomWriter:
    """Writes feeds; each entry is written once, however many feeds carry it (the site's, its company's,
    its standard's)."""

    def __init__(self, registry: Registry, site: SiteInfo) -> None:
        self.registry, self.site = registry, site
        self._entries: dict[int, str] = {}

    def feed(self, feed: Feed, events: list[FeedEvent]) -> bytes:
        """`events`: newest first (`events.feed_events`), already those of this feed."""
        shown = events if feed.limit is None else events[:feed.limit]
        site = self.site
        head = [
            "<?xml version='1.0' encoding='utf-8'?>",
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
            f"  <id>{_text(f'tag:{site_host(site)},{TAG_YEAR}:{feed.tag}')}</id>",
            f"  <title>{_text(feed.title)}</title>",
            f"  <subtitle>{_text(feed.subtitle)}</subtitle>",
            f"  <updated>{_moment(shown[0].day if shown else self.registry.today)}</updated>",
            f'  <link rel="self" type="application/atom+xml" href={quoteattr(site.url(feed.path))} />',
            f'  <link rel="alternate" type="text/html" href={quoteattr(site.url(feed.page))} />',
            f"  <author>\n    <name>{_text(SITE_NAME)}</name>\n    <uri>{_text(site.url(''))}</uri>\n  </author>",
            "  <rights>Licence Ouverte 2.0 (Etalab)</rights>",
        ]
        body = "".join(self._entry(event) for event in shown)
        return ("\n".join(head) + "\n" + body + "</feed>\n").encode()

    def _entry(self, event: FeedEvent) -> str:
        written = self._entries.get(id(event))
        if written is None:
            written = self._entries[id(event)] = _entry(self.registry, self.site, event)
        return written


def _text(text: str) -> str:
    return escape(_xml_text(text))


def _entry(registry: Registry, site: SiteInfo, event: FeedEvent) -> str:
    view = event.view
    company = registry.companies[view.company_id]
    standard_name = name_of_standard(registry, view)
    link = page_url(site, "company", view.company_id) + f"#certificat-{view.id}"
    title = event_title(event)
    summary = event_summary(registry, event, company, standard_name)
    return (
        "  <entry>\n"
        f"    <id>{_text(entry_id(site, event))}</id>\n"
        f"    <title>{_text(f'{title} : {company.name} — {standard_name}')}</title>\n"
        f"    <updated>{_moment(event.day)}</updated>\n"
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)} />\n'
        f"    <category term={quoteattr(event.kind)} label={quoteattr(_xml_text(title))} />\n"
        f'    <summary type="text">{_text(summary)}</summary>\n'
        "  </entry>\n"
    )
