"""/verifier/: the registry's exact answer for a SIREN, a certificate number or a name, on any day.

The answers come from the small lookup files of /api/v1/recherche/ and each company's JSON: a SIREN
or a number matches its field exactly, a name matches whole words, and what matched is said.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

LOOKUP = "https://certificats.example.org/recherche"
ANNUAIRE = "https://annuaire-entreprises.data.gouv.fr/entreprise/"


def ask(page: Any, query: str, day: str | None = None) -> Any:
    page.fill("#rr-verify-q", query)
    page.fill("#rr-verify-date", day or "")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    results = page.locator("[data-rr-verify-results]")
    results.locator(".rr-verify-list, .rr-verify-none").first.wait_for()
    return results


def companies(results: Any) -> list[str]:
    return results.locator(".rr-verify-result h2").all_inner_texts()


@pytest.fixture
def verifier(open_page: Any) -> Any:
    page, watch = open_page("verifier/")
    page.locator("form[data-rr-verify]").wait_for(state="visible")
    assert page.locator("[data-rr-nojs]").is_hidden()
    page.watch = watch
    return page


def test_a_siren_gives_the_certificates_and_their_status(verifier: Any) -> None:
    results = ask(verifier, "402 960 397")  # typed with spaces, as printed on documents
    assert companies(results) == ["Énergie Publique"]
    text = results.inner_text()
    assert "Correspondance : SIREN" in text and "SIREN 402960397" in text
    statuses = results.locator(".rr-verify-cert .rr-status").all_inner_texts()
    assert len(statuses) == 2 and all(s.startswith("valide jusqu'au ") and "(statut au " in s for s in statuses)
    # The certifier's own look-up, where it has one.
    lookup = results.get_by_role("link", name="sa recherche de certificats")
    assert lookup.count() == 1 and lookup.get_attribute("href") == LOOKUP
    assert "Certificateur : AFNOR Certification ; numéro QR2024X42" in text
    # The exact answer reads the lookup files, never the search index.
    assert not [u for u in verifier.watch.requests if "/pagefind/" in u]
    assert any(u.endswith("/api/v1/recherche/siren/40.json") for u in verifier.watch.requests)
    assert verifier.watch.problems() == {}


@pytest.mark.parametrize("query", ["356000000", "356 000 000"])
def test_a_real_siren_the_registry_does_not_hold_lists_no_company(verifier: Any, query: str) -> None:
    results = ask(verifier, query)
    assert companies(results) == []
    none = results.locator(".rr-verify-none").inner_text()
    assert none.startswith("Aucune entreprise du registre n'a le SIREN 356\u00a0000\u00a0000.")
    assert "le registre n'est pas exhaustif" in none
    annuaire = results.get_by_role("link", name="la fiche de ce SIREN sur l'Annuaire des entreprises")
    assert annuaire.get_attribute("href") == ANNUAIRE + "356000000"
    # A link only: nothing is fetched from another origin.
    assert verifier.watch.problems() == {}


@pytest.mark.parametrize("query", ["402960398", "402 960 398", "999999999", "552081318"])
def test_a_siren_with_a_wrong_check_digit_is_called_so(verifier: Any, query: str) -> None:
    results = ask(verifier, query)
    assert companies(results) == []
    text = results.inner_text()
    assert "n'est pas un SIREN valide : sa clé de contrôle (le dernier chiffre) ne correspond pas" in text
    # Neither the company whose SIREN is one digit away nor any other is shown, and no directory link.
    assert "Énergie Publique" not in text and "Société Bancaire" not in text
    assert results.get_by_role("link", name="la fiche de ce SIREN sur l'Annuaire des entreprises").count() == 0


def test_a_siren_held_by_the_registry_finds_only_its_company(verifier: Any) -> None:
    results = ask(verifier, "552081317")
    assert companies(results) == ["Société Bancaire du Test"]
    assert results.locator(".rr-verify-match").all_inner_texts() == ["Correspondance : SIREN"]


def test_a_made_up_certificate_number_lists_no_company(verifier: Any) -> None:
    results = ask(verifier, "FR-2024-12345")
    assert companies(results) == []
    none = results.locator(".rr-verify-none").inner_text()
    assert none.startswith("Aucun certificat du registre ne porte le numéro « FR-2024-12345 », et aucune "
                           "entreprise du registre ne porte ce nom.")
    assert "Cela ne veut pas dire que ce certificat n'existe pas" in none


@pytest.mark.parametrize("query", ["QR2024X42", "qr2024x42", "QR 2024 X42", "qr-2024-x42"])
def test_a_certificate_number_matches_whatever_its_case_and_spacing(verifier: Any, query: str) -> None:
    results = ask(verifier, query)
    assert companies(results) == ["Énergie Publique"]
    assert results.locator(".rr-verify-match").inner_text() == "Correspondance : numéro de certificat QR2024X42"
    matched = results.locator(".rr-verify-cert--matched")
    assert matched.count() == 1 and "numéro QR2024X42" in matched.inner_text()


def test_a_number_is_not_a_part_of_another(verifier: Any) -> None:
    # NF345ALPHA and NF345ZETA share their first five characters: neither answers "NF345".
    results = ask(verifier, "NF345")
    assert companies(results) == []
    results = ask(verifier, "BV77")
    assert companies(results) == ["Société Bancaire du Test"]
    first = results.locator(".rr-verify-result").first
    assert "Certificateur : Bureau de Vérification ; numéro BV77" in first.inner_text()
    assert "expire bientôt : valide jusqu'au 9 janvier 2027 inclus" in first.inner_text()
    # Bureau de Vérification has no public look-up: no link is made up.
    assert first.get_by_role("link", name="sa recherche de certificats").count() == 0


def test_a_name_without_accents(verifier: Any) -> None:
    results = ask(verifier, "mutuelle alpha")
    assert companies(results) == ["Mutuelle Alpha"]
    assert results.locator(".rr-verify-match").inner_text() == "Correspondance : nom"
    words = results.locator(".rr-verify-cert .rr-status__text").all_inner_texts()
    assert sorted(words) == ["retiré depuis le 3 février 2026", "suspendu depuis mai 2026"]


def test_another_name_says_which(verifier: Any) -> None:
    results = ask(verifier, "ELECTRICITE DE NULLE PART")
    assert companies(results) == ["Énergie Publique"]
    assert results.locator(".rr-verify-match").inner_text() == \
        "Correspondance : autre nom « Électricité de Nulle-Part »"


def test_a_name_matches_whole_words_in_one_name(verifier: Any) -> None:
    # "Banque" is the first word of Banque Bêta only; "bancaire" is not "banque".
    assert companies(ask(verifier, "banque")) == ["Banque Bêta"]
    # Each word must be in the same name: Énergie Publique's name and its other name do not mix.
    assert companies(ask(verifier, "publique nulle")) == []
    # The last word may begin a word, as it is being typed.
    assert companies(ask(verifier, "Société Banc")) == ["Société Bancaire du Test"]


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


# --- on a chosen day --------------------------------------------------------------------------------


def statuses(results: Any) -> dict[str, str]:
    """{standard: the status line} for each certificate shown."""
    items = results.locator(".rr-verify-cert")
    return {items.nth(i).locator(".rr-verify-cert__title a").inner_text():
            items.nth(i).locator(".rr-status").inner_text() for i in range(items.count())}


def test_a_chosen_day_is_shareable_and_answered_on_load(open_page: Any, base_url: str) -> None:
    page, _ = open_page("verifier/?q=omegaphone&date=2025-03-20")
    results = page.locator("[data-rr-verify-results]")
    results.locator(".rr-verify-list").wait_for()
    assert page.input_value("#rr-verify-date") == "2025-03-20"
    assert "statuts au 20 mars 2025" in results.locator(".rr-verify-summary").inner_text()
    # Submitting keeps both in the address.
    ask(page, "Mutuelle Alpha", "2025-03-01")
    assert page.url == base_url + "verifier/?q=Mutuelle+Alpha&date=2025-03-01"
    ask(page, "Mutuelle Alpha")
    assert page.url == base_url + "verifier/?q=Mutuelle+Alpha"


def test_inside_a_lifted_suspension_the_certificate_reads_suspended(verifier: Any) -> None:
    before = statuses(ask(verifier, "omegaphone", "2025-03-02"))
    inside = statuses(ask(verifier, "omegaphone", "2025-03-20"))
    lifted = statuses(ask(verifier, "omegaphone", "2025-04-14"))
    assert before["Norme de service client"].startswith("valide jusqu'au 31 mai 2027 inclus")
    assert inside["Norme de service client"] == \
        "suspendu depuis le 3 mars 2025, rétabli le 14 avril 2025 (statut au 20 mars 2025)"
    assert lifted["Norme de service client"].startswith("valide jusqu'au 31 mai 2027 inclus")
    assert lifted["Norme de service client"].endswith("(statut au 14 avril 2025)")


def test_before_a_certificate_was_issued_it_is_not_listed(verifier: Any) -> None:
    results = ask(verifier, "Mutuelle Alpha", "2025-03-01")
    lines = statuses(results)
    # The label was issued on 1 June 2025: on 1 March it did not exist yet, so it is not listed at all,
    # only counted, and nothing says a status for it.
    assert list(lines) == ["Norme de service client"]
    assert lines["Norme de service client"].startswith("valide jusqu'au 14 janvier 2028 inclus")
    assert "Label Accueil Exemplaire" not in results.inner_text()
    later = results.locator(".rr-verify-later")
    assert later.inner_text() == ("Un autre certificat connu de cette entreprise n'existait pas encore au "
                                  "1ᵉʳ mars 2025 d'après les sources : il n'est pas listé. Voir la fiche.")
    assert later.get_by_role("link").get_attribute("href").endswith("/entreprises/mutuelle-alpha/")
    # On the label's first day it is listed, and the count line is gone.
    lines = statuses(ask(verifier, "Mutuelle Alpha", "2025-06-01"))
    assert sorted(lines) == ["Label Accueil Exemplaire", "Norme de service client"]
    assert results.locator(".rr-verify-later").count() == 0
    # Before every certificate: none listed, and said plainly.
    results = ask(verifier, "402960397", "2020-01-01")
    assert statuses(results) == {}
    assert results.locator(".rr-status").count() == 0
    assert results.locator(".rr-verify-later").inner_text() == (
        "Aucun certificat connu de cette entreprise n'existait encore au 1ᵉʳ janvier 2020 d'après les sources. "
        "Voir la fiche.")
    # The certificate searched by its number, before its issue day: said, not listed.
    results = ask(verifier, "NF345ALPHA", "2024-12-01")
    assert companies(results) == ["Mutuelle Alpha"]
    assert statuses(results) == {}
    assert results.locator(".rr-verify-later").inner_text() == (
        "2 certificats connus de cette entreprise, dont celui recherché, n'existaient pas encore au "
        "1ᵉʳ décembre 2024 d'après les sources : ils ne sont pas listés. Voir la fiche.")


def test_present_and_future_days(verifier: Any) -> None:
    # Without a day: the visitor's (the build day in these tests); on that day chosen: the same answer.
    today = statuses(ask(verifier, "NF345ZETA"))
    chosen = statuses(ask(verifier, "NF345ZETA", "2026-11-25"))
    assert today == chosen
    assert today["Norme de service client"].startswith("échéance dépassée depuis le 1ᵉʳ mars 2023")
    assert today["Prix du Meilleur Accueil"].startswith("statut inconnu : attribué en 2019")
    future = ask(verifier, "Société Bancaire du Test", "2027-06-01")
    assert "statuts au 1ᵉʳ juin 2027, d'après ce que les sources connues aujourd'hui en disent" in \
        future.locator(".rr-verify-summary").inner_text()
    assert statuses(future)["Label Accueil Exemplaire"].startswith("échéance dépassée depuis le 10 janvier 2027")


def test_a_day_that_does_not_exist_is_said_so(open_page: Any) -> None:
    page, _ = open_page("verifier/?q=BV77&date=2025-02-30")
    results = page.locator("[data-rr-verify-results]")
    results.locator(".rr-verify-list").wait_for()
    assert "« 2025-02-30 » n'est pas une date (attendu : AAAA-MM-JJ) ; statuts à la date du jour." in \
        results.inner_text()
    assert "statuts au 25 novembre 2026" in results.locator(".rr-verify-summary").inner_text()
