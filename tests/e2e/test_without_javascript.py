"""Every page type with JavaScript disabled: the content is there, statuses are dated, the layout holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.harness import PAGE_TYPES, new_context

pytestmark = pytest.mark.browser

BUILD_DAY = "25 novembre 2026"


@pytest.fixture(scope="module")
def no_script(browser: Any) -> Iterator[Any]:
    context = new_context(browser, clock=None, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_reads_without_javascript(no_script: Any, base_url: str, path: str) -> None:
    page = no_script.new_page()
    try:
        page.goto(base_url + path)
        assert page.evaluate("() => document.querySelectorAll('script[src]').length") > 0  # scripts exist, unrun
        assert page.locator("h1").first.inner_text().strip()
        assert page.locator(".md-content").inner_text().strip()
        # The layout holds: the content column is wide, nothing overflows the window.
        width = page.locator(".md-content").bounding_box()["width"]
        assert width > 600, width
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        # Every status is in words, with the day it was computed for on it or on its section.
        for status in page.locator("[data-rr-status]").all():
            assert status.inner_text().strip()
            computed_on = status.evaluate("e => e.closest('[data-computed-on]').getAttribute('data-computed-on')")
            assert computed_on == "2026-11-25"
            if status.get_attribute("data-short") is None:
                assert f"(statut au {BUILD_DAY})" in status.inner_text()
        assert f"Statuts calculés pour le {BUILD_DAY}" in page.locator(".md-copyright").inner_text()
    finally:
        page.close()


def test_the_full_companies_table_shows(no_script: Any, base_url: str) -> None:
    page = no_script.new_page()
    page.goto(base_url + "entreprises/")
    assert page.locator("tbody tr").count() == 6
    assert page.locator("tbody tr:visible").count() == 6
    assert page.locator("form[data-rr-filters]").is_hidden()  # filters need script: not offered
    assert page.locator("[data-rr-count]").inner_text() == "6 entreprises."
    assert f"statut de leurs certificats au {BUILD_DAY}" in page.locator("caption").inner_text()
    row = page.locator("tbody tr", has_text="Société Bancaire du Test")
    assert row.locator("[data-rr-status]").inner_text() == "expire bientôt"
    page.close()


def test_the_verifier_says_what_to_do_without_javascript(no_script: Any, base_url: str) -> None:
    page = no_script.new_page()
    page.goto(base_url + "verifier/")
    assert page.locator("[data-rr-nojs]").is_visible()
    assert page.locator("form[data-rr-verify]").is_hidden()
    page.locator("[data-rr-nojs]").get_by_role("link", name="la liste des entreprises").click()
    page.wait_for_url(base_url + "entreprises/")
    page.close()
