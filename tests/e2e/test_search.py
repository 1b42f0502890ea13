"""The header search (Pagefind): accents and case folded, fields indexed apart, French sentences, nothing made up."""

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


def status_line(page: Any) -> str:
    return page.locator("#rrc-search-status").inner_text()


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


@pytest.mark.parametrize("query", ["402 960 397", "402\u00a0960\u00a0397", " 402960397 "])
def test_a_siren_typed_with_spaces_finds_its_company(home: Any, query: str) -> None:
    assert header_search(home, query.strip()) == ["Énergie Publique"]
    assert home.locator(".rrc-search__match").all_inner_texts() == ["SIREN : 402960397"]


def test_a_sector_finds_every_company_of_that_sector(home: Any, base_url: str) -> None:
    assert sorted(header_search(home, "assurance")) == ["Assurances Zêta", "Mutuelle Alpha"]
    # The field is named, apart from the text: never "SecteurAssurance".
    assert home.locator(".rrc-search__match").all_inner_texts() == ["Secteur : Assurance"] * 2
    every = home.locator(".rrc-search__result--all")
    assert every.inner_text() == "Toutes les entreprises du secteur «\u00a0Assurance\u00a0», dans la liste des entreprises"
    every.click()
    home.wait_for_url(base_url + "entreprises/?secteur=Assurance")
    rows = home.locator("table[data-rr-table] tbody tr:not([hidden]) th")
    assert sorted(rows.all_inner_texts()) == ["Assurances Zêta", "Mutuelle Alpha"]
    home.goto(base_url)


@pytest.mark.parametrize("query", ["xyzzy", "356000000", "402960398", "FR-2024-12345", "xylophonique"])
def test_a_string_that_occurs_nowhere_finds_nothing(home: Any, query: str) -> None:
    # Pagefind answers an unknown word with the longest indexed word that begins it ("5" for a SIREN): not shown.
    assert header_search(home, query) == []
    assert status_line(home) == f"Aucun résultat pour « {query} » : le registre n'est pas exhaustif."
    assert home.locator("#rrc-search-results").is_hidden()


@pytest.mark.parametrize("query", ["suspendu", "dépassée", "bientôt"])
def test_no_status_is_frozen_in_the_index(home: Any, query: str) -> None:
    """A status depends on the day; the index is built once: status words are not in it."""
    assert header_search(home, query) == []


def test_counts_are_singular_or_plural(home: Any) -> None:
    assert header_search(home, "omegaphone") == ["Télécom Oméga"]
    assert status_line(home) == "1 résultat pour « omegaphone »"
    assert len(header_search(home, "assurance")) == 2
    assert status_line(home) == "2 résultats pour « assurance »"
    assert "(s)" not in status_line(home)


def test_excerpts_are_french_sentences(home: Any) -> None:
    header_search(home, "omegaphone")
    excerpt = home.locator(".rrc-search__excerpt").first.inner_text()
    assert excerpt == ("Télécom Oméga (autre nom : Omegaphone), entreprise du secteur Télécommunications : "
                       "1 certificat enregistré (Norme de service client n° BVISO9).")
    assert home.locator(".rrc-search__kind").first.inner_text().strip() == "· entreprise"
    header_search(home, "qualirelation")
    assert home.locator(".rrc-search__excerpt").first.inner_text() == (
        "Norme portée par Organisation de normalisation ; durée de validité : 3 ans. "
        "Une norme de test sur la qualité du service client.")
    header_search(home, "Bureau de Vérification")
    assert home.locator(".rrc-search__excerpt").first.inner_text() == (
        "Organisme certificateur ; référentiels : Label Accueil Exemplaire, Norme de service client.")


def test_the_example_reads_as_an_example(home: Any) -> None:
    placeholder = home.locator("#rrc-search-input").get_attribute("placeholder") or ""
    # A real company and its SIREN as printed, not an accent-less word that reads as a typo.
    assert placeholder == "ex. Butagaz, 402 960 397" and "electricite" not in placeholder


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
