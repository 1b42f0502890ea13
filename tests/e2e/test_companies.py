"""/entreprises/: the text filter, the four selects, sorting with aria-sort, and the shared URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.harness import new_context

pytestmark = pytest.mark.browser

ALL = ["Assurances Zêta", "Banque Bêta", "Énergie Publique", "Mutuelle Alpha", "Société Bancaire du Test",
       "Télécom Oméga"]


def shown(page: Any) -> list[str]:
    """The companies of the visible rows, in table order."""
    return page.locator("table[data-rr-table] tbody tr:not([hidden]) th[scope=row]").all_inner_texts()


def count_line(page: Any) -> str:
    return page.locator("[data-rr-count]").inner_text()


@pytest.fixture
def companies(open_page: Any) -> Any:
    page, _ = open_page("entreprises/")
    page.locator("form[data-rr-filters][data-rr-ready]").wait_for(state="visible")
    return page


def test_the_whole_table_shows_first(companies: Any) -> None:
    assert shown(companies) == ALL
    assert count_line(companies) == "6 entreprises."


@pytest.mark.parametrize(("text", "expected"), [
    ("zeta", ["Assurances Zêta"]),  # accents folded
    ("ÉNERGIE", ["Énergie Publique"]),
    ("électricité de nulle", ["Énergie Publique"]),  # an alias
    ("552081317", ["Société Bancaire du Test"]),  # a SIREN
    ("nf345", ["Assurances Zêta", "Mutuelle Alpha"]),  # certificate numbers
    ("pas une entreprise", []),
])
def test_text_filter(companies: Any, text: str, expected: list[str]) -> None:
    companies.fill("#rr-f-q", text)
    companies.wait_for_function("n => document.querySelectorAll('tbody tr:not([hidden])').length === n",
                                arg=len(expected))
    assert shown(companies) == expected
    assert count_line(companies) == (f"{len(expected)} entreprise{'s' if len(expected) > 1 else ''} sur 6.")


@pytest.mark.parametrize(("select", "value", "expected"), [
    ("#rr-f-referentiel", "label-test", ["Énergie Publique", "Mutuelle Alpha", "Société Bancaire du Test"]),
    ("#rr-f-certificateur", "bv", ["Énergie Publique", "Mutuelle Alpha", "Société Bancaire du Test",
                                   "Télécom Oméga"]),
    ("#rr-f-statut", "expiring", ["Société Bancaire du Test"]),
    ("#rr-f-statut", "suspended", ["Mutuelle Alpha"]),
    ("#rr-f-statut", "unknown", ["Assurances Zêta", "Banque Bêta"]),
    ("#rr-f-secteur", "Assurance", ["Assurances Zêta", "Mutuelle Alpha"]),
])
def test_select_filters(companies: Any, select: str, value: str, expected: list[str]) -> None:
    companies.select_option(select, value)
    assert shown(companies) == expected


def test_filters_combine(companies: Any) -> None:
    companies.select_option("#rr-f-referentiel", "iso-test")
    companies.select_option("#rr-f-statut", "valid")
    assert shown(companies) == ["Énergie Publique", "Télécom Oméga"]
    companies.select_option("#rr-f-certificateur", "afnor")
    assert shown(companies) == ["Énergie Publique"]
    companies.click("button[type=reset]")
    companies.wait_for_function("() => document.querySelectorAll('tbody tr:not([hidden])').length === 6")
    assert shown(companies) == ALL


def _sort_state(page: Any) -> dict[str, str | None]:
    return {th.get_attribute("data-sort"): th.get_attribute("aria-sort")
            for th in page.locator("thead th[data-sort]").all()}


def test_sorting_with_header_buttons(companies: Any) -> None:
    assert _sort_state(companies) == {"name": None, "siren": None, "sector": None}
    siren = companies.get_by_role("button", name="SIREN")
    siren.click()
    assert _sort_state(companies) == {"name": None, "siren": "ascending", "sector": None}
    # Empty values last, whichever the order.
    assert shown(companies) == ["Mutuelle Alpha", "Énergie Publique", "Banque Bêta", "Société Bancaire du Test",
                                "Assurances Zêta", "Télécom Oméga"]
    siren.click()
    assert _sort_state(companies)["siren"] == "descending"
    assert shown(companies) == ["Assurances Zêta", "Société Bancaire du Test", "Banque Bêta", "Énergie Publique",
                                "Mutuelle Alpha", "Télécom Oméga"]
    companies.get_by_role("button", name="Entreprise").click()
    assert _sort_state(companies) == {"name": "ascending", "siren": None, "sector": None}
    assert shown(companies) == ALL  # "Énergie" sorts as "Energie"
    companies.get_by_role("button", name="Entreprise").click()
    assert shown(companies) == ALL[::-1]


def test_the_shared_url_restores_filters_and_sort(companies: Any, context: Any) -> None:
    companies.select_option("#rr-f-secteur", "Banque")
    companies.fill("#rr-f-q", "ba")
    companies.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'ba'")
    companies.get_by_role("button", name="Entreprise").click()
    companies.get_by_role("button", name="Entreprise").click()
    expected = ["Société Bancaire du Test", "Banque Bêta"]
    assert shown(companies) == expected
    url = companies.url
    assert parse_qs(urlsplit(url).query) == {"q": ["ba"], "secteur": ["Banque"], "tri": ["name"],
                                              "ordre": ["desc"]}
    companies.reload()
    companies.locator("form[data-rr-filters][data-rr-ready]").wait_for(state="visible")
    assert shown(companies) == expected
    # Opened fresh by someone else, the link shows the same view.
    other = new_context(context.browser).new_page()
    try:
        other.goto(url)
        other.locator("form[data-rr-filters][data-rr-ready]").wait_for(state="visible")
        assert shown(other) == expected
        assert other.input_value("#rr-f-q") == "ba"
        assert other.input_value("#rr-f-secteur") == "Banque"
        assert _sort_state(other)["name"] == "descending"
        assert count_line(other) == "2 entreprises sur 6."
    finally:
        other.context.close()
