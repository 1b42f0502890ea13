"""/verifier/: the registry's answer for a SIREN, a name or a certificate number, and what "not found" means."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

LOOKUP = "https://certificats.example.org/recherche"


def ask(page: Any, query: str) -> Any:
    page.fill("#rr-verify-q", query)
    page.get_by_role("button", name="Vérifier", exact=True).click()
    results = page.locator("[data-rr-verify-results]")
    results.locator(".rr-verify-list, .rr-verify-none").first.wait_for()
    return results


@pytest.fixture
def verifier(open_page: Any) -> Any:
    page, _ = open_page("verifier/")
    page.locator("form[data-rr-verify]").wait_for(state="visible")
    assert page.locator("[data-rr-nojs]").is_hidden()
    return page


def test_a_siren_gives_the_certificates_and_their_status(verifier: Any) -> None:
    results = ask(verifier, "402 960 397")  # typed with spaces, as printed on documents
    assert results.locator(".rr-verify-result h2").all_inner_texts() == ["Énergie Publique"]
    text = results.inner_text()
    assert "SIREN 402960397" in text
    statuses = results.locator(".rr-verify-cert .rr-status").all_inner_texts()
    assert len(statuses) == 2 and all(s.startswith("valide jusqu'au ") and "(statut au " in s for s in statuses)
    # The certifier's own look-up, where it has one.
    lookup = results.get_by_role("link", name="sa recherche de certificats")
    assert lookup.count() == 1 and lookup.get_attribute("href") == LOOKUP
    assert "Certificateur : AFNOR Certification ; numéro QR2024X42" in text


def test_a_name_without_accents(verifier: Any) -> None:
    results = ask(verifier, "mutuelle alpha")
    assert results.locator(".rr-verify-result h2").all_inner_texts() == ["Mutuelle Alpha"]
    words = results.locator(".rr-verify-cert .rr-status__text").all_inner_texts()
    assert sorted(words) == ["retiré depuis le 3 février 2026", "suspendu depuis mai 2026"]


def test_a_certificate_number(verifier: Any) -> None:
    results = ask(verifier, "BV77")
    first = results.locator(".rr-verify-result").first
    assert first.locator("h2").inner_text() == "Société Bancaire du Test"
    assert "Certificateur : Bureau de Vérification ; numéro BV77" in first.inner_text()
    assert "expire bientôt : valide jusqu'au 9 janvier 2027 inclus" in first.inner_text()
    # Bureau de Vérification has no public look-up: no link is made up.
    assert first.get_by_role("link", name="sa recherche de certificats").count() == 0


def test_not_found_says_what_it_means_and_where_to_check(verifier: Any, base_url: str) -> None:
    results = ask(verifier, "Zorglub Industries")
    none = results.locator(".rr-verify-none").inner_text()
    assert "Le registre ne contient aucune entreprise correspondant à « Zorglub Industries »" in none
    assert "le registre n'est pas exhaustif" in none
    results.get_by_role("link", name="Interrogez le certificateur").click()
    section = verifier.locator("section:has(#non-trouve)")
    assert "Une entreprise absente du registre peut être certifiée" in section.inner_text()
    lookups = section.get_by_role("link", name="rechercher un certificat")
    assert [lookups.nth(i).get_attribute("href") for i in range(lookups.count())] == [LOOKUP]
    assert verifier.url.endswith("verifier/?q=Zorglub+Industries#non-trouve")


def test_the_query_in_the_url_is_answered_on_load(open_page: Any) -> None:
    page, _ = open_page("verifier/?q=QR2024X42")
    page.locator(".rr-verify-list").wait_for()
    assert page.input_value("#rr-verify-q") == "QR2024X42"
    assert page.locator(".rr-verify-result h2").all_inner_texts() == ["Énergie Publique"]


def test_the_home_form_leads_to_the_answer(open_page: Any, base_url: str) -> None:
    page, _ = open_page("")
    page.fill("#rr-home-q", "552081317")
    page.locator("form.rr-home-search button[type=submit]").click()
    page.wait_for_url(base_url + "verifier/?q=552081317")
    page.locator(".rr-verify-list").wait_for()
    assert page.locator(".rr-verify-result h2").all_inner_texts() == ["Société Bancaire du Test"]
