"""Figures that follow the day (render/figures.py, render/days.py, render/lines.py, render/verdict.py).

Every count and list, on every day something changes and the days around, is compared with the same
figure recomputed the obvious way (tests/figures_registry.py), both as Python gives it to the pages and
as the browser reads it from the lookup files.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.french import number, plural, plural_word
from generator.registry import Registry, build_registry
from generator.render import render_site
from generator.render.base import Renderer
from generator.render.days import BUCKET_ITEMS, BUCKET_STEPS, DayList, Listed
from generator.render.figures import HOLDERS_COUNT, LAPSING_COUNT, LATEST_COUNT, Figures, Series
from generator.render.lines import Lines
from generator.render.verdict import verdict
from generator.render.wording import encode_timeline
from generator.site import SiteInfo
from generator.status import current_flags
from tests.e2e.registry import STANDARDS, TODAY
from tests.figures_registry import (
    AFTER_SUSPENSION,
    BEFORE_ALL,
    FAR,
    LAPSING,
    LAPSING_DAY,
    expected,
    interesting_days,
    published,
    write_figures_registry,
)

SITE = SiteInfo(site_url="https://registre.example.org/sous-chemin/")
LIMITS = {"dernieres": LATEST_COUNT, "echeances": LAPSING_COUNT, "detenteurs": HOLDERS_COUNT, "autres": HOLDERS_COUNT,
          "certificats": HOLDERS_COUNT}


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    built = build_registry(str(write_figures_registry(tmp_path_factory.mktemp("figures") / "registry")), TODAY)
    assert built.errors == []
    return built


@pytest.fixture(scope="module")
def renderer(registry: Registry) -> Renderer:
    return Renderer(registry, SITE)


@pytest.fixture(scope="module")
def figures(renderer: Renderer) -> Figures:
    return renderer.figures


@pytest.fixture(scope="module")
def files(figures: Figures) -> dict[str, str]:
    return figures.files()


def all_series(figures: Figures) -> dict[str, Series]:
    return {series.name: series for series in figures.all_series()}


def keys(shown: list) -> list[tuple[str, str, bool]]:
    return [(s.company_id, s.status.timeline, s.former) for s in shown]


@pytest.mark.parametrize("cut", ["as published", "in tiny files"])
def test_every_figure_agrees_with_the_slow_count_on_every_day(registry: Registry, figures: Figures,
                                                              files: dict[str, str], cut: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    if cut == "in tiny files":  # many periods per series: every cut between two files is crossed
        monkeypatch.setattr("generator.render.days.BUCKET_ITEMS", 3)
        monkeypatch.setattr("generator.render.days.BUCKET_STEPS", 4)
        files = figures.files()
        assert sum(1 for path in files if path.startswith("api/v1/chiffres/accueil/")) > 20
    timelines = {(v.company_id, v.id): encode_timeline(v.timeline) for v in registry.all_certificates()}
    days = interesting_days(registry)
    assert len(days) > 60
    for day in days:
        want = expected(registry, day, LIMITS)
        for name, series in all_series(figures).items():
            counts, lists = published(files, name, day)
            for count_name in [*series.counts, *series.lists]:
                key = f"{name}/{count_name}"
                if key not in want.counts and key not in want.totals:
                    key = f"{name.split('/')[0]}/{count_name}"  # the index pages: one count per record
                wanted = want.counts.get(key, want.totals.get(key))
                assert series.count(count_name, day) == wanted, (day, key)
                assert counts[count_name] == wanted, (day, key, "lookup file")
            for list_name in series.lists:
                key = f"{name}/{list_name}"
                wanted_items = [(c, timelines[(c, i)], former) for c, i, former in want.lists[key]]
                assert keys(series.on(list_name, day)) == wanted_items, (day, key)
                assert [(i["company"], i["tl"], i["former"]) for i in lists[list_name]] == wanted_items, \
                    (day, key, "lookup file")


def test_the_days_asked_for_in_the_browser_hold_what_they_should(registry: Registry, figures: Figures) -> None:
    # Before any certificate: nothing counts, nothing is listed.
    assert all(figures.home.count(name, BEFORE_ALL) == 0 for name in figures.home.counts)
    assert figures.home.on("dernieres", BEFORE_ALL) == []
    # While 22 certificates lapse together: the home page shows 20 of them and says how many more.
    assert figures.home.count("echeances", LAPSING_DAY) == LAPSING
    assert len(figures.home.on("echeances", LAPSING_DAY)) == LAPSING_COUNT
    # A renewal replaces the certificate it renews from its first day, though the old one still runs.
    gamma = {v.certificate.number: v for v in registry.certificates["renouvellement-gamma"]}
    assert gamma["GAMMA-1"].on(date(2021, 12, 15)).status == "expiring"  # type: ignore[union-attr]
    holders = figures.standards["iso-test"]
    before, after = date(2021, 11, 30), date(2021, 12, 1)
    assert [s.number for s in holders.on("detenteurs", before) if s.company_id == "renouvellement-gamma"] == ["GAMMA-1"]
    assert [s.number for s in holders.on("detenteurs", after) if s.company_id == "renouvellement-gamma"] == ["GAMMA-2"]
    assert [(s.number, s.former) for s in holders.on("autres", after)
            if s.company_id == "renouvellement-gamma"] == [("GAMMA-1", True)]
    assert figures.home.count("remplaces", before) == 0 and figures.home.count("remplaces", after) == 1
    # Inside the lifted suspension the certificate does not hold; after it, it holds again.
    label = figures.standards["label-test"]
    levee = [s.company_id for s in label.on("detenteurs", FAR)]
    assert "suspension-levee" not in levee
    assert "suspension-levee" in [s.company_id for s in label.on("autres", FAR)]
    assert "suspension-levee" in [s.company_id for s in label.on("detenteurs", AFTER_SUSPENSION)]


def test_a_holder_counts_once_per_standard(make_registry) -> None:
    company = """\
name: Deux Sites
checked: '2026-11-01'
sources: [https://example.org/deux]
certifications:
  - standard: iso-test
    issued: '2025-01-10'
    scope: Site de Lille
    sources: [https://example.org/deux/lille]
  - standard: iso-test
    issued: '2025-02-10'
    scope: Site de Lyon
    sources: [https://example.org/deux/lyon]
"""
    registry = build_registry(str(make_registry({"companies/deux-sites.yml": company})), TODAY)
    assert registry.errors == []
    figures = Renderer(registry, SITE).figures
    day = date(2025, 6, 1)
    assert len(figures.standards["iso-test"].on("detenteurs", day)) == 2 + 1  # both sites, and Acme's
    assert figures.standards_index.count("iso-test", day) == 2  # Deux Sites once, Acme once
    assert figures.standards_index.count("iso-test", date(2025, 1, 9)) == 1  # a day before Lille: Acme only


def test_the_lookup_files_stay_small_and_the_pages_carry_no_timeline_of_others(figures: Figures,
                                                                               files: dict[str, str]) -> None:
    for path, text in files.items():
        data = json.loads(text)
        if path.endswith("index.json"):
            assert set(data) == {"starts"} and data["starts"][0] is None
            continue
        items = sum(len(spec["items"]) for spec in data["lists"].values())
        steps = sum(len(count["steps"]) for count in data["counts"].values())
        assert items <= BUCKET_ITEMS + 2 * HOLDERS_COUNT and steps <= BUCKET_STEPS, path


def test_a_standard_no_one_holds_still_has_its_lookup_file(make_registry) -> None:
    registry = build_registry(str(make_registry({"standards/prix-test.yml": STANDARDS["standards/prix-test.yml"]})),
                              TODAY)
    assert registry.errors == []
    files = Renderer(registry, SITE).figures.files()
    assert json.loads(files["api/v1/chiffres/referentiels/prix-test/index.json"]) == {"starts": [None]}
    counts, lists = published(files, "referentiels/prix-test", date(2030, 1, 1))
    assert counts == {"detenteurs": 0, "autres": 0} and lists == {"detenteurs": [], "autres": []}


def test_buckets_cut_a_long_history_into_small_files() -> None:
    start = date(2000, 1, 1)
    listed = [Listed(i, ((start + timedelta(days=i), start + timedelta(days=i + 30)),)) for i in range(3000)]
    day_list = DayList(listed, 10)
    series = Series("essai", {}, {"liste": day_list}, lambda item: item)  # type: ignore[arg-type, return-value]
    from generator.render.days import buckets

    periods = buckets({"liste": day_list})
    assert len(periods) > 10
    for period in periods:
        assert len(period.items["liste"]) <= BUCKET_ITEMS + 10
        assert len(period.counts["liste"][1]) <= BUCKET_STEPS
    for day in (start, start + timedelta(days=1234), start + timedelta(days=3029), start + timedelta(days=3030)):
        want = [i for i in range(3000) if i <= (day - start).days < i + 30]
        assert day_list.on(day) == want[:10] and day_list.count(day) == len(want)
    assert series.count("liste", start - timedelta(days=1)) == 0


def test_lines_follow_current_flags_on_every_day(registry: Registry) -> None:
    lines = Lines(registry)
    for day in interesting_days(registry):
        for company_id, company in registry.companies.items():
            flags = current_flags(company.certifications, registry.standards, on=day)
            for view in registry.certificates[company_id]:
                if view.on(day) is not None:
                    assert lines.current_on(view, day) == flags[view.index], (company_id, view.index, day)


def test_a_line_timeline_is_each_certificate_while_current(registry: Registry) -> None:
    lines = Lines(registry)
    gamma = sorted(registry.certificates["renouvellement-gamma"], key=lambda v: v.index)
    line = lines.timeline(gamma[1])
    assert line == lines.timeline(gamma[0])
    assert line[0].start == date(2019, 1, 15)
    for day in (date(2019, 1, 15), date(2021, 11, 30), date(2021, 12, 1), date(2024, 11, 30), date(2024, 12, 1)):
        owner = gamma[0] if day < date(2021, 12, 1) else gamma[1]
        held = next(s for s in line if s.contains(day))
        assert (held.status, held.basis) == (owner.on(day).status, owner.on(day).basis)  # type: ignore[union-attr]


def test_the_verdict_says_what_holds_and_what_is_not_shown(registry: Registry) -> None:
    lines = Lines(registry)
    names = {sid: s.name for sid, s in registry.standards.items()}

    def words(company_id: str, day: date) -> str:
        found = verdict(registry.certificates[company_id], lines, names, TODAY)
        index = sum(1 for d in found.steps if d <= day)
        before, after = found.words[index]
        return f"{before}<jour>{after}"

    assert words("suspension-levee", date(2025, 1, 9)) == (
        "Aucune certification connue au <jour> : les certificats de cette fiche sont attribués plus tard.")
    assert words("suspension-levee", FAR) == "Aucune certification en cours de validité connue au <jour>."
    assert words("suspension-levee", AFTER_SUSPENSION) == "En cours de validité au <jour> : Label Accueil Exemplaire."
    assert words("energie-publique", date(2024, 6, 1)) == (
        "En cours de validité au <jour> : Norme de service client (Tous les sites). 1 des 2 certificats de cette "
        "fiche, attribué plus tard, n'est pas montré.")
    assert words("banque-beta", TODAY) == ("Aucune certification en cours de validité connue au <jour>. "
                                           "Statut inconnu : Prix du Meilleur Accueil (Édition 2015).")
    html = verdict(registry.certificates["suspension-levee"], lines, names, TODAY).html
    assert 'data-steps="20250110 20250301 20250415 ' in html
    assert "<span data-rr-verdict-day>25 novembre 2026</span>" in html


def test_pages_show_the_build_day_and_say_what_is_counted(registry: Registry) -> None:
    site = render_site(registry, SITE)
    home = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", site["index.md"].html or ""))
    want = expected(registry, TODAY, LIMITS)
    assert f"{want.counts['accueil/en-vigueur']} certificats en vigueur" in home
    assert f"Sur {want.counts['accueil/connus']} certificats connus à cette date" in home
    assert "Un certificat est compté « en vigueur » quand il est valide ce jour-là" in home
    assert "Le registre au 25 novembre 2026" in home
    standard = site["referentiels/iso-test.md"].html or ""
    assert 'data-rr-figures="referentiels/iso-test" data-computed-on="2026-11-25"' in standard
    assert "une entreprise compte une fois, quel que soit le nombre de ses certificats" in standard
    # The companies table: a line's badge reads the line's timeline; a certificate not attributed yet is hidden.
    table = site["entreprises/index.md"].html or ""
    assert table.count("<li data-rr-item data-standard=") == sum(
        1 for v in registry.all_certificates() if v.current)
    gamma = re.search(r'data-standard="iso-test" data-certifier="bv">[^<]*<span[^>]*data-tl="([^"]+)"',
                      table[table.index("Renouvellement Gamma"):])
    # GAMMA-1 from 15 January 2019, lapsing soon, then GAMMA-2 from 1 December 2021.
    assert gamma is not None and gamma.group(1) == "20190115vT 20211016xT 20211201vT 20240901xT 20241201eT"
    assert "JavaScript" not in table


def test_french_numbers_and_plurals() -> None:
    assert [plural(n, "entreprise") for n in (0, 1, 2)] == ["0 entreprise", "1 entreprise", "2 entreprises"]
    assert plural(10_000, "certificat") == "10\u202f000 certificats"
    assert number(1234567) == "1\u202f234\u202f567" and number(999) == "999"
    assert plural_word(1, "autre certificat", "autres certificats") == "autre certificat"
    assert plural_word(3, "autre certificat", "autres certificats") == "autres certificats"


def test_the_lookup_files_are_in_the_site_and_deterministic(registry: Registry, tmp_path: Path) -> None:
    first = render_site(registry, SITE)
    again = render_site(build_registry(registry.root, TODAY), SITE)
    paths = [p for p in first if p.startswith("api/v1/chiffres/")]
    assert "api/v1/chiffres/accueil/index.json" in paths and "api/v1/chiffres/referentiels/index.json" in paths
    assert all(first[p].content == again[p].content for p in paths)
