"""Per-company and per-standard feeds and calendars, the badges a company can embed, and the copies of a
company's files under its former ids: checked on the exporter's output, read by real parsers."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser
import icalendar
import pytest

from generator.export import build_exports
from generator.export.badges import Badge
from generator.registry import Registry, build_registry
from generator.render import render_site
from generator.render.wording import BASIS_LETTERS, STATUS_LETTERS
from generator.site import SiteInfo
from generator.wording import SHORT_LABELS
from tests.conftest import COMPANY, TODAY

SITE = SiteInfo("https://example.org/registre/")
API = "api/v1"
SVG = "{http://www.w3.org/2000/svg}"

# One company holding the test norm for two scopes (one lapsed, one in force) and a label renewed once, a
# second company with a former id, a third with a suspended certificate.
MULTI = """\
name: Groupe Multi
former_ids: [multi-ancien, groupe-multi-2020]
checked: '2026-05-01'
sources:
  - https://example.org/multi
certifications:
  - standard: iso-test
    id: iso-siege
    certifier: afnor
    issued: '2021-01-10'
    scope: Siège
    sources: [https://example.org/multi/siege]
  - standard: iso-test
    id: iso-usines
    certifier: afnor
    issued: '2025-03-01'
    scope: Usines
    sources: [https://example.org/multi/usines]
  - standard: label-test
    id: label-2022
    issued: '2022-06-01'
    sources: [https://example.org/multi/label-2022]
  - standard: label-test
    id: label-2025
    issued: '2025-06-01'
    sources: [https://example.org/multi/label-2025]
"""
SUSPENDED = """\
name: Suspendue SA
checked: '2026-05-01'
sources:
  - https://example.org/suspendue
certifications:
  - standard: iso-test
    id: iso-2025
    issued: '2025-02-01'
    suspensions:
      - from: '2026-06-01'
        sources: [https://example.org/suspendue/suspension]
    sources: [https://example.org/suspendue/iso]
"""


@pytest.fixture
def registry(make_registry: Callable[..., Path]) -> Callable[[date], Registry]:
    root = make_registry({"companies/groupe-multi.yml": MULTI, "companies/suspendue.yml": SUSPENDED,
                          "companies/societe-electrique.yml": None})

    def on(day: date) -> Registry:
        built = build_registry(str(root), day)
        assert built.errors == []
        return built
    return on


def badge_text(svg: bytes) -> tuple[str, str, str]:
    """(left text, right text, title) of a badge, parsed as XML."""
    root = ET.fromstring(svg)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    title = root.find(f"{SVG}title")
    assert title is not None and len(texts) == 2
    return texts[0], texts[1], title.text or ""


# --- badges ---------------------------------------------------------------------------------------------


def test_a_badge_per_standard_held_and_per_certificate_and_no_other(registry: Callable[[date], Registry]) -> None:
    files = build_exports(registry(TODAY), SITE)
    badges = {p.removeprefix(f"{API}/badges/") for p in files if p.startswith(f"{API}/badges/")}
    multi = {"iso-test", "label-test", "iso-siege", "iso-usines", "label-2022", "label-2025"}
    expected = {f"{company}/{name}.svg" for company in ("groupe-multi", "multi-ancien", "groupe-multi-2020")
                for name in multi}
    expected |= {"suspendue/iso-test.svg", "suspendue/iso-2025.svg"}
    assert badges == expected


def test_the_standard_badge_shows_the_certificate_most_in_force(registry: Callable[[date], Registry]) -> None:
    # 25 November 2026: the Siège certificate (2021 + 3 years) has lapsed, the Usines one is valid.
    files = build_exports(registry(TODAY), SITE)
    left, right, title = badge_text(files[f"{API}/badges/groupe-multi/iso-test.svg"])
    assert (left, right) == ("Norme de test", "✓ valide au 25 novembre 2026")
    assert "iso-usines" in title and "Usines" in title and "le plus en vigueur des 2" in title
    # Each certificate's own badge says its own status, never its sibling's.
    assert badge_text(files[f"{API}/badges/groupe-multi/iso-siege.svg"])[1] == \
        "✕ échéance dépassée au 25 novembre 2026"
    assert badge_text(files[f"{API}/badges/groupe-multi/iso-usines.svg"])[1] == "✓ valide au 25 novembre 2026"


def test_a_replaced_certificate_badge_says_so_and_the_standard_badge_follows_the_renewal(
        registry: Callable[[date], Registry]) -> None:
    files = build_exports(registry(TODAY), SITE)
    assert badge_text(files[f"{API}/badges/groupe-multi/label-2025.svg"])[1] == "✓ valide au 25 novembre 2026"
    assert badge_text(files[f"{API}/badges/groupe-multi/label-test.svg"])[1] == "✓ valide au 25 novembre 2026"
    assert "label-2025" in badge_text(files[f"{API}/badges/groupe-multi/label-test.svg"])[2]
    replaced = badge_text(files[f"{API}/badges/groupe-multi/label-2022.svg"])[1]
    assert replaced.endswith(", remplacé au 25 novembre 2026")


def test_badges_follow_the_build_day(registry: Callable[[date], Registry]) -> None:
    """Republished daily: the same records give another status and another day on another day."""
    badge = f"{API}/badges/groupe-multi/iso-usines.svg"  # 2025-03-01 + 3 years: last day 2028-02-28
    assert badge_text(build_exports(registry(date(2026, 6, 2)), SITE)[badge])[1] == "✓ valide au 2 juin 2026"
    assert badge_text(build_exports(registry(date(2027, 12, 15)), SITE)[badge])[1] == \
        "! expire bientôt au 15 décembre 2027"
    # Lapsed by the term (computed, not given by a source): "échéance dépassée", not "expiré".
    assert badge_text(build_exports(registry(date(2028, 3, 1)), SITE)[badge])[1] == \
        "✕ échéance dépassée au 1ᵉʳ mars 2028"
    suspended = build_exports(registry(date(2026, 6, 2)), SITE)[f"{API}/badges/suspendue/iso-test.svg"]
    assert badge_text(suspended)[1] == "‖ suspendu au 2 juin 2026"


def test_the_badge_never_says_more_than_the_company_page(registry: Callable[[date], Registry]) -> None:
    """Each certificate badge's words are those of the page's status element for the build day's segment."""
    day = TODAY
    built = registry(day)
    files, pages = build_exports(built, SITE), render_site(built, SITE)
    labels = {STATUS_LETTERS[s] + BASIS_LETTERS[b]: label for (s, b), label in SHORT_LABELS.items()}
    checked = 0
    for company_id, views in built.certificates.items():
        content = pages[f"entreprises/{company_id}.md"].content
        for view in views:
            article = re.search(rf'<article class="rr-cert" id="certificat-{view.id}".*?</article>', content, re.S)
            assert article is not None
            timeline = re.search(r'data-tl="([^"]*)"', article.group(0))
            assert timeline is not None
            tokens = [(date.fromisoformat(f"{t[:4]}-{t[4:6]}-{t[6:8]}"), t[8:]) for t in timeline.group(1).split()]
            shown = [letters for start, letters in tokens if start <= day][-1]
            right = badge_text(files[f"{API}/badges/{company_id}/{view.id}.svg"])[1]
            assert right.split(" ", 1)[1].startswith(labels[shown] + (" au" if view.current else ", remplacé"))
            checked += 1
    assert checked == 5


def test_hostile_names_stay_text_in_the_badge(make_registry: Callable[..., Path]) -> None:
    hostile = "<script>alert(1)</script> ]]> & \"q\" {{ x }} <svg onload=alert(2)>"
    root = make_registry({"standards/iso-test.yml": None, "standards/piege.yml": f"""\
name: {json_quote(hostile)}
kind: norme
sources:
  - https://example.org/piege
""", "companies/societe-electrique.yml": None, "companies/cible.yml": """\
name: Cible
checked: '2026-11-01'
sources: [https://example.org/cible]
certifications:
  - standard: piege
    id: piege-2024
    issued: '2024-01-01'
    sources: [https://example.org/cible/piege]
"""})
    built = build_registry(str(root), TODAY)
    assert built.errors == []
    files = build_exports(built, SITE)
    for name in ("piege", "piege-2024"):
        svg = files[f"{API}/badges/cible/{name}.svg"]
        root_element = ET.fromstring(svg)  # well-formed XML
        assert not [e for e in root_element.iter() if e.tag.split("}")[-1] in ("script", "foreignObject", "a")]
        left, _, title = badge_text(svg)
        assert left == hostile
        assert b"<script>" not in svg and b"<svg onload" not in svg


def test_control_and_format_characters_never_reach_a_badge() -> None:
    """The validator refuses them in names; the badge drops them anyway (YAML escapes can write them)."""
    svg = Badge("A\x1b[31m\u202eB\u2028C\x00", "valid", "valide", "2 décembre 2026").svg()
    left, _, title = badge_text(svg)
    assert left == "A[31mB C" and title.startswith("A[31mB C : valide au 2 décembre 2026")


def json_quote(text: str) -> str:
    import json
    return json.dumps(text)


# --- feeds and calendars --------------------------------------------------------------------------------


def test_company_and_standard_feeds_carry_their_events_only_with_the_site_feed_ids(
        registry: Callable[[date], Registry]) -> None:
    built = registry(TODAY)
    files = build_exports(built, SITE)
    site_feed = feedparser.parse(files[f"{API}/feed.atom"])
    assert not site_feed.bozo
    site_ids = {e.id for e in site_feed.entries}
    company_feeds = {c: feedparser.parse(files[f"{API}/entreprises/{c}.atom"]) for c in built.companies}
    standard_feeds = {s: feedparser.parse(files[f"{API}/referentiels/{s}.atom"]) for s in built.standards}
    seen: set[str] = set()
    for company_id, feed in company_feeds.items():
        assert not feed.bozo, company_id
        assert feed.feed.id == f"tag:example.org,2026:flux/entreprise/{company_id}"
        assert feed.feed.link == f"https://example.org/registre/entreprises/{company_id}/"
        ids = [e.id for e in feed.entries]
        assert all(f"certificat/{company_id}/" in i for i in ids)  # nobody else's events
        assert set(ids) <= site_ids  # the same identities as the site's feed
        seen.update(ids)
        days = [e.updated for e in feed.entries]
        assert days == sorted(days, reverse=True)
    assert seen == site_ids  # together, every event of the site's feed (fewer than 100 here)
    for standard_id, feed in standard_feeds.items():
        assert not feed.bozo
        ids = {e.id for e in feed.entries}
        views = {(v.company_id, v.id) for v in built.all_certificates() if v.standard_id == standard_id}
        assert ids == {i for i in site_ids if tuple(i.split("certificat/")[1].split("/")[:2]) in views}
    multi = [e.id for e in company_feeds["groupe-multi"].entries]
    assert "tag:example.org,2026:certificat/groupe-multi/iso-siege/lapse" in multi
    assert "tag:example.org,2026:certificat/groupe-multi/label-2025/new" in multi
    suspended = [e.id for e in company_feeds["suspendue"].entries]
    assert "tag:example.org,2026:certificat/suspendue/iso-2025/suspended/2026-06-01" in suspended


def test_company_and_standard_calendars_carry_their_events_only_with_the_site_uids(
        registry: Callable[[date], Registry]) -> None:
    built = registry(TODAY)
    files = build_exports(built, SITE)

    def uids(path: str) -> list[str]:
        calendar = icalendar.Calendar.from_ical(files[path])
        return [str(e["uid"]) for e in calendar.walk("VEVENT")]

    site_uids = uids(f"{API}/expirations.ics")
    union: list[str] = []
    for company_id in built.companies:
        own = uids(f"{API}/entreprises/{company_id}.ics")
        assert all(u.startswith(f"{company_id}-") for u in own)
        union += own
    assert sorted(union) == sorted(site_uids)
    # By last day: the lapsed Siège certificate (still its line's current one), Usines (2028-02-28), the label.
    assert uids(f"{API}/entreprises/groupe-multi.ics") == ["groupe-multi-iso-siege@example.org",
                                                            "groupe-multi-iso-usines@example.org",
                                                            "groupe-multi-label-2025@example.org"]
    assert "groupe-multi-iso-usines@example.org" in uids(f"{API}/referentiels/iso-test.ics")
    assert not any(u.startswith("groupe-multi-label") for u in uids(f"{API}/referentiels/iso-test.ics"))
    assert uids(f"{API}/referentiels/label-test.ics") == ["groupe-multi-label-2025@example.org"]
    name = icalendar.Calendar.from_ical(files[f"{API}/entreprises/groupe-multi.ics"])["x-wr-calname"]
    assert str(name) == "Registre de la relation client : fins de validité — Groupe Multi"


# --- former ids -----------------------------------------------------------------------------------------


def test_former_ids_get_byte_identical_copies_of_the_company_files(registry: Callable[[date], Registry]) -> None:
    files = build_exports(registry(TODAY), SITE)
    own = {p for p in files if p.startswith((f"{API}/entreprises/groupe-multi.", f"{API}/badges/groupe-multi/"))}
    assert len(own) == 3 + 6
    for old in ("multi-ancien", "groupe-multi-2020"):
        for path in own:
            copy = path.replace("/groupe-multi.", f"/{old}.").replace("/groupe-multi/", f"/{old}/")
            assert files[copy] == files[path], copy
    # No copy for a company without former ids, nor under any other name.
    copies = {p for p in files if "multi-ancien" in p or "groupe-multi-2020" in p}
    assert len(copies) == 2 * len(own)


# --- the company page -------------------------------------------------------------------------------------


def test_the_company_page_gives_the_embed_code_of_each_certificate(registry: Callable[[date], Registry]) -> None:
    built = registry(TODAY)
    content = render_site(built, SITE)["entreprises/groupe-multi.md"].content
    codes = [html.unescape(c) for c in re.findall(r'<dd><code>(.*?)</code>', content)]
    page = "https://example.org/registre/entreprises/groupe-multi/"
    badge = "https://example.org/registre/api/v1/badges/groupe-multi/"
    alt = 'alt="Norme de test"'
    assert f'<a href="{page}"><img src="{badge}iso-test.svg" {alt}></a>' in codes
    for cert in ("iso-siege", "iso-usines"):
        assert f'<a href="{page}#certificat-{cert}"><img src="{badge}{cert}.svg" {alt}></a>' in codes
    # A badge per standard held, and one per certificate its standard's badge does not stand for alone (two
    # scopes, a renewal): here all four.
    assert len(codes) == 2 + 4
    assert sum(c.count("badges/groupe-multi/label-test.svg") for c in codes) == 1
    # Shown as code to copy, never as live HTML.
    assert '<dd><code>&lt;a href="' in content
    # A standard held through one certificate only: its badge is that certificate's code, not repeated.
    alone = render_site(built, SITE)["entreprises/suspendue.md"].content
    assert re.findall(r'<dd><code>(.*?)</code>', alone) == [html.escape(
        '<a href="https://example.org/registre/entreprises/suspendue/"><img src="https://example.org/registre/'
        'api/v1/badges/suspendue/iso-test.svg" alt="Norme de test"></a>',
        quote=False)]


# --- a certificate id is never a standard's (their badges share a folder) ---------------------------------


@pytest.mark.parametrize("stored", [True, False], ids=["stored id", "derived id"])
def test_a_certificate_id_equal_to_a_standard_id_is_refused(make_registry: Callable[..., Path], stored: bool) -> None:
    # A standard named like a certificate of another standard would be (its id, then its date).
    clash = "iso-test-2024" if stored else "iso-test-2024-02-29"  # its stored id, or the one derived from it
    extra = {f"standards/{clash}.yml": "name: Autre norme\nkind: norme\nsources:\n  - https://example.org/n\n"}
    if not stored:
        extra["companies/societe-electrique.yml"] = COMPANY.replace("    id: iso-test-2024\n", "")
    built = build_registry(str(make_registry(extra)), TODAY)
    errors = [(d.code, d.line) for d in built.errors]
    assert errors == [("certificate-id-conflict", 17 if stored else 11)]
    assert "api/v1/badges/<entreprise>/<id>.svg" in built.errors[0].message
