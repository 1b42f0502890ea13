"""Statuses recomputed from the visitor's clock on the served site, and navigation by following links."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import new_context
from tests.e2e.registry import LATER

pytestmark = pytest.mark.browser


@pytest.fixture
def later(browser: Any) -> Any:
    """A visitor 400 days after the build day (the site says 25 novembre 2026)."""
    context = new_context(browser, clock=f"{LATER.isoformat()}T12:00:00+01:00")
    yield context
    context.close()


def test_a_company_page_shows_the_lapse_400_days_later(later: Any, base_url: str) -> None:
    page = later.new_page()
    page.goto(base_url + "entreprises/energie-publique/")
    iso = page.locator("article.rr-cert", has_text="Norme de service client").locator("p[data-rr-status]")
    assert iso.get_attribute("data-status") == "expired"
    assert "rr-status--expired" in (iso.get_attribute("class") or "")
    # A last day computed from the standard's term: "échéance dépassée", with the computation.
    assert iso.inner_text() == (
        "échéance dépassée depuis le 1ᵉʳ mars 2027 (calculée : attribué le 29 février 2024 + 3 ans) — aucun "
        "renouvellement trouvé dans les sources (fiche vérifiée le 1ᵉʳ novembre 2026) (statut au 30 décembre 2027)")
    label = page.locator("article.rr-cert", has_text="Label Accueil Exemplaire").locator("p[data-rr-status]")
    assert label.inner_text().startswith("échéance dépassée depuis le 1ᵉʳ juin 2027 (calculée : attribué le 1ᵉʳ juin "
                                         "2025 + 2 ans)")
    # The page itself was built for the build day: the footer still says so.
    assert "Statuts calculés pour le 25 novembre 2026" in page.locator(".md-copyright").inner_text()


def test_the_companies_table_shows_the_lapse_400_days_later(later: Any, base_url: str) -> None:
    page = later.new_page()
    page.goto(base_url + "entreprises/")
    row = page.locator("tbody tr", has_text="Énergie Publique")
    assert row.locator("[data-rr-status]").all_inner_texts() == ["échéance dépassée", "échéance dépassée"]
    assert page.locator("caption [data-rr-today]").inner_text() == "30 décembre 2027"
    # The status filter follows the recomputed statuses.
    page.select_option("#rr-f-statut", "valid")
    assert page.locator("tbody tr:not([hidden]) th[scope=row]").all_inner_texts() == []
    page.select_option("#rr-f-statut", "expired")
    assert "Énergie Publique" in page.locator("tbody tr:not([hidden]) th[scope=row]").all_inner_texts()


def test_on_the_build_day_the_same_pages_say_valid(context: Any, base_url: str) -> None:
    page = context.new_page()  # the shared context's clock is on the build day
    page.goto(base_url + "entreprises/")
    row = page.locator("tbody tr", has_text="Énergie Publique")
    assert row.locator("[data-rr-status]").all_inner_texts() == ["valide", "valide"]
    page.close()


def test_from_the_comparison_to_a_standard_to_a_company(open_page: Any, base_url: str) -> None:
    page, watch = open_page("comparatif/")
    page.locator("table.rr-table--compare").get_by_role("link", name="Norme de service client").click()
    page.wait_for_url(base_url + "referentiels/iso-test/")
    assert page.locator("h1").first.inner_text() == "Norme de service client"
    page.locator("[data-rr-list=detenteurs]").get_by_role("link", name="Énergie Publique").click()
    page.wait_for_url(base_url + "entreprises/energie-publique/")
    assert page.locator("h1").first.inner_text() == "Énergie Publique"
    page.get_by_role("link", name="AFNOR Certification").first.click()
    page.wait_for_url(base_url + "certificateurs/afnor/")
    assert page.locator("h1").first.inner_text() == "AFNOR Certification"
    assert watch.problems() == {}



def test_a_former_id_redirects_to_the_company_on_any_host(context: Any, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + "entreprises/ancienne-energie/")
    page.wait_for_url(base_url + "entreprises/energie-publique/")
    assert page.locator("h1").first.inner_text() == "Énergie Publique"
    page.close()
