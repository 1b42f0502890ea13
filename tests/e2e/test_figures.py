"""Figures that follow the visitor's day, in Chromium, with the browser's clock pinned to several days.

The site is built for 2026-11-25 from tests/figures_registry.py; every count and list the pages show on a
day is compared with the same figure recomputed the slow way (`expected`), and must be exactly it: the
right entries, in order, and no other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator.french import format_day, number, plural_word
from generator.registry import Registry, build_registry
from generator.render.figures import HOLDERS_COUNT, LAPSING_COUNT, LATEST_COUNT
from tests.e2e.harness import Watch, new_context, origin_of, serve
from tests.e2e.registry import TODAY
from tests.figures_registry import (
    AFTER_SUSPENSION,
    BEFORE_ALL,
    FAR,
    LAPSING,
    LAPSING_DAY,
    LATER,
    Expected,
    expected,
    write_figures_registry,
)
from tests.sitebuild import build_site

pytestmark = pytest.mark.browser

LIMITS = {"dernieres": LATEST_COUNT, "echeances": LAPSING_COUNT, "detenteurs": HOLDERS_COUNT, "autres": HOLDERS_COUNT,
          "certificats": HOLDERS_COUNT}
DAYS = [FAR, BEFORE_ALL, LAPSING_DAY, TODAY, LATER]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Registry]:
    root = tmp_path_factory.mktemp("figures-e2e")
    registry_dir = write_figures_registry(root / "registry")
    result = build_site(registry_dir, root / "site", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return root / "site", build_registry(str(registry_dir), TODAY)


@pytest.fixture(scope="module")
def site_url(built: tuple[Path, Registry]) -> Iterator[str]:
    with serve(built[0]) as url:
        yield url


@pytest.fixture(scope="module")
def registry(built: tuple[Path, Registry]) -> Registry:
    return built[1]


@pytest.fixture(scope="module")
def contexts(browser: Any) -> Iterator[dict[date, Any]]:
    """One browser context per day, its clock at noon in Paris that day."""
    opened: dict[date, Any] = {}

    class Days(dict):  # type: ignore[type-arg]
        def __missing__(self, day: date) -> Any:
            opened[day] = new_context(browser, clock=f"{day.isoformat()}T12:00:00+01:00")
            return opened[day]

    yield Days()
    for context in opened.values():
        context.close()


@pytest.fixture
def visit(contexts: dict[date, Any], site_url: str) -> Iterator[Any]:
    """visit(day, path) -> (page, watch): the page on that day, its figures settled."""
    pages: list[Any] = []

    def open_(day: date, path: str, settle: bool = True) -> tuple[Any, Watch]:
        page = contexts[day].new_page()
        pages.append(page)
        watch = Watch(origin=origin_of(site_url))
        watch.attach(page)
        page.goto(site_url + path)
        if settle:
            wait_for_day(page, day)
        return page, watch

    yield open_
    for page in pages:
        page.close()


def wait_for_day(page: Any, day: date) -> None:
    page.wait_for_function(
        """day => [...document.querySelectorAll('[data-rr-figures-day]')].every(e => e.textContent === day)
                 && !document.querySelector('[aria-busy=true]')""", arg=format_day(day))


def figure(page: Any, scope: str, name: str) -> str:
    return page.locator(f"{scope} [data-rr-figure='{name}']").first.inner_text().strip()


def counted(n: int, one: str, many: str) -> str:
    return f"{number(n)} {plural_word(n, one, many)}"


def items(page: Any, scope: str, name: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in page.locator(f"{scope} [data-rr-list='{name}'] > li").all_inner_texts()]


def companies_of(page: Any, scope: str, name: str) -> list[str]:
    links = page.locator(f"{scope} [data-rr-list='{name}'] > li > a:first-child")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in links.evaluate_all("links => links.map(a => a.href)")]


def fetched(watch: Watch) -> list[str]:
    return [url for url in watch.requests if "/api/v1/chiffres/" in url]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_home_page_counts_and_lists_that_day(visit: Any, registry: Registry, day: date) -> None:
    page, watch = visit(day, "")
    want: Expected = expected(registry, day, LIMITS)
    home = "[data-rr-figures=accueil]"
    assert figure(page, home, "en-vigueur") == counted(want.counts["accueil/en-vigueur"], "certificat en vigueur",
                                                      "certificats en vigueur")
    assert figure(page, home, "connus") == counted(want.counts["accueil/connus"], "certificat connu",
                                                  "certificats connus")
    for name in ("echus", "inconnus", "suspendus-retires", "remplaces"):
        assert page.locator(f"{home} [data-rr-figure='{name}'] strong").inner_text() == str(want.counts[f"accueil/{name}"])
    # The lists: exactly the expected certificates, in order; nothing else.
    assert companies_of(page, home, "dernieres") == [c for c, _, _ in want.lists["accueil/dernieres"]]
    assert companies_of(page, home, "echeances") == [c for c, _, _ in want.lists["accueil/echeances"]]
    rest = want.totals["accueil/echeances"] - len(want.lists["accueil/echeances"])
    more = page.locator("[data-rr-more=echeances]")
    assert more.is_visible() == (rest > 0)
    if rest:
        assert more.inner_text().startswith(f"Et {rest} autres certificats : voir")
    assert page.locator("[data-rr-empty=dernieres]").is_visible() == (not want.lists["accueil/dernieres"])
    assert page.locator("[data-rr-empty=echeances]").is_visible() == (not want.lists["accueil/echeances"])
    # The page says which day its figures are for; only another day than the build day fetches anything.
    assert page.locator("h2#le-registre").inner_text() == f"Le registre au {format_day(day)}"
    assert page.locator(".rr-computed").inner_text() == (
        f"Chiffres et statuts au {format_day(day)}. Ils suivent la date du jour de votre appareil. "
        "Site publié le 25 novembre 2026.")
    assert (fetched(watch) == []) == (day == TODAY)
    assert watch.problems() == {}


def test_before_the_first_certificate_nothing_counts(visit: Any) -> None:
    page, _ = visit(BEFORE_ALL, "")
    assert figure(page, "", "en-vigueur") == "0 certificat en vigueur"
    assert figure(page, "", "connus") == "0 certificat connu"
    assert page.locator("[data-rr-list=dernieres]").is_hidden()
    assert page.locator("[data-rr-empty=dernieres]").inner_text() == "Aucun certificat connu à cette date."
    assert page.locator("[data-rr-empty=echeances]").is_visible()


def test_twenty_two_lapsing_together_show_twenty_and_say_two_more(visit: Any) -> None:
    page, _ = visit(LAPSING_DAY, "")
    shown = items(page, "", "echeances")
    assert len(shown) == LAPSING_COUNT
    assert shown[0] == "Échéance 01 : Label Accueil Exemplaire, dernier jour de validité le 31 mai 2026 expire bientôt"
    assert shown[-1].startswith("Échéance 20 : Label Accueil Exemplaire, dernier jour de validité le 19 juin 2026")
    assert page.locator("[data-rr-more=echeances]").inner_text().startswith(
        f"Et {LAPSING - LAPSING_COUNT} autres certificats : voir")


@pytest.mark.parametrize("day", [FAR, BEFORE_ALL, TODAY, date(2021, 12, 1)], ids=str)
@pytest.mark.parametrize("standard", ["iso-test", "label-test"])
def test_a_standard_page_counts_its_holders_that_day(visit: Any, registry: Registry, day: date,
                                                     standard: str) -> None:
    page, _ = visit(day, f"referentiels/{standard}/")
    want = expected(registry, day, LIMITS)
    scope = f"[data-rr-figures='referentiels/{standard}']"
    holders = want.counts[f"referentiels/{standard}/detenteurs"]
    assert figure(page, scope, "detenteurs") == counted(holders, "entreprise détient", "entreprises détiennent")
    assert companies_of(page, scope, "detenteurs") == [c for c, _, _ in want.lists[f"referentiels/{standard}/detenteurs"]]
    others = want.lists[f"referentiels/{standard}/autres"]
    assert companies_of(page, scope, "autres") == [c for c, _, _ in others]
    formers = page.locator(f"{scope} [data-rr-list=autres] > li").evaluate_all(
        "lis => lis.map(li => li.textContent.includes('(ancien certificat)'))")
    assert formers == [former for _, _, former in others]
    assert page.locator("h2#detenteurs").inner_text() == f"Entreprises certifiées au {format_day(day)}"


def test_a_renewal_replaces_the_certificate_it_renews_from_its_first_day(visit: Any) -> None:
    page, _ = visit(date(2021, 12, 1), "referentiels/iso-test/")
    held = [t for t in items(page, "", "detenteurs") if t.startswith("Renouvellement Gamma")]
    others = [t for t in items(page, "", "autres") if t.startswith("Renouvellement Gamma")]
    assert held == ["Renouvellement Gamma valide"]  # GAMMA-2, begun that day
    assert others == ["Renouvellement Gamma (ancien certificat) expire bientôt"]  # GAMMA-1 still runs
    page, _ = visit(date(2021, 11, 30), "referentiels/iso-test/")
    assert [t for t in items(page, "", "detenteurs") if t.startswith("Renouvellement Gamma")] == [
        "Renouvellement Gamma expire bientôt"]
    assert not [t for t in items(page, "", "autres") if t.startswith("Renouvellement Gamma")]


@pytest.mark.parametrize("day", [FAR, BEFORE_ALL, LATER], ids=str)
def test_the_standards_and_the_comparison_count_holders_that_day(visit: Any, registry: Registry, day: date) -> None:
    want = expected(registry, day, LIMITS)
    for path in ("referentiels/", "comparatif/"):
        page, watch = visit(day, path)
        cells = page.locator("[data-rr-holders]").evaluate_all(
            "cells => cells.map(c => [c.getAttribute('data-rr-holders'), c.innerText.trim()])")
        assert len(cells) == len(registry.standards)
        assert {sid: text for sid, text in cells} == {
            sid: str(want.counts[f"referentiels/{sid}"]) for sid in registry.standards}
        assert format_day(day) in page.locator("caption").first.inner_text()
        assert watch.problems() == {}


@pytest.mark.parametrize("day", [FAR, BEFORE_ALL, TODAY], ids=str)
def test_certifiers_count_and_list_that_day(visit: Any, registry: Registry, day: date) -> None:
    want = expected(registry, day, LIMITS)
    page, _ = visit(day, "certificateurs/")
    for cid in registry.certifiers:
        assert figure(page, "", cid) == str(want.counts[f"certificateurs/{cid}"])
        assert figure(page, "", f"{cid}/en-vigueur") == str(want.counts[f"certificateurs/{cid}/en-vigueur"])
    page, _ = visit(day, "certificateurs/bv/")
    scope = "[data-rr-figures='certificateurs/bv']"
    assert companies_of(page, scope, "certificats") == [c for c, _, _ in want.lists["certificateurs/bv/certificats"]]
    assert figure(page, scope, "certificats") == counted(want.counts["certificateurs/bv"], "certificat connu",
                                                        "certificats connus")


def test_lists_built_in_the_browser_read_exactly_like_the_pages(visit: Any, registry: Registry) -> None:
    """The day after the build day holds the same lists: the browser's rebuild must read as Python wrote them."""
    day = TODAY + timedelta(days=1)
    assert expected(registry, day, LIMITS).lists == expected(registry, TODAY, LIMITS).lists
    for path, lists in (("", ["dernieres", "echeances"]), ("referentiels/iso-test/", ["detenteurs", "autres"]),
                        ("referentiels/label-test/", ["detenteurs", "autres"]), ("certificateurs/bv/", ["certificats"])):
        built_page, _ = visit(TODAY, path)
        moved_page, watch = visit(day, path)
        assert fetched(watch), path  # rebuilt from the lookup files
        for name in lists:
            assert items(moved_page, "", name) == items(built_page, "", name), (path, name)
            hrefs = "lis => lis.flatMap(li => [...li.querySelectorAll('a')].map(a => a.href))"
            assert moved_page.locator(f"[data-rr-list='{name}'] > li").evaluate_all(hrefs) == \
                built_page.locator(f"[data-rr-list='{name}'] > li").evaluate_all(hrefs)


def test_a_lookup_file_that_cannot_load_is_said_and_the_build_day_stays(contexts: dict[date, Any],
                                                                       site_url: str) -> None:
    page = contexts[FAR].new_page()
    page.route("**/api/v1/chiffres/**", lambda route: route.abort())
    page.goto(site_url)
    warning = page.locator("[data-rr-figures=accueil] [data-rr-figures-failed]")
    warning.wait_for(state="visible")
    assert warning.inner_text() == ("Les chiffres du 15 mars 2025 n'ont pas pu être chargés : ceux affichés sont "
                                    "ceux du 25 novembre 2026.")
    assert page.locator("h2#le-registre").inner_text() == "Le registre au 25 novembre 2026"
    page.close()


# --- /entreprises/ -------------------------------------------------------------------------------------------


def rows(page: Any) -> list[str]:
    return page.locator("table[data-rr-table] tbody tr:not([hidden]) th[scope=row]").all_inner_texts()


def test_an_empty_filter_says_so_in_words(visit: Any, registry: Registry) -> None:
    page, _ = visit(BEFORE_ALL, "entreprises/?statut=valid")
    page.locator("form[data-rr-filters][data-rr-ready]").wait_for(state="visible")
    assert rows(page) == []
    assert page.locator("[data-rr-table-empty]").inner_text() == (
        "Aucune entreprise ne correspond à ces filtres au 1ᵉʳ juin 2014.")
    assert page.locator("[data-rr-count]").inner_text() == f"0 entreprise sur {number(len(registry.companies))}."
    # Not a certificate shows before it existed: each row's list is empty that day.
    assert page.locator("li[data-rr-item]:not([hidden])").count() == 0
    page.select_option("#rr-f-statut", "")
    assert page.locator("[data-rr-table-empty]").is_hidden()


def test_the_companies_table_shows_each_line_as_it_stood_that_day(visit: Any) -> None:
    page, _ = visit(FAR, "entreprises/")
    gamma = page.locator("tbody tr", has_text="Renouvellement Gamma").locator("[data-rr-status]")
    assert gamma.inner_text() == "échéance dépassée"  # GAMMA-2, lapsed on 30 November 2024
    page.select_option("#rr-f-statut", "suspended")
    assert "Suspension Levée" in rows(page)
    page, _ = visit(date(2021, 11, 1), "entreprises/")
    gamma = page.locator("tbody tr", has_text="Renouvellement Gamma").locator("[data-rr-status]")
    assert gamma.inner_text() == "expire bientôt"  # GAMMA-1, the line's certificate that day
    page, _ = visit(AFTER_SUSPENSION, "entreprises/?statut=suspended")
    page.locator("form[data-rr-filters][data-rr-ready]").wait_for(state="visible")
    assert "Suspension Levée" not in rows(page)


# --- a company on a chosen day (#14.1) -----------------------------------------------------------------------


def verdict(page: Any) -> str:
    return page.locator("[data-rr-verdict]").inner_text()


def status_line(page: Any) -> Any:
    return page.locator("article.rr-cert p[data-rr-status]").first


def choose(page: Any, day: date) -> None:
    page.fill("#rr-day-input", day.isoformat())
    page.locator("form[data-rr-day-control] button[type=submit]").click()
    page.wait_for_function("d => document.querySelector('[data-rr-day-value]').textContent === d",
                           arg=format_day(day))


def test_a_company_page_on_a_chosen_day(visit: Any, site_url: str) -> None:
    page, watch = visit(TODAY, "entreprises/suspension-levee/", settle=False)
    assert verdict(page) == "En cours de validité au 25 novembre 2026 : Label Accueil Exemplaire."
    assert page.locator("[data-rr-day-shown]").inner_text() == "Statuts affichés au 25 novembre 2026, date du jour."
    assert page.locator("[data-rr-day-reset]").is_hidden()
    # Inside the lifted suspension.
    choose(page, FAR)
    assert status_line(page).inner_text() == (
        "suspendu depuis le 1ᵉʳ mars 2025, rétabli le 15 avril 2025 (statut au 15 mars 2025)")
    assert status_line(page).get_attribute("data-status") == "suspended"
    assert verdict(page) == "Aucune certification en cours de validité connue au 15 mars 2025."
    assert page.url == site_url + "entreprises/suspension-levee/?date=2025-03-15"
    assert page.locator("[data-rr-day-shown]").inner_text() == "Statuts affichés au 15 mars 2025, date choisie."
    assert page.locator("[data-rr-day-reset]").is_visible()
    # After it: in force again.
    choose(page, AFTER_SUSPENSION)
    assert status_line(page).get_attribute("data-status") == "valid"
    assert verdict(page) == "En cours de validité au 20 avril 2025 : Label Accueil Exemplaire."
    # The day before it was issued: its item is hidden, and the verdict says so.
    choose(page, date(2025, 1, 9))
    assert page.locator("article.rr-cert").is_hidden()
    assert verdict(page) == ("Aucune certification connue au 9 janvier 2025 : les certificats de cette fiche sont "
                             "attribués plus tard.")
    # In the future: lapsed, from the term.
    choose(page, LATER)
    assert status_line(page).inner_text().startswith("échéance dépassée depuis le 10 janvier 2027")
    # Back to today.
    page.locator("[data-rr-day-reset]").click()
    page.wait_for_url(site_url + "entreprises/suspension-levee/")
    assert verdict(page) == "En cours de validité au 25 novembre 2026 : Label Accueil Exemplaire."
    assert page.locator("[data-rr-day-shown]").inner_text() == "Statuts affichés au 25 novembre 2026, date du jour."
    assert watch.problems() == {}


def test_a_shared_address_opens_on_its_day(visit: Any) -> None:
    page, _ = visit(TODAY, "entreprises/energie-publique/?date=2024-06-01", settle=False)
    page.wait_for_function("() => document.querySelector('[data-rr-day-value]').textContent === '1ᵉʳ juin 2024'")
    assert verdict(page) == ("En cours de validité au 1ᵉʳ juin 2024 : Norme de service client (Tous les sites). "
                             "1 des 2 certificats de cette fiche, attribué plus tard, n'est pas montré.")
    label = page.locator("article.rr-cert", has_text="Label Accueil Exemplaire")
    assert label.is_hidden()  # issued 2025-06-01
    assert page.locator("#rr-day-input").input_value() == "2024-06-01"
    iso = page.locator("article.rr-cert", has_text="Norme de service client").locator("p[data-rr-status]")
    assert iso.inner_text().endswith("(statut au 1ᵉʳ juin 2024)")


def test_an_address_with_no_real_day_is_said_and_today_shows(visit: Any) -> None:
    page, _ = visit(FAR, "entreprises/suspension-levee/?date=2025-02-30", settle=False)
    warning = page.locator("[data-rr-day-invalid]")
    warning.wait_for(state="visible")
    assert warning.inner_text() == ("« 2025-02-30 » n'est pas une date (AAAA-MM-JJ) : les statuts affichés sont "
                                    "ceux du jour.")
    assert verdict(page) == "Aucune certification en cours de validité connue au 15 mars 2025."


def test_without_script_the_day_control_is_not_offered(browser: Any, site_url: str) -> None:
    context = new_context(browser, clock=None, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "entreprises/suspension-levee/")
    assert page.locator("form[data-rr-day-control]").is_hidden()
    assert verdict(page) == "En cours de validité au 25 novembre 2026 : Label Accueil Exemplaire."
    page.goto(site_url + "entreprises/renouvellement-gamma/")
    assert verdict(page) == "Aucune certification en cours de validité connue au 25 novembre 2026."
    page.goto(site_url)
    assert page.locator("h2#le-registre").inner_text() == "Le registre au 25 novembre 2026"
    assert page.locator(".rr-computed").inner_text() == (
        "Chiffres et statuts au 25 novembre 2026. Site publié le 25 novembre 2026.")
    context.close()
