"""/contribuer/proposer/ in a real browser: errors tied to their fields, a new company handed to GitHub's
new-file page, a company already in the registry to the prefilled issue form, nothing sent anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect
from ruamel.yaml import YAML

from generator.site import read_site_info
from tests.e2e.harness import BUILD_DAY_NOON, new_context, origin_of
from tests.sitebuild import PROJECT

pytestmark = pytest.mark.browser

PATH = "contribuer/proposer/"
REPO = read_site_info(PROJECT / "mkdocs.yml").repo_url
PHONE = {"width": 390, "height": 844}


def fill(page: Any, **values: str) -> None:
    for key, value in values.items():
        control = page.locator(f"#rr-p-{key}")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def complete(page: Any, name: str, siren: str = "") -> None:
    fill(page, name=name, siren=siren, standard="iso-test", certifier="afnor", date="2025-03-14",
         scope="Service client : Lille & Roubaix")
    fill(page, **{"source-1-url": "https://presse.example.org/article?id=1", "source-1-title": "La société certifiée",
                  "source-1-publisher": "Le Journal", "source-1-date": "2025-03-20"})


def prepare(page: Any) -> None:
    page.click("form[data-rr-proposal] button[type=submit]")
    page.locator("[data-rr-result]:not([hidden]), [data-rr-errors]:not([hidden])").first.wait_for()


def axe_violations(page: Any) -> list[tuple[str, str]]:
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]]


def query(href: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(href).query))


def test_a_new_company_opens_githubs_new_file_page_with_the_record(open_page: Any, base_url: str) -> None:
    page, watch = open_page(PATH)
    complete(page, "Société Nouvelle d'Énergie", "443 061 841")
    prepare(page)
    href = page.locator("a.rr-propose__open").get_attribute("href")
    shown = page.locator("[data-rr-yaml]").inner_text()
    assert href.startswith(f"{REPO}/new/main/registry/companies?")
    assert query(href) == {"filename": "societe-nouvelle-d-energie.yml", "value": shown}
    record = YAML(typ="safe").load(shown)
    assert record["name"] == "Société Nouvelle d'Énergie" and record["siren"] == "443061841"
    assert record["checked"] == BUILD_DAY_NOON[:10]  # the visitor's day, in Paris
    assert record["certifications"][0]["id"] == "iso-test-2025-03-14"
    assert record["certifications"][0]["scope"] == "Service client : Lille & Roubaix"
    # The issue form is offered too, with the same record.
    also = page.get_by_role("link", name="Ouvrir plutôt un signalement prérempli").get_attribute("href")
    assert query(also)["fiche"] == shown and query(also)["template"] == "signaler-une-certification.yml"
    assert page.evaluate("() => document.activeElement.id") == "proposition"
    # Nothing left the page: no navigation, no request but to the site itself, none carrying what was typed.
    assert page.url == base_url + PATH
    assert watch.problems() == {}
    assert not [url for url in watch.requests if "443061841" in url or "nouvelle" in url.lower()]
    assert axe_violations(page) == []


def test_errors_are_told_beside_their_fields_and_in_a_summary(open_page: Any) -> None:
    page, watch = open_page(PATH)
    fill(page, siren="732 829 321", date="2026-02-30", expires="2020")
    fill(page, **{"source-1-url": "ftp://example.org", "source-1-publisher": "Le Journal"})
    prepare(page)
    summary = page.locator("[data-rr-errors]")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-rr-errors')")
    items = summary.locator("li").all_inner_texts()
    assert items == [
        "Nom de l'entreprise : ce champ est obligatoire.",
        "Numéro SIREN : ce numéro n'est pas un SIREN : sa clé de contrôle ne correspond pas. Vérifiez les 9 chiffres.",
        "Certification, label ou prix : choisissez dans la liste, ou « Un autre, absent de la liste ».",
        "Date : cette date n'existe pas : le mois ou le jour est hors du calendrier.",
        "Source 1 : adresse de la page (URL) : écrivez une adresse complète, commençant par https:// ou http://, "
        "sans espace.",
        "Source 1 : titre de la page ou de l'article : donnez le titre de la source pour indiquer son éditeur ou "
        "sa date.",
    ]
    assert summary.locator("p[data-rr-error-count]").inner_text() == \
        "6 points sont à corriger avant de préparer la proposition :"
    for key in ("name", "siren", "standard", "date", "source-1-url", "source-1-title"):
        control = page.locator(f"#rr-p-{key}")
        assert control.get_attribute("aria-invalid") == "true", key
        described = control.get_attribute("aria-describedby").split()
        assert f"rr-p-{key}-erreur" in described, key
        assert page.locator(f"#rr-p-{key}-erreur").is_visible(), key
    assert page.locator("#rr-p-expires").get_attribute("aria-invalid") is None  # a past day is a fine expiry
    assert page.locator("[data-rr-result]").is_hidden()
    assert axe_violations(page) == []
    # A link of the summary takes the keyboard to its field.
    summary.get_by_role("link", name="Date : cette date n'existe pas", exact=False).click()
    assert page.evaluate("() => document.activeElement.id") == "rr-p-date"
    # Corrected, the form clears what it said.
    complete(page, "Société Nouvelle d'Énergie")
    fill(page, expires="")
    prepare(page)
    assert summary.is_hidden()
    assert page.locator("[aria-invalid]").count() == 0
    assert page.locator("#rr-p-siren").get_attribute("aria-describedby") == "rr-p-siren-aide"
    assert watch.problems() == {}


def test_a_company_already_in_the_registry_gets_the_prefilled_issue_form(open_page: Any) -> None:
    page, watch = open_page(PATH)
    complete(page, "Energie Publique")
    prepare(page)
    assert "Une fiche du registre porte déjà ce nom : Énergie Publique (SIREN 402960397)" in \
        page.locator("[data-rr-match]").inner_text()
    href = page.locator("a.rr-propose__open").get_attribute("href")
    assert page.locator("a.rr-propose__open").inner_text() == "Ouvrir le signalement prérempli sur GitHub"
    assert href.startswith(f"{REPO}/issues/new?template=signaler-une-certification.yml&")
    fields = query(href)
    shown = page.locator("[data-rr-yaml]").inner_text()
    assert fields["fiche"] == shown
    assert shown.startswith("  - standard: iso-test\n    id: iso-test-2025-03-14\n    certifier: afnor\n")
    assert fields["entreprise"].startswith("Énergie Publique (fiche existante : https://")
    assert fields["entreprise"].endswith("/entreprises/energie-publique/)")
    assert fields["referentiel"] == "Norme de service client (iso-test)"
    assert fields["certificateur"] == "AFNOR Certification (afnor)"
    assert fields["dates"] == "attribué le 2025-03-14"
    assert fields["title"] == "[Certification] Énergie Publique — Norme de service client"
    assert not page.get_by_role("link", name="Ouvrir GitHub pour créer la fiche").count()
    assert watch.problems() == {}


def test_the_same_siren_is_the_same_company(open_page: Any) -> None:
    page, _ = open_page(PATH)
    complete(page, "EDP Nouvelle Dénomination", "402 960 397")
    prepare(page)
    assert "porte déjà ce SIREN : Énergie Publique" in page.locator("[data-rr-match]").inner_text()
    assert query(page.locator("a.rr-propose__open").get_attribute("href"))["entreprise"].startswith(
        "Énergie Publique (fiche existante")


def test_a_company_with_a_close_name_can_be_chosen_and_taken_back(open_page: Any) -> None:
    page, _ = open_page(PATH)
    complete(page, "Banque")
    prepare(page)
    assert "/new/main/registry/companies?filename=banque.yml" in page.locator("a.rr-propose__open").get_attribute("href")
    page.get_by_role("button", name="Choisir Banque Bêta (SIREN 412148397)").click()
    page.locator("[data-rr-match] .rr-propose__found").wait_for()
    assert "Vous avez choisi la fiche Banque Bêta" in page.locator("[data-rr-match]").inner_text()
    page.wait_for_function("() => document.querySelector('a.rr-propose__open').href.includes('/issues/new')")
    assert query(page.locator("a.rr-propose__open").get_attribute("href"))["entreprise"].startswith("Banque Bêta")
    page.get_by_role("button", name="Ce n'est pas cette entreprise").click()
    assert page.locator("[data-rr-result]").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "rr-p-name"


def test_a_company_page_can_open_the_form_for_its_company(open_page: Any) -> None:
    page, _ = open_page(PATH + "?entreprise=telecom-omega")
    page.locator("[data-rr-match] .rr-propose__found").wait_for()
    assert page.locator("#rr-p-name").input_value() == "Télécom Oméga"
    fill(page, standard="label-test", date="2025-06", **{"source-1-url": "https://e.org/omega"})
    prepare(page)
    assert query(page.locator("a.rr-propose__open").get_attribute("href"))["entreprise"].startswith("Télécom Oméga")


def test_the_choices_follow_the_standard(open_page: Any) -> None:
    page, _ = open_page(PATH)
    options = page.locator("#rr-p-certifier option")
    assert options.all_inner_texts() == ["Non nommé par les sources", "AFNOR Certification", "Bureau de Vérification",
                                         "Un autre, absent de la liste"]
    fill(page, standard="label-test")  # certified by bv only
    expect(page.locator("#rr-p-certifier option[value=afnor]")).to_be_disabled()
    expect(page.locator("#rr-p-certifier option[value=bv]")).to_be_enabled()
    expect(page.locator("#rr-p-category")).to_be_hidden()
    fill(page, standard="prix-test")  # a prize: its category is asked, and any certifier may be named
    expect(page.locator("#rr-p-category")).to_be_visible()
    fill(page, category="Meilleur accueil")
    expect(page.locator("#rr-p-certifier option[value=afnor]")).to_be_enabled()
    fill(page, standard="autre", certifier="autre")
    expect(page.locator("#rr-p-standard_other")).to_be_visible()
    expect(page.locator("#rr-p-certifier_other")).to_be_visible()
    complete(page, "Société Nouvelle")  # iso-test, a standard without categories
    prepare(page)
    shown = page.locator("[data-rr-yaml]").inner_text()
    assert "standard: iso-test" in shown and "category" not in shown
    fill(page, standard="autre", standard_other="Label Imaginaire")
    prepare(page)  # the result shown before stays until the new one is ready: wait for the new one
    expect(page.locator("[data-rr-route]")).to_contain_text("Ce référentiel n'a pas encore de fiche")
    assert query(page.locator("a.rr-propose__open").get_attribute("href"))["referentiel"] == "Label Imaginaire"
    assert page.locator("[data-rr-yaml]").is_hidden()


def test_sources_are_added_numbered_and_removed(open_page: Any) -> None:
    page, _ = open_page(PATH)
    add = page.get_by_role("button", name="Ajouter une source")
    add.click()
    assert page.locator("[data-rr-source] legend").all_inner_texts() == ["Source 1", "Source 2"]
    assert page.evaluate("() => document.activeElement.id") == "rr-p-source-2-url"
    assert page.locator("label[for='rr-p-source-2-url']").count() == 1
    fill(page, **{"source-2-url": "https://deux.example.org/"})
    page.get_by_role("button", name="Retirer la source 1").click()
    assert page.locator("[data-rr-source] legend").all_inner_texts() == ["Source 1"]
    assert page.locator("#rr-p-source-1-url").input_value() == "https://deux.example.org/"
    assert page.get_by_role("button", name="Retirer la source 1").is_hidden()
    # An empty source is left out; the others keep their numbers in what the form says.
    add.click()
    add.click()
    fill(page, **{"source-3-url": "presse.example.org"})
    prepare(page)
    assert page.locator("#rr-p-source-3-url").get_attribute("aria-invalid") == "true"
    assert page.locator("#rr-p-source-2-url").get_attribute("aria-invalid") is None
    assert "Source 3 : adresse de la page (URL)" in page.locator("[data-rr-errors]").inner_text()
    for _ in range(5):
        add.click()
    assert page.locator("[data-rr-source]").count() == 8 and add.is_hidden()


def test_without_javascript_the_page_points_to_the_issue_form(browser: Any, base_url: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PATH)
        assert page.locator("form[data-rr-proposal]").is_hidden()
        link = page.get_by_role("link", name="formulaire « Signaler une certification » sur GitHub")
        assert link.get_attribute("href") == f"{REPO}/issues/new?template=signaler-une-certification.yml"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE], ids=["1366", "390"])
def test_the_form_fits_the_screen_filled_in_and_with_errors(browser: Any, base_url: str, tmp_path: Path,
                                                            viewport: dict[str, int]) -> None:
    context = new_context(browser, viewport=viewport)
    try:
        page = context.new_page()
        page.goto(base_url + PATH)
        fill(page, siren="12", date="2025-13")
        prepare(page)
        page.screenshot(path=str(tmp_path / "erreurs.png"), full_page=True)
        complete(page, "Société Nouvelle d'Énergie", "443 061 841")
        prepare(page)
        page.screenshot(path=str(tmp_path / "proposition.png"), full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
        assert axe_violations(page) == []
    finally:
        context.close()
    assert (tmp_path / "erreurs.png").stat().st_size > 10_000
    assert (tmp_path / "proposition.png").stat().st_size > 10_000


def test_the_record_can_be_copied(browser: Any, base_url: str) -> None:
    context = new_context(browser)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin_of(base_url).rstrip("/"))
        page = context.new_page()
        page.goto(base_url + PATH)
        complete(page, "Société Nouvelle d'Énergie")
        prepare(page)
        page.get_by_role("button", name="Copier la fiche").click()
        page.get_by_text("Fiche copiée.").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == page.locator("[data-rr-yaml]").inner_text()
    finally:
        context.close()
