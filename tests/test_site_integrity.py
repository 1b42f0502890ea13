"""The built site, checked offline: every internal link and anchor resolves, every open-data file is valid
for real parsers, and rebuilding gives the same bytes, search index included.

Run on the e2e fixture registry and on the real registry (registry/, statuses for the real day in Paris). The
exporter's own output is checked in test_export.py; here it is the copies inside built sites.
"""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import frictionless
import icalendar
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry as SchemaRegistry
from referencing import Resource

from tests.e2e.registry import write_registry
from tests.sitebuild import FIXTURE_URL, PROJECT, REAL_TODAY, build_site

API = "api/v1"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("integrity-fixture")
    site = root / "site"
    result = build_site(write_registry(root / "registry"), site)
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("integrity-real") / "site"
    result = build_site(PROJECT / "registry", site, REAL_TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(params=["fixture", "real"])
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture
def site_day(site: Path, request: pytest.FixtureRequest) -> str:
    """The day the site under test was built for: the fixture's pinned day, or today for the real one."""
    return REAL_TODAY.isoformat() if "real" in request.node.callspec.id else "2026-11-25"


# --- links and anchors --------------------------------------------------------------------------------


class Links(HTMLParser):
    """The ids of one page and every URL it points at (a, area, link, script, img, iframe, form)."""

    ATTRIBUTES: ClassVar[dict[str, str]] = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
                                             "source": "src", "form": "action"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        name = self.ATTRIBUTES.get(tag)
        url = values.get(name) if name else None
        if url is not None:
            self.urls.append((tag, url))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.urls.append(("meta", (values.get("content") or "").split("url=", 1)[-1]))


def parse_site(site: Path) -> dict[str, Links]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[path.relative_to(site).as_posix()] = parser
    return pages


def page_url(relative: str) -> str:
    """The published URL of a built file: directory URLs for index.html."""
    if relative == "index.html":
        return FIXTURE_URL
    if relative.endswith("/index.html"):
        return FIXTURE_URL + relative.removesuffix("index.html")
    return FIXTURE_URL + relative


def target_file(site: Path, url: str) -> str | None:
    """The built file a URL inside the site lands on (relative to the site), or None when there is none."""
    path = unquote(urlsplit(url).path)
    prefix = urlsplit(FIXTURE_URL).path
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix):]
    candidates = [relative + "index.html"] if relative.endswith("/") or not relative else \
        [relative, relative + "/index.html"]
    return next((c for c in candidates if (site / c).is_file()), None)


def broken_links(site: Path) -> list[tuple[str, str, str]]:
    pages = parse_site(site)
    broken = []
    checked = 0
    for relative, links in pages.items():
        base = page_url(relative)
        for tag, url in links.urls:
            if url.startswith(("mailto:", "tel:")):
                continue
            assert not url.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (relative, url)
            absolute = urljoin(base, url)
            if not absolute.startswith(FIXTURE_URL):
                assert urlsplit(absolute).scheme in ("http", "https"), (relative, url)
                continue  # another site: not ours to check offline
            checked += 1
            target = target_file(site, absolute)
            if target is None:
                broken.append((relative, tag, url))
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment and target.endswith(".html") and fragment not in pages[target].ids:
                broken.append((relative, tag, url))
    assert checked > 100  # the checker did look at the site's links
    return broken


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_the_link_checker_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#x">ok</a><a href="#top" id="top">ok</a><a href="b/">broken</a>'
        '<a href="a/#nope">no anchor</a><a href="https://example.org/">other site</a>'
        + '<a href="a/">' * 100, encoding="utf-8")
    (tmp_path / "a/index.html").write_text('<h2 id="x">x</h2><a href="../index.html#top">ok</a>', encoding="utf-8")
    assert broken_links(tmp_path) == [("index.html", "a", "b/"), ("index.html", "a", "a/#nope")]


# --- open data, as published ---------------------------------------------------------------------------


def read_json(path: Path) -> dict:
    data: dict = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_registry_json_validates_against_the_published_schema(site: Path, site_day: str) -> None:
    schema = read_json(site / API / "registry.schema.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == FIXTURE_URL + API + "/registry.schema.json"
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    document = read_json(site / API / "registry.json")
    assert document["generated_on"] == site_day
    assert document["companies"]
    assert [e.message for e in validator.iter_errors(document)] == []


def test_each_company_json_validates_against_the_company_definition(site: Path) -> None:
    schema = read_json(site / API / "registry.schema.json")
    resources = SchemaRegistry().with_resource(schema["$id"], Resource.from_contents(schema))
    companies = {c["id"]: c for c in read_json(site / API / "registry.json")["companies"]}
    formers = {old: c["id"] for c in companies.values() for old in c.get("former_ids") or []}
    files = sorted((site / API / "entreprises").glob("*.json"))
    # Each company's file, and the same bytes under each of its former ids (a reader of the old URL keeps reading).
    assert {f.stem for f in files} == set(companies) | set(formers)
    for old, new in formers.items():
        assert (site / API / "entreprises" / f"{old}.json").read_bytes() == \
            (site / API / "entreprises" / f"{new}.json").read_bytes()
    for path in files:
        data = read_json(path)
        assert data["$schema"] == schema["$id"] + "#/$defs/company"
        validator = Draft202012Validator({"$ref": data["$schema"]}, registry=resources,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
        assert (site / "entreprises" / path.stem / "index.html").is_file()


def test_csv_validates_against_its_table_schema(site: Path) -> None:
    report = frictionless.validate(str(site / API / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    resource = frictionless.Resource(path="certificates.csv", schema="certificates.schema.json",
                                     basepath=str(site / API))
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = resource.read_rows()
    certificates = sum(len(c["certifications"]) for c in read_json(site / API / "registry.json")["companies"])
    assert len(rows) == certificates


def test_feed_and_calendar_parse(site: Path) -> None:
    feed = feedparser.parse((site / API / "feed.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries
    assert all(entry.link.startswith(FIXTURE_URL) for entry in feed.entries)
    calendar = icalendar.Calendar.from_ical((site / API / "expirations.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert all(event.get("DTSTAMP") is not None and event.walk("VALARM") for event in events)


class Alternates(HTMLParser):
    """The <link rel="alternate"> of a page's <head>: (type, title, href)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.in_head = self.in_head or tag == "head"
        if tag == "link" and values.get("rel") == "alternate" and self.in_head:
            self.found.append((values.get("type", ""), values.get("title", ""), values.get("href", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def test_every_company_and_standard_page_announces_its_own_feed_and_calendar(site: Path) -> None:
    """In <head> (feed readers find them there) and in the page; each parses, and is that record's own."""
    document = read_json(site / API / "registry.json")
    pages = [("entreprises", c["id"], c["name"]) for c in document["companies"]]
    pages += [("referentiels", s["id"], s["name"]) for s in document["standards"]]
    for folder, record_id, name in pages:
        page = site / folder / record_id / "index.html"
        parser = Alternates()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [
            ("application/atom+xml", f"{name} : certificats (Atom)", f"../../{API}/{folder}/{record_id}.atom"),
            ("text/calendar", f"{name} : fins de validité (iCalendar)", f"../../{API}/{folder}/{record_id}.ics"),
        ], page
        feed = feedparser.parse((site / API / folder / f"{record_id}.atom").read_bytes())
        assert not feed.bozo, (record_id, feed.get("bozo_exception"))
        kind = "entreprise" if folder == "entreprises" else "referentiel"
        assert feed.feed.id.endswith(f":flux/{kind}/{record_id}")
        assert feed.feed.link == f"{FIXTURE_URL}{folder}/{record_id}/"
        calendar = icalendar.Calendar.from_ical((site / API / folder / f"{record_id}.ics").read_bytes())
        if folder == "entreprises":
            assert all(str(e["UID"]).startswith(f"{record_id}-") for e in calendar.walk("VEVENT"))
    # Material fetches sitemap.xml beside each alternate link: there is one, so no 404 on any page.
    for folder in ("entreprises", "referentiels"):
        assert (site / API / folder / "sitemap.xml").is_file()


# --- reproducible ------------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_rebuilding_the_real_registry_gives_the_same_bytes_search_index_included(
        real_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    assert build_site(PROJECT / "registry", again, REAL_TODAY.isoformat()).exit_code == 0
    first, second = digest(real_site), digest(again)
    index = [p for p in first if p.startswith("pagefind/")]
    assert any(p.startswith("pagefind/fragment/") for p in index) and any(p.startswith("pagefind/index/")
                                                                           for p in index)
    assert "pagefind/pagefind-entry.json" in index
    assert first == second
