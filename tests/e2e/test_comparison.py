"""/comparatif/ in Chromium: a matrix that fits 1366 px with its header and first column sticky, one card per
standard on a phone, details and sources on demand, no console error and no axe violation."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import Watch, new_context, origin_of

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
STANDARDS = 3  # tests/e2e/registry.py
SCREENSHOTS = Path("/tmp/registre-comparatif")


@pytest.fixture
def compare(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Iterator[tuple[Any, Watch]]:
    """The comparison page at the viewport given by the test's parameter, and what it reported."""
    viewport = request.param
    phone = viewport == PHONE
    context = new_context(browser, viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    watch = Watch(origin=origin_of(base_url))
    watch.attach(page)
    page.goto(base_url + "comparatif/")
    yield page, watch
    assert watch.problems() == {}
    context.close()


def _axe_violations(page: Any) -> list[tuple[str, str]]:
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]]


@pytest.mark.parametrize("compare", [DESKTOP], indirect=True)
def test_at_1366_the_matrix_fits_without_sideways_scroll(compare: tuple[Any, Watch]) -> None:
    page, _ = compare
    document, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert document <= inner
    box = page.locator(".rr-compare__box")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    table = page.locator("table.rr-table--compare").bounding_box()
    assert table is not None and table["x"] + table["width"] <= inner
    # Every column is in view: header cells sit side by side inside the table.
    headers = page.locator("table.rr-table--compare thead th").all()
    assert len(headers) == 11  # the standard, its count of demanding criteria, 8 criteria, its holders
    assert all((b := h.bounding_box()) is not None and b["x"] + b["width"] <= inner + 0.5 for h in headers)


@pytest.mark.parametrize("compare", [DESKTOP], indirect=True)
def test_the_header_row_and_the_first_column_stay_in_view(compare: tuple[Any, Watch]) -> None:
    page, _ = compare
    first = page.locator("table.rr-table--compare thead th").first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    rows = page.locator("table.rr-table--compare tbody th[scope=row]")
    assert rows.count() == STANDARDS
    assert rows.first.evaluate("e => [getComputedStyle(e).position, getComputedStyle(e).left]") == ["sticky", "0px"]
    # With every row's details open the table is taller than the window: scroll to its last row.
    for summary in page.locator(".rr-compare__standard summary").all():
        summary.click()
    last = page.locator(".rr-compare__standard").last
    page.evaluate("y => window.scrollTo(0, y)", last.evaluate("e => e.getBoundingClientRect().top + scrollY - 60"))
    page.wait_for_function("() => scrollY > 0")
    bar = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    table_top = page.evaluate("() => document.querySelector('table.rr-table--compare').getBoundingClientRect().top")
    header = first.bounding_box()
    assert header is not None
    assert table_top < 0  # the table's own top has scrolled away...
    assert bar - 1 <= header["y"] <= bar + 1  # ...its header row has not
    # What is under the header row's cell is the header, not a row drawn over it.
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('th').textContent",
                        [header["x"] + 5, header["y"] + header["height"] - 5])
    assert hit.strip() == "Référentiel"


@pytest.mark.parametrize("compare", [PHONE], indirect=True)
def test_on_a_phone_one_card_per_standard(compare: tuple[Any, Watch]) -> None:
    page, _ = compare
    document, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert document <= inner
    cards = page.locator(".rr-compare__standard").all()
    assert len(cards) == STANDARDS
    boxes = [card.bounding_box() for card in cards]
    assert all(b is not None for b in boxes)
    for card, box in zip(cards, boxes, strict=True):
        assert card.evaluate("e => getComputedStyle(e).display") == "block"
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner
        assert box["width"] > inner * 0.8  # the full width, one per line
    for above, below in itertools.pairwise(boxes):
        assert below["y"] >= above["y"] + above["height"]  # stacked, not side by side
    # Each card names its standard, then every criterion with its label and its value in words.
    first = cards[0]
    assert first.locator("th[scope=row] a").inner_text() == "Norme de service client"
    lines = first.locator("td[data-label]").evaluate_all(
        "cells => cells.map(c => [getComputedStyle(c, '::before').content, c.dataset.label, c.innerText])")
    assert len(lines) == 10
    assert all(shown not in ("none", "normal", "") for shown, _, _ in lines)  # each label shown before its value
    assert lines[1][1:] == ["Contrôle par un tiers", "✓ oui"]
    prize = cards[-1].inner_text()
    assert "non trouvé dans les sources" in prize  # the full words on a phone
    assert page.locator("table.rr-table--compare thead").evaluate(
        "t => t.getBoundingClientRect().width <= 1")  # headings read by screen readers, not shown twice
    assert _axe_violations(page) == []


@pytest.mark.parametrize("compare", [DESKTOP, PHONE], indirect=True)
def test_details_open_on_demand_and_show_the_numbered_sources(compare: tuple[Any, Watch]) -> None:
    page, _ = compare
    row = page.locator(".rr-compare__standard", has=page.get_by_role("link", name="Norme de service client"))
    details = row.locator("details")
    sources = details.locator("ol.rr-sources")
    assert not sources.is_visible()
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert sources.is_visible()
    assert sources.locator("a").first.get_attribute("href") == "https://normes.example.org/iso-test/regles"
    assert details.get_by_text("Contrôle par un tiers").is_visible()
    # A citation mark leads to its numbered source, in the same row.
    details.locator("sup.rr-cite a").first.click()
    assert page.url.endswith("#source-iso-test-1")
    assert page.locator("#source-iso-test-1").is_visible()
    # A dispute shows its versions; a sourced "non" its source.
    label = page.locator(".rr-compare__standard", has=page.get_by_role("link", name="Label Accueil Exemplaire"))
    label.locator("summary").click()
    text = label.locator("details").inner_text()
    assert "les sources divergent (« Part des emplois en France ») : Toute la relation client en France." in text
    assert "✗ non. Le label est gratuit pour les entreprises candidates." in text
    assert "Tarifs du label, Association de test" in text
    assert _axe_violations(page) == []


@pytest.mark.parametrize("compare", [DESKTOP], indirect=True)
def test_holders_in_force_and_the_not_found_state_are_in_view(compare: tuple[Any, Watch]) -> None:
    page, _ = compare
    holders = page.locator("[data-rr-holders]")
    assert holders.count() == STANDARDS
    assert page.locator('[data-rr-holders="iso-test"]').inner_text() == "2"
    prize = page.locator(".rr-compare__standard", has=page.get_by_role("link", name="Prix du Meilleur Accueil"))
    absent = prize.locator("td.rr-cell--absent")
    assert absent.count() == 8
    assert absent.first.inner_text().startswith("? non trouvé")
    assert page.locator(".rr-compare__lead").inner_text().startswith(
        "Le plus exigeant selon les sources : Norme de service client, avec 3 des 5 critères exigeants établis.")


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "comparatif-1366.png"), (PHONE, "comparatif-390.png")])
def test_screenshots(browser: Any, base_url: str, viewport: dict[str, int], name: str) -> None:
    """Written to /tmp/registre-comparatif/ for a person to look at, with one row's details open."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(browser, viewport=viewport)
    try:
        page = context.new_page()
        page.goto(base_url + "comparatif/")
        page.locator(".rr-compare__standard summary").first.click()
        page.evaluate("() => window.scrollTo(0, 0)")  # the sticky bars where they are at the top
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    finally:
        context.close()
    assert (SCREENSHOTS / name).stat().st_size > 10_000
