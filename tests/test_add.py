"""`add`: a first certificate (on a record `new` just made), another one, an older one; only an exact duplicate is
refused; nothing is written unless the registry stays valid. Then what a maintainer does on the real registry."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.registry import build_registry
from tests.conftest import report_time_warning
from tests.sitebuild import PROJECT, REAL_TODAY, TIME_WARNINGS, build_site
from tests.test_edit import EDF, FILES, MAIF, TODAY, assert_no_leftovers, read, run
from tests.test_site_integrity import broken_links

PRIZE = """\
name: Élu Service Client de l'Année
kind: prix
validity_years: 1
certifiers:
  - viseo-conseil
sources:
  - title: Élu Service Client de l'Année, le palmarès
    url: https://www.escda.fr/palmares
    publisher: Viseo Customer Insights
"""

VISEO = """\
name: Viseo Conseil
sources:
  - title: Viseo Conseil
    url: https://www.viseo.fr/
    publisher: Viseo
"""

CARGLASS = """\
name: Carglass
checked: '2026-02-01'
sources:
  - title: Les élus service client de l'année 2014
    url: https://www.escda.fr/palmares-2014
    publisher: Viseo Customer Insights
certifications:
  - standard: elu-service-client-de-l-annee
    id: elu-service-client-de-l-annee-2013-10-17
    certifier: viseo-conseil
    issued: '2013-10-17'
    category: Réparateur automobile
    sources:
      - https://www.escda.fr/palmares-2014
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    files = {**FILES, "standards/elu-service-client-de-l-annee.yml": PRIZE, "certifiers/viseo-conseil.yml": VISEO,
             "companies/carglass.yml": CARGLASS}
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def inserted_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if a line of `before` was changed or removed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


def test_the_fixture_registry_is_valid(registry: Path) -> None:
    assert build_registry(str(registry), TODAY).errors == []


def test_add_writes_every_option_in_canonical_order_and_keeps_every_other_line(registry: Path) -> None:
    result = run(registry, "add", "maif", "--standard", "nf-345", "--issued", "2026-05-04",
                 "--source", "https://www.afnor.org/certificat/maif-toulouse", "--certifier", "afnor-certification",
                 "--number", "0042", "--expires", "2029-05-03", "--scope", "Centre de Toulouse",
                 "--category", "Assurance")
    assert result.exit_code == 0, result.output
    path = registry / "companies/maif.yml"
    assert result.output == f"{path} : certificat nf-345 du 2026-05-04 ajouté\n"
    assert read(registry, "companies/maif.yml") == MAIF.replace("checked: '2026-01-15'", "checked: '2026-11-25'").replace(
        "# Fiche relue en janvier 2026.\n",
        "  - standard: nf-345\n"
        "    id: nf-345-2026-05-04\n"
        "    certifier: afnor-certification\n"
        "    issued: '2026-05-04'\n"
        "    expires: '2029-05-03'\n"
        "    number: '0042'\n"
        "    scope: Centre de Toulouse\n"
        "    category: Assurance\n"
        "    sources:\n"
        "      - https://www.afnor.org/certificat/maif-toulouse\n"
        "# Fiche relue en janvier 2026.\n",
    )
    views = build_registry(str(registry), TODAY).certificates["maif"]
    assert [(v.certificate.id, v.current) for v in views][-1] == ("nf-345-2026-05-04", True)
    assert_no_leftovers(registry)


def test_add_with_reported_writes_reported_not_issued(registry: Path) -> None:
    result = run(registry, "add", "edf", "--standard", "nf-345", "--reported", "2025-09", "--scope", "Site de Nantes",
                 "--source", "https://www.edf.fr/nantes")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("certificat nf-345 du 2025-09 (date de signalement) ajouté\n")
    added = inserted_lines(EDF.replace("'2026-10-01'", "'2026-11-25'"), read(registry, "companies/edf.yml"))
    assert added == ["  - standard: nf-345\n", "    id: nf-345-2025-09\n", "    reported: '2025-09'\n",
                     "    scope: Site de Nantes\n", "    sources:\n", "      - https://www.edf.fr/nantes\n"]


def test_an_earlier_edition_of_a_prize_is_added_as_history(registry: Path) -> None:
    result = run(registry, "add", "carglass", "--standard", "elu-service-client-de-l-annee", "--issued", "2012-10-11",
                 "--certifier", "viseo-conseil", "--category", "Réparateur automobile",
                 "--source", "https://www.escda.fr/palmares-2013")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{registry / 'companies/carglass.yml'} : certificat elu-service-client-de-l-annee du 2012-10-11 ajouté ; "
        "un certificat plus récent du même référentiel (même périmètre, même catégorie) le remplace : il est "
        "affiché en historique\n")
    views = build_registry(str(registry), TODAY).certificates["carglass"]
    assert [(str(v.certificate.issued), v.certificate.category, v.current) for v in views] == [
        ("2013-10-17", "Réparateur automobile", True),
        ("2012-10-11", "Réparateur automobile", False),
    ]
    assert views[1].certificate.id == "elu-service-client-de-l-annee-2012-10-11"


@pytest.mark.parametrize(
    "changed",
    [
        ["--issued", "2013-10-18"],  # another day
        ["--issued", "2013-10-17", "--scope", "Carglass Assistance"],  # another scope
        ["--issued", "2013-10-17", "--category", "Assistance automobile"],  # another category
    ],
    ids=["date", "scope", "category"],
)
def test_only_an_exact_duplicate_is_refused(registry: Path, changed: list[str]) -> None:
    common = ["add", "carglass", "--standard", "elu-service-client-de-l-annee", "--certifier", "viseo-conseil",
              "--source", "https://www.escda.fr/palmares-2014"]
    before = read(registry, "companies/carglass.yml")
    duplicate = run(registry, *common, "--issued", "2013-10-17", "--category", "Réparateur automobile")
    assert duplicate.exit_code == 1
    path = registry / "companies/carglass.yml"
    assert duplicate.output == (
        "Erreur : la fiche a déjà ce certificat : elu-service-client-de-l-annee du 2013-10-17, catégorie "
        f"« Réparateur automobile » ; {path} n'a pas été modifié\n")
    assert read(registry, "companies/carglass.yml") == before
    other = run(registry, *common, *changed, *([] if "--category" in changed else
                                             ["--category", "Réparateur automobile"]))
    assert other.exit_code == 0, other.output
    ids = [v.certificate.id for v in build_registry(str(registry), TODAY).certificates["carglass"]]
    assert len(ids) == len(set(ids)) == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--issued", "2026-03-01", "--expires", "2026-02-01"],
         "error: « expires » (2026-02-01) tombe avant ou le jour de « issued » (2026-03-01)"),
        (["--issued", "2026-12-01"], "error: « issued » (2026-12-01) est postérieur à aujourd'hui (2026-11-25)"),
        (["--issued", "2026-03-01", "--certifier", "bureau-veritas-certification-france"],
         "error: « bureau-veritas-certification-france » n'est pas un certificateur connu de « nf-345 »"),
    ],
    ids=["expires-before-issued", "future", "certifier-not-listed"],
)
def test_add_to_an_invalid_registry_writes_nothing(registry: Path, args: list[str], expected: str) -> None:
    before = read(registry, "companies/maif.yml")
    result = run(registry, "add", "maif", "--standard", "nf-345", "--source", "https://www.afnor.org/a", *args)
    assert result.exit_code == 1
    assert expected in result.output
    assert result.output.endswith(f"le registre ne serait plus valide (1 erreur ci-dessus ; lignes du fichier tel "
                                  f"qu'il serait) : {registry / 'companies/maif.yml'} n'a pas été modifié\n")
    assert read(registry, "companies/maif.yml") == before
    assert_no_leftovers(registry)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "donnez --issued (date d'attribution) ou, à défaut, --reported (date de la source qui le signale), "
             "l'un des deux"),
        (["--issued", "2026-01-01", "--reported", "2026-01-02"],
         "donnez --issued (date d'attribution) ou, à défaut, --reported (date de la source qui le signale), "
         "l'un des deux"),
    ],
    ids=["neither", "both"],
)
def test_add_needs_exactly_one_of_issued_and_reported(registry: Path, args: list[str], message: str) -> None:
    result = run(registry, "add", "maif", "--standard", "nf-345", "--source", "https://www.afnor.org/a", *args)
    assert result.exit_code == 2
    assert result.output.endswith(f"Erreur : {message}\n")
    assert read(registry, "companies/maif.yml") == MAIF


# --- the first certificate of a record `new` made -------------------------------------------------

def new_record(registry: Path, *, checked: bool = True, sources: bool = True) -> Path:
    """`new company "Crédit Agricole"`, then filled as the guide says, its certifications left commented."""
    result = run(registry, "new", "company", "Crédit Agricole")
    assert result.exit_code == 0, result.output
    path = registry / "companies/credit-agricole.yml"
    text = path.read_text(encoding="utf-8").replace("# sector: …", "sector: banque")
    if checked:
        text = text.replace("# checked: 'AAAA-MM-JJ'", "checked: '2026-11-20'")
    if sources:
        text = text.replace("# sources:\n#   - https://…  # une URL, ou un tableau :\n",
                            "sources:\n  - https://www.credit-agricole.fr/\n")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("checked", [True, False], ids=["checked-filled", "checked-left-commented"])
def test_add_writes_the_first_certificate_of_a_new_record(registry: Path, checked: bool) -> None:
    path = new_record(registry, checked=checked)
    before = path.read_text(encoding="utf-8")
    assert [d.code for d in build_registry(str(registry), TODAY).errors] == \
        ["missing-field"] * (1 if checked else 2)  # certifications (and checked): the record is unfinished
    result = run(registry, "add", "credit-agricole", "--standard", "nf-345", "--issued", "2025-10-01",
                 "--certifier", "afnor-certification", "--source", "https://www.afnor.org/certificat/credit-agricole")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    added = inserted_lines(before.replace("checked: '2026-11-20'", "checked: '2026-11-25'"), after)
    assert added == [*([] if checked else ["checked: '2026-11-25'\n"]),
                     "certifications:\n", "  - standard: nf-345\n", "    id: nf-345-2025-10-01\n",
                     "    certifier: afnor-certification\n", "    issued: '2025-10-01'\n", "    sources:\n",
                     "      - https://www.afnor.org/certificat/credit-agricole\n"]
    # Each value goes under the commented lines of the template that describe it: the record reads in order.
    assert after.endswith("#     notes: …\ncertifications:\n  - standard: nf-345\n"
                          "    id: nf-345-2025-10-01\n    certifier: afnor-certification\n    issued: '2025-10-01'\n"
                          "    sources:\n      - https://www.afnor.org/certificat/credit-agricole\n")
    assert "# checked: 'AAAA-MM-JJ'\nchecked: '2026-11-25'\n" in after or checked
    assert build_registry(str(registry), TODAY).errors == []
    fmt = run(registry, "fmt", "--check")
    assert (fmt.exit_code, fmt.output) == (0, "")


def test_add_on_an_unfinished_record_says_what_else_is_missing_and_writes_nothing(registry: Path) -> None:
    path = new_record(registry, sources=False)
    before = path.read_text(encoding="utf-8")
    result = run(registry, "add", "credit-agricole", "--standard", "nf-345", "--issued", "2025-10-01",
                 "--source", "https://www.afnor.org/certificat/credit-agricole")
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:1:1: error: champ obligatoire « sources » manquant\n"
        f"Erreur : le registre ne serait pas valide (1 erreur ci-dessus ; lignes du fichier tel qu'il serait) : "
        f"{path} n'a pas été modifié\n")
    assert path.read_text(encoding="utf-8") == before


def test_add_fills_an_empty_certifications_list(registry: Path) -> None:
    path = registry / "companies/vide.yml"
    path.write_text("name: Vide\nchecked: '2026-11-01'\nsources:\n  - https://www.exemple.fr/vide\ncertifications: []\n",
                    encoding="utf-8")
    result = run(registry, "add", "vide", "--standard", "nf-345", "--reported", "2025", "--source",
                 "https://www.exemple.fr/nf")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").endswith(
        "certifications:\n  - standard: nf-345\n    id: nf-345-2025\n    reported: '2025'\n    sources:\n"
        "      - https://www.exemple.fr/nf\n")
    assert build_registry(str(registry), TODAY).errors == []


def test_add_refuses_an_invalid_record_that_has_certificates(registry: Path) -> None:
    broken = MAIF.replace("sector: assurance", "sectuer: assurance")
    (registry / "companies/maif.yml").write_text(broken, encoding="utf-8")
    result = run(registry, "add", "maif", "--standard", "nf-345", "--issued", "2026-03-10",
                 "--source", "https://www.afnor.org/a")
    assert result.exit_code == 1
    path = registry / "companies/maif.yml"
    assert result.output == (
        f"{path}:4:1: error: champ inconnu « sectuer » : vouliez-vous dire « sector » ?\n"
        f"Erreur : {path} n'est pas valide : corrigez-la avant de la modifier (aucun fichier modifié)\n")
    assert read(registry, "companies/maif.yml") == broken


# --- renew points at add ----------------------------------------------------------------------------

def test_renew_without_a_current_certificate_of_that_standard_says_to_use_add(registry: Path) -> None:
    result = run(registry, "renew", "carglass", "--standard", "nf-345", "--issued", "2026-01-05",
                 "--source", "https://www.afnor.org/a")
    assert result.exit_code == 1
    assert result.output == (
        "Erreur : « carglass » n'a aucun certificat « nf-345 » en cours à renouveler (ses certificats en cours : "
        "elu-service-client-de-l-annee) : un certificat qui n'en renouvelle aucun s'ajoute avec « python -m "
        f"generator add carglass --standard nf-345 … » ; {registry / 'companies/carglass.yml'} n'a pas été modifié\n")
    assert read(registry, "companies/carglass.yml") == CARGLASS


def test_renew_on_a_record_without_certificates_says_to_use_add(registry: Path) -> None:
    path = new_record(registry)
    result = run(registry, "renew", "credit-agricole", "--standard", "nf-345", "--issued", "2026-01-05",
                 "--source", "https://www.afnor.org/a")
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:1:1: error: champ obligatoire « certifications » manquant\n"
        "Erreur : « credit-agricole » n'a encore aucun certificat : le premier s'ajoute avec « python -m generator "
        "add credit-agricole --standard … » (aucun fichier modifié)\n")


def test_renew_continues_the_category_of_a_prize(registry: Path) -> None:
    result = run(registry, "renew", "carglass", "--standard", "elu-service-client-de-l-annee",
                 "--issued", "2014-10-16", "--source", "https://www.escda.fr/palmares-2015")
    assert result.exit_code == 0, result.output
    assert inserted_lines(CARGLASS.replace("'2026-02-01'", "'2026-11-25'"), read(registry, "companies/carglass.yml")) \
        == ["  - standard: elu-service-client-de-l-annee\n", "    id: elu-service-client-de-l-annee-2014-10-16\n",
            "    certifier: viseo-conseil\n", "    issued: '2014-10-16'\n", "    category: Réparateur automobile\n",
            "    sources:\n", "      - https://www.escda.fr/palmares-2015\n"]
    views = build_registry(str(registry), TODAY).certificates["carglass"]
    assert [v.current for v in views] == [False, True]  # the renewal continues the line: the old one is history


# --- #15.1: what a maintainer does on the real registry, today ----------------------------------------

def test_a_pull_request_made_today_passes_the_real_registry_checks(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """On a copy of the real registry, for the real day: a renewal, a certificate added, a new company with its
    first certificate; then validate (no error), fmt --check and the site build, as CI runs them."""
    project = tmp_path / "projet"
    shutil.copytree(PROJECT / "registry", project / "registry")
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    monkeypatch.chdir(project)
    today = REAL_TODAY.isoformat()

    def command(*args: str) -> str:
        result = CliRunner().invoke(main, [*args, "--today", today], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    command("renew", "maif", "--standard", "relation-client-france", "--issued", today,
            "--source", "https://www.maif.fr/actualites/relation-client-france")
    command("add", "edf", "--standard", "nf-service-relation-client", "--issued", today,
            "--certifier", "afnor-certification", "--scope", "Centre de relation client de Lyon",
            "--source", "https://www.afnor.org/certificat/edf-lyon")
    command("new", "company", "Exemple Assurances")
    record = project / "registry/companies/exemple-assurances.yml"
    text = record.read_text(encoding="utf-8").replace(
        "# sources:\n#   - https://…  # une URL, ou un tableau :\n",
        "sources:\n  - title: Exemple Assurances certifiée\n    url: https://www.exemple.fr/certifiee\n"
        "    publisher: Exemple Presse\n")
    record.write_text(text, encoding="utf-8")
    command("add", "exemple-assurances", "--standard", "relation-client-france", "--issued", today,
            "--source", "https://www.exemple.fr/certifiee")

    for company_id in ("maif", "edf", "exemple-assurances"):
        assert f"checked: '{today}'" in (project / f"registry/companies/{company_id}.yml").read_text(encoding="utf-8")
    validate = CliRunner().invoke(main, ["validate", "--today", today, "--format", "json"])
    diagnostics = json.loads(validate.stdout)
    for diagnostic in diagnostics:
        if diagnostic["severity"] == "warning" and diagnostic["code"] in TIME_WARNINGS:
            report_time_warning(diagnostic)
    assert [d for d in diagnostics if not (d["severity"] == "warning" and d["code"] in TIME_WARNINGS)] == []
    fmt = CliRunner().invoke(main, ["fmt", "--check"])
    assert (fmt.exit_code, fmt.output) == (0, "")
    site = tmp_path / "site"
    build = build_site(project / "registry", site, today)
    assert build.exit_code == 0, build.output
    page = (site / "entreprises/exemple-assurances/index.html").read_text(encoding="utf-8")
    assert "Exemple Assurances" in page and "Relation Client France" in page
    assert broken_links(site) == []  # as test_site_integrity[real] checks it
