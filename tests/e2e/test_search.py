"""The header search (Pagefind): accents and case folded, aliases, SIREN, certificate number, standards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.harness import header_search, new_context

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def home(browser: Any, base_url: str) -> Iterator[Any]:
    context = new_context(browser)
    page = context.new_page()
    page.goto(base_url)
    yield page
    context.close()


@pytest.mark.parametrize("query", ["electricite", "ÉLECTRICITÉ", "électricité", "Electricité"])
def test_accents_and_case_do_not_matter(home: Any, query: str) -> None:
    # "Électricité de Nulle-Part" is an alias of Énergie Publique, not its name.
    assert header_search(home, query) == ["Énergie Publique"]


@pytest.mark.parametrize(("query", "first"), [
    ("omegaphone", "Télécom Oméga"),  # an alias
    ("552081317", "Société Bancaire du Test"),  # a SIREN
    ("QR2024X42", "Énergie Publique"),  # a certificate number
    ("qr2024x42", "Énergie Publique"),
    ("NF345ZETA", "Assurances Zêta"),
    ("qualirelation", "Norme de service client"),  # a standard, by its alias
    ("societe", "Société Bancaire du Test"),
    ("zeta", "Assurances Zêta"),
    ("Bureau de Vérification", "Bureau de Vérification"),  # a certifier
])
def test_finds_by_alias_siren_number_standard_and_certifier(home: Any, query: str, first: str) -> None:
    results = header_search(home, query)
    assert results and results[0] == first, results


def test_a_result_is_a_link_to_the_record(home: Any, base_url: str) -> None:
    header_search(home, "omegaphone")
    link = home.locator(".rrc-search__result").first
    assert link.get_attribute("href") == "/sous-chemin/entreprises/telecom-omega/"
    link.click()
    home.wait_for_url(base_url + "entreprises/telecom-omega/")
    assert home.locator("h1").first.inner_text() == "Télécom Oméga"


def test_nothing_found_says_the_registry_is_not_exhaustive(home: Any, base_url: str) -> None:
    home.goto(base_url)
    assert header_search(home, "xylophonique") == []
    assert "le registre n'est pas exhaustif" in home.locator("#rrc-search-status").inner_text()
