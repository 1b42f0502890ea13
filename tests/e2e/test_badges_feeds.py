"""A visitor on a company page: the badge to embed shows, its code names the badge and the page, and the
feeds the page announces answer; a former id's badge is the same image."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.e2e.registry import TODAY
from tests.sitebuild import FIXTURE_URL

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"


def local(base_url: str, url: str) -> str:
    """A published URL (the fixture's site_url) as served here."""
    assert url.startswith(FIXTURE_URL), url
    return base_url + url.removeprefix(FIXTURE_URL)


def test_the_embed_code_shows_a_badge_that_loads_and_says_the_page_status(open_page: Any, base_url: str) -> None:
    page, watch = open_page("entreprises/energie-publique/")
    article = page.locator("#certificat-iso-test-2024-02-29")
    embed = page.locator("details#badges")
    assert not embed.locator("dd").first.is_visible()  # folded until asked for
    embed.locator("summary").click()
    codes = embed.locator("dd code").all_inner_texts()
    page_url = f"{FIXTURE_URL}entreprises/energie-publique/"
    badge_url = f"{FIXTURE_URL}api/v1/badges/energie-publique/iso-test.svg"
    # One certificate per standard: each standard's badge is its certificate's code (it follows renewals).
    assert codes == [  # in the page's order: the newest certificate first
        f'<a href="{page_url}"><img src="{FIXTURE_URL}api/v1/badges/energie-publique/label-test.svg" '
        'alt="Label Accueil Exemplaire"></a>',
        f'<a href="{page_url}"><img src="{badge_url}" alt="Norme de service client"></a>',
    ]
    previews = embed.locator("img.rr-embed__badge")
    previews.first.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('#badges img.rr-embed__badge')]"
                           ".every(i => i.complete && i.naturalWidth > 100)")
    # The badge says what the page's status line says for the build day, with that day.
    status = article.locator("[data-rr-status]").first.get_attribute("data-status")
    svg = page.request.get(local(base_url, badge_url))
    assert svg.ok and svg.headers["content-type"].startswith("image/svg+xml")
    texts = [t.text for t in ET.fromstring(svg.body()).iter(f"{SVG}text")]
    assert status == "valid" and texts == ["Norme de service client", f"✓ valide au {TODAY.day} novembre 2026"]
    assert watch.console_errors == [] and watch.page_errors == [] and watch.foreign_requests == []


def test_the_feeds_a_page_announces_answer(open_page: Any, base_url: str) -> None:
    for path, feed in (("entreprises/energie-publique/", "api/v1/entreprises/energie-publique"),
                       ("referentiels/iso-test/", "api/v1/referentiels/iso-test")):
        page, watch = open_page(path)
        hrefs = page.eval_on_selector_all('head link[rel="alternate"]',
                                          "links => links.map(l => [l.type, l.href])")
        assert hrefs == [["application/atom+xml", f"{base_url}{feed}.atom"],
                         ["text/calendar", f"{base_url}{feed}.ics"]]
        for kind, href in hrefs:
            response = page.request.get(href)
            assert response.ok, href
            assert response.body().startswith(b"<?xml" if kind.endswith("xml") else b"BEGIN:VCALENDAR")
        follow = page.locator("p.rr-follow a", has_text="flux Atom")
        assert follow.get_attribute("href") == f"../../{feed}.atom"
        # Material reads <link rel="alternate"> as translations and fetches sitemap.xml beside them: no 404.
        page.wait_for_load_state("networkidle")
        assert watch.console_errors == [], watch.console_errors


def test_a_former_id_serves_the_same_badge_and_feed(context: Any, base_url: str) -> None:
    for new, old in (("api/v1/badges/energie-publique/iso-test.svg", "api/v1/badges/ancienne-energie/iso-test.svg"),
                     ("api/v1/entreprises/energie-publique.atom", "api/v1/entreprises/ancienne-energie.atom")):
        current, former = context.request.get(base_url + new), context.request.get(base_url + old)
        assert current.ok and former.ok and former.body() == current.body()
    assert context.request.get(base_url + "api/v1/badges/pas-une-entreprise/iso-test.svg").status == 404
