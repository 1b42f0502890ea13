"""The editing commands on copies of realistic, commented records: what changes, and what does not."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator.model
from generator.cli import main
from generator.registry import build_registry
from tests.sitebuild import REAL_TODAY

TODAY = date(2026, 11, 25)

RCF = """\
# Certification créée en juin 2021 par l'AFRC et l'association Pro France.
name: Relation Client France
kind: certification
introduced: '2021-06'
validity_years: 4  # durée annoncée par l'AFRC
certifiers:
  - afnor-certification
  - bureau-veritas-certification-france
sources:
  - title: Relation Client France, une certification qui garantit un service client 100% made in France
    url: https://magazine.sfam.eu/nouvelle-certification-relation-client-made-in-france/
    publisher: Magazine SFAM
"""

NF345 = """\
name: NF Service Relation Client
aliases:
  - NF 345
kind: certification
validity_years: 3
certifiers:
  - afnor-certification
sources:
  - title: NF345 Règles de certification Relation Client, révision 7
    url: https://fdocuments.fr/document/telecharger-un-fichier-pdf-gratuit-nf345.html
    publisher: AFNOR Certification (copie sur fdocuments.fr)
    date: '2014-04-23'
"""

AFNOR = """\
name: AFNOR Certification
siren: '479076002'
website: https://www.afnor.org
sources:
  - title: Pledged commitments (certification)
    url: https://www.afnor.org/en/core-activities/certification/pledged-commitments
    publisher: AFNOR
"""

VERITAS = """\
name: Bureau Veritas Certification France
sources:
  - title: Certification de services
    url: https://www.bureauveritas.fr/certification
    publisher: Bureau Veritas
"""

MAIF = """\
# Maif : parmi les onze premières entreprises certifiées (décembre 2021).
name: Maif
siren: '775709702'  # annuaire des entreprises
sector: assurance
checked: '2026-01-15'
sources:
  - title: Relation Client France, un label pour relocaliser les centres d'appels
    url: https://refrance.fr/relation-client-france-label-relocaliser-centres-appels/
    publisher: Refrance
certifications:
  # Premier certificat, remis à Bercy.
  - standard: relation-client-france
    certifier: afnor-certification
    issued: '2021-12-07'
    number: 'RCF-2021-004'
    sources:
      - https://refrance.fr/relation-client-france-label-relocaliser-centres-appels/
  - standard: nf-345
    certifier: afnor-certification
    issued: '2025-03-10'
    scope: Centres de relation client de Niort et de Lyon
    # Le certificat lui-même, sur le site de l'AFNOR.
    sources:
      - https://www.afnor.org/certificat/maif  # page du certificat
# Fiche relue en janvier 2026.
"""

EDF = """\
name: EDF
aliases:
  - Électricité de France
siren: '552081317'
checked: '2026-10-01'
sources:
  - title: Relation Client France, un label pour relocaliser les centres d'appels
    url: https://refrance.fr/relation-client-france-label-relocaliser-centres-appels/
    publisher: Refrance
certifications:
  - standard: relation-client-france
    issued: '2023-05'
    suspensions:
      - from: '2025-02-03'
        sources:
          - https://www.edf.fr/suspension
    sources:
      - https://www.edf.fr/relation-client-france
  - standard: nf-345
    certifier: afnor-certification
    issued: '2024-06-01'
    scope: Site de Lyon
    sources:
      - https://www.afnor.org/certificat/edf-lyon
  - standard: nf-345
    certifier: afnor-certification
    issued: '2024-09-15'
    scope: Site de Lille
    sources:
      - https://www.afnor.org/certificat/edf-lille
"""

FILES = {
    "standards/relation-client-france.yml": RCF,
    "standards/nf-345.yml": NF345,
    "certifiers/afnor-certification.yml": AFNOR,
    "certifiers/bureau-veritas-certification-france.yml": VERITAS,
    "companies/maif.yml": MAIF,
    "companies/edf.yml": EDF,
}


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(registry: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--registry", str(registry), "--today", TODAY.isoformat()])


def read(registry: Path, relative: str) -> str:
    return (registry / relative).read_text(encoding="utf-8")


def assert_no_leftovers(registry: Path) -> None:
    for folder in ("companies", "standards", "certifiers"):
        assert sorted(p.name for p in (registry / folder).iterdir() if p.name.startswith(".")) == []


def test_the_fixture_registry_is_valid(registry: Path) -> None:
    assert build_registry(str(registry), TODAY).errors == []


# --- renew ---------------------------------------------------------------------------------------

def test_renew_adds_the_new_certificate_after_the_others_and_keeps_everything_else(registry: Path) -> None:
    result = run(registry, "renew", "maif", "--standard", "relation-client-france", "--issued", "2025-12-07",
                 "--source", "https://www.maif.fr/actualites/relation-client-france-2025")
    assert result.exit_code == 0, result.output
    path = registry / "companies/maif.yml"
    assert result.output == (f"{path} : certificat relation-client-france du 2025-12-07 ajouté ; il renouvelle "
                             "celui de relation-client-france du 2021-12-07\n")
    expected = MAIF.replace("checked: '2026-01-15'", "checked: '2026-11-25'").replace(
        "# Fiche relue en janvier 2026.\n",
        "  - standard: relation-client-france\n"
        "    id: relation-client-france-2025-12-07\n"
        "    certifier: afnor-certification\n"
        "    issued: '2025-12-07'\n"
        "    sources:\n"
        "      - https://www.maif.fr/actualites/relation-client-france-2025\n"
        "# Fiche relue en janvier 2026.\n",
    )
    assert read(registry, "companies/maif.yml") == expected
    views = build_registry(str(registry), TODAY).certificates["maif"]
    assert [(v.standard_id, str(v.certificate.issued), v.current) for v in views] == [
        ("relation-client-france", "2021-12-07", False),
        ("nf-345", "2025-03-10", True),
        ("relation-client-france", "2025-12-07", True),
    ]
    assert_no_leftovers(registry)


def test_renew_with_every_option_writes_fields_in_canonical_order_with_quoted_dates(registry: Path) -> None:
    result = run(registry, "renew", "maif", "--standard", "nf-345", "--issued", "2026-03-10",
                 "--source", "https://www.afnor.org/certificat/maif-2026", "--number", "2026/0042",
                 "--expires", "2029-03-09", "--certifier", "afnor-certification")
    assert result.exit_code == 0, result.output
    text = read(registry, "companies/maif.yml")
    assert text.endswith(
        "      - https://www.afnor.org/certificat/maif  # page du certificat\n"
        "  - standard: nf-345\n"
        "    id: nf-345-2026-03-10\n"
        "    certifier: afnor-certification\n"
        "    issued: '2026-03-10'\n"
        "    expires: '2029-03-09'\n"
        "    number: '2026/0042'\n"
        "    scope: Centres de relation client de Niort et de Lyon\n"
        "    sources:\n"
        "      - https://www.afnor.org/certificat/maif-2026\n"
        "# Fiche relue en janvier 2026.\n"
    )
    assert text.startswith(MAIF.split("certifications:")[0].replace("'2026-01-15'", "'2026-11-25'"))


def test_renew_among_several_scopes_needs_the_scope(registry: Path) -> None:
    before = read(registry, "companies/edf.yml")
    result = run(registry, "renew", "edf", "--standard", "nf-345", "--issued", "2026-06-01",
                 "--source", "https://www.afnor.org/certificat/edf-lyon-2026")
    assert result.exit_code == 1
    assert result.output == (
        "Erreur : « edf » a plusieurs certificats « nf-345 » en cours, de périmètres différents "
        "(« Site de Lyon », « Site de Lille ») : précisez lequel avec --scope ; "
        f"{registry / 'companies/edf.yml'} n'a pas été modifié\n"
    )
    assert read(registry, "companies/edf.yml") == before
    result = run(registry, "renew", "edf", "--standard", "nf-345", "--issued", "2026-06-01", "--scope",
                 "Site de Lyon", "--source", "https://www.afnor.org/certificat/edf-lyon-2026")
    assert result.exit_code == 0, result.output
    views = build_registry(str(registry), TODAY).certificates["edf"]
    assert [(v.certificate.scope, str(v.certificate.issued), v.current) for v in views[1:]] == [
        ("Site de Lyon", "2024-06-01", False),
        ("Site de Lille", "2024-09-15", True),
        ("Site de Lyon", "2026-06-01", True),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["renew", "credit-agricole", "--standard", "nf-345", "--issued", "2025-01-01", "--source",
          "https://example.org/a"],
         "Erreur : entreprise inconnue « credit-agricole » (aucun fichier {registry}/companies/credit-agricole.yml) ; "
         "une nouvelle fiche se crée avec « python -m generator new company \"Nom\" »\n"),
        (["renew", "maif", "--standard", "iso-9001", "--issued", "2025-01-01", "--source", "https://example.org/a"],
         "Erreur : référentiel inconnu « iso-9001 » (aucun fichier {registry}/standards/iso-9001.yml)\n"),
        (["renew", "maif", "--standard", "NF 345", "--issued", "2025-01-01", "--source", "https://example.org/a"],
         "Erreur : référentiel inconnu « NF 345 » : vouliez-vous dire « nf-345 » ?\n"),
        (["renew", "maif", "--standard", "nf-345", "--issued", "2025-02-30", "--source", "https://example.org/a"],
         "Erreur : --issued « 2025-02-30 » n'est pas une date valide : écrire AAAA-MM-JJ (ou AAAA-MM, AAAA quand "
         "la source n'est pas plus précise)\n"),
        (["renew", "maif", "--standard", "nf-345", "--issued", "10/03/2026", "--source", "https://example.org/a"],
         "Erreur : --issued « 10/03/2026 » n'est pas une date valide : écrire AAAA-MM-JJ (ou AAAA-MM, AAAA quand "
         "la source n'est pas plus précise)\n"),
    ],
)
def test_renew_refusals_leave_the_file_identical(registry: Path, args: list[str], message: str) -> None:
    before = read(registry, "companies/maif.yml")
    result = run(registry, *args)
    assert result.exit_code == 1
    assert result.output == message.format(registry=registry)
    assert read(registry, "companies/maif.yml") == before
    assert_no_leftovers(registry)


def test_renew_to_an_invalid_registry_prints_the_validator_and_writes_nothing(registry: Path) -> None:
    before = read(registry, "companies/maif.yml")
    result = run(registry, "renew", "maif", "--standard", "nf-345", "--issued", "2026-03-10", "--certifier",
                 "bureau-veritas-certification-france", "--expires", "2026-01-01", "--source", "https://example.org/a")
    assert result.exit_code == 1
    path = registry / "companies/maif.yml"
    assert result.output == (
        f"{path}:27:16: error: « bureau-veritas-certification-france » n'est pas un certificateur connu de "
        "« nf-345 » (listés : afnor-certification)\n"
        f"{path}:29:14: error: « expires » (2026-01-01) tombe avant ou le jour de « issued » (2026-03-10)\n"
        f"Erreur : le registre ne serait plus valide (2 erreurs ci-dessus ; lignes du fichier tel qu'il "
        f"serait) : {path} n'a pas été modifié\n"
    )
    assert read(registry, "companies/maif.yml") == before
    assert_no_leftovers(registry)


def test_renew_with_a_source_that_is_not_a_web_address_is_refused(registry: Path) -> None:
    before = read(registry, "companies/maif.yml")
    result = run(registry, "renew", "maif", "--standard", "nf-345", "--issued", "2026-03-10",
                 "--source", "ftp://example.org/a")
    assert result.exit_code == 1
    path = registry / "companies/maif.yml"
    assert result.output.startswith(
        f"{path}:31:9: error: « sources » : URL « ftp://example.org/a » refusée : seules les adresses http:// "
        "ou https:// complètes sont acceptées\n"
    )
    assert read(registry, "companies/maif.yml") == before


def test_renew_refuses_an_issue_date_after_today(registry: Path) -> None:
    before = read(registry, "companies/maif.yml")
    result = run(registry, "renew", "maif", "--standard", "nf-345", "--issued", "2026-12-01",
                 "--source", "https://example.org/a")
    assert result.exit_code == 1
    assert "« issued » (2026-12-01) est postérieur à aujourd'hui (2026-11-25)" in result.output
    assert read(registry, "companies/maif.yml") == before


def test_an_invalid_record_is_not_edited(registry: Path) -> None:
    broken = MAIF.replace("sector: assurance", "sectuer: assurance")
    (registry / "companies/maif.yml").write_text(broken, encoding="utf-8")
    result = run(registry, "renew", "maif", "--standard", "nf-345", "--issued", "2026-03-10",
                 "--source", "https://example.org/a")
    assert result.exit_code == 1
    path = registry / "companies/maif.yml"
    assert result.output == (
        f"{path}:4:1: error: champ inconnu « sectuer » : vouliez-vous dire « sector » ?\n"
        f"Erreur : {path} n'est pas valide : corrigez-la avant de la modifier (aucun fichier modifié)\n"
    )
    assert read(registry, "companies/maif.yml") == broken


# --- withdraw, reinstate -------------------------------------------------------------------------

def test_withdraw_sets_the_status_and_adds_the_source_keeping_comments(registry: Path) -> None:
    result = run(registry, "withdraw", "maif", "--standard", "nf-345", "--date", "2026-09-30",
                 "--source", "https://www.afnor.org/certificats-retires")
    assert result.exit_code == 0, result.output
    path = registry / "companies/maif.yml"
    assert result.output == (f"{path} : certificat nf-345 du 2025-03-10, périmètre « Centres de relation client "
                             "de Niort et de Lyon » retiré à partir du 2026-09-30\n")
    assert read(registry, "companies/maif.yml") == MAIF.replace(
        "    scope: Centres de relation client de Niort et de Lyon\n",
        "    scope: Centres de relation client de Niort et de Lyon\n"
        "    status: withdrawn\n"
        "    status_date: '2026-09-30'\n",
    ).replace(
        "      - https://www.afnor.org/certificat/maif  # page du certificat\n",
        "      - https://www.afnor.org/certificat/maif  # page du certificat\n"
        "      - https://www.afnor.org/certificats-retires\n",
    )
    view = build_registry(str(registry), TODAY).certificates["maif"][1]
    assert (view.status, view.current) == ("withdrawn", True)


def test_withdraw_suspend_then_reinstate_writes_a_suspension(registry: Path) -> None:
    result = run(registry, "withdraw", "maif", "--standard", "relation-client-france", "--suspend",
                 "--date", "2024-01-10", "--source", "https://example.org/suspension")
    assert result.exit_code == 0, result.output
    result = run(registry, "reinstate", "maif", "--standard", "relation-client-france", "--date", "2024-03-02",
                 "--source", "https://example.org/reprise")
    assert result.exit_code == 0, result.output
    path = registry / "companies/maif.yml"
    assert result.output == (f"{path} : certificat relation-client-france du 2021-12-07 rétabli le 2024-03-02 "
                             "(suspendu depuis le 2024-01-10)\n")
    # The suspension takes its place in the canonical order (before `sources`); nothing else moves.
    assert read(registry, "companies/maif.yml") == MAIF.replace(
        "    number: 'RCF-2021-004'\n",
        "    number: 'RCF-2021-004'\n"
        "    suspensions:\n"
        "      - from: '2024-01-10'\n"
        "        to: '2024-03-02'\n"
        "        sources:\n"
        "          - https://example.org/suspension\n"
        "          - https://example.org/reprise\n",
    )
    view = build_registry(str(registry), TODAY).certificates["maif"][0]
    assert [segment.status if (segment := view.on(day)) else None
            for day in (date(2024, 1, 9), date(2024, 1, 10), date(2024, 3, 2))] == ["valid", "suspended", "valid"]


def test_reinstate_ends_the_open_suspension(registry: Path) -> None:
    result = run(registry, "reinstate", "edf", "--standard", "relation-client-france", "--date", "2025-04-01",
                 "--source", "https://www.edf.fr/relation-client-france")
    assert result.exit_code == 0, result.output
    assert read(registry, "companies/edf.yml") == EDF.replace(
        "      - from: '2025-02-03'\n        sources:\n          - https://www.edf.fr/suspension\n",
        "      - from: '2025-02-03'\n        to: '2025-04-01'\n        sources:\n"
        "          - https://www.edf.fr/suspension\n          - https://www.edf.fr/relation-client-france\n")
    assert build_registry(str(registry), TODAY).certificates["edf"][0].status == "valid"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["withdraw", "edf", "--standard", "nf-345", "--date", "2026-01-01", "--source", "https://example.org/a"],
         "Erreur : « edf » a plusieurs certificats « nf-345 » en cours, de périmètres différents "
         "(« Site de Lyon », « Site de Lille ») : précisez lequel avec --scope ; {path} n'a pas été modifié\n"),
        (["withdraw", "edf", "--standard", "nf-345", "--scope", "Site de Paris", "--date", "2026-01-01",
          "--source", "https://example.org/a"],
         "Erreur : « edf » n'a aucun certificat « nf-345 » de périmètre « Site de Paris » en cours à retirer ; "
         "{path} n'a pas été modifié\n"),
        (["withdraw", "edf", "--standard", "relation-client-france", "--suspend", "--date", "2026-01-01",
          "--source", "https://example.org/a"],
         "Erreur : le certificat relation-client-france du 2023-05 est déjà suspendu (depuis le 2025-02-03) ; "
         "{path} n'a pas été modifié\n"),
        (["reinstate", "edf", "--standard", "nf-345", "--scope", "Site de Lyon", "--date", "2026-01-01",
          "--source", "https://example.org/a"],
         "Erreur : le certificat nf-345 du 2024-06-01, périmètre « Site de Lyon » n'est pas suspendu : rien à "
         "rétablir ; {path} n'a pas été modifié\n"),
        (["reinstate", "edf", "--standard", "relation-client-france", "--date", "2025-01-01",
          "--source", "https://example.org/a"],
         "Erreur : la date de rétablissement (2025-01-01) doit suivre le début de la suspension (2025-02-03) ; "
         "{path} n'a pas été modifié\n"),
        (["withdraw", "edf", "--standard", "nf-345", "--scope", "Site de Lyon", "--date", "2026-13-01",
          "--source", "https://example.org/a"],
         "Erreur : --date « 2026-13-01 » n'est pas une date valide : écrire AAAA-MM-JJ (ou AAAA-MM, AAAA quand la "
         "source n'est pas plus précise)\n"),
    ],
)
def test_withdraw_and_reinstate_refusals(registry: Path, args: list[str], message: str) -> None:
    before = read(registry, "companies/edf.yml")
    result = run(registry, *args)
    assert result.exit_code == 1
    assert result.output == message.format(path=registry / "companies/edf.yml")
    assert read(registry, "companies/edf.yml") == before


def test_withdraw_with_a_status_date_after_today_is_refused(registry: Path) -> None:
    before = read(registry, "companies/edf.yml")
    result = run(registry, "withdraw", "edf", "--standard", "nf-345", "--scope", "Site de Lille",
                 "--date", "2027-01-01", "--source", "https://example.org/a")
    assert result.exit_code == 1
    assert "« status_date » (2027-01-01) est postérieur à aujourd'hui (2026-11-25)" in result.output
    assert read(registry, "companies/edf.yml") == before


def test_an_edit_is_refused_while_another_record_is_invalid(registry: Path) -> None:
    (registry / "standards/nf-345.yml").write_text(NF345.replace("kind: certification", "kind: diplôme"),
                                                   encoding="utf-8")
    before = read(registry, "companies/edf.yml")
    result = run(registry, "withdraw", "edf", "--standard", "nf-345", "--scope", "Site de Lille",
                 "--date", "2026-01-01", "--source", "https://example.org/a")
    assert result.exit_code == 1
    assert f"{registry / 'standards/nf-345.yml'}:4:7: error: « kind » : valeur « diplôme » non reconnue" \
        in result.output
    assert read(registry, "companies/edf.yml") == before


# --- new -----------------------------------------------------------------------------------------

def test_new_company_writes_a_commented_template_that_says_what_is_missing(
        registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (registry.parent / "mkdocs.yml").write_text("site_name: Registre\nsite_url: https://registre.example.fr\n",
                                                encoding="utf-8")
    monkeypatch.chdir(registry.parent)
    result = CliRunner().invoke(main, ["new", "company", "Crédit Agricole", "--registry", "registry"])
    assert result.exit_code == 0, result.output
    assert result.output == os.path.join("registry", "companies", "credit-agricole.yml") + "\n"
    text = read(registry, "companies/credit-agricole.yml")
    lines = text.split("\n")
    assert lines[0] == "# yaml-language-server: $schema=https://registre.example.fr/api/v1/schema/company.schema.json"
    assert "name: Crédit Agricole" in lines
    for field in ("aliases", "former_ids", "siren", "website", "sector", "checked", "sources", "disputes",
                  "notes", "certifications", "standard", "certifier", "issued", "reported", "expires", "number",
                  "scope", "status", "status_date"):
        assert any(line.lstrip("# ").startswith(f"{field}:") or line.lstrip("# -").startswith(f"{field}:")
                   for line in lines), field
        assert any(f"# {field} (" in line for line in lines), field
    validate = CliRunner().invoke(main, ["validate", "--registry", "registry", "--today", TODAY.isoformat()])
    assert validate.exit_code == 1
    path = os.path.join("registry", "companies", "credit-agricole.yml")
    assert "".join(line for line in validate.stdout.splitlines(keepends=True) if ": error: " in line) == (
        f"{path}:1:1: error: champ obligatoire « certifications » manquant\n"
        f"{path}:1:1: error: champ obligatoire « checked » manquant\n"
        f"{path}:1:1: error: champ obligatoire « sources » manquant\n"
    )


def test_a_filled_template_validates(registry: Path) -> None:
    result = run(registry, "new", "company", "Crédit Agricole")
    assert result.exit_code == 0, result.output
    path = registry / "companies/credit-agricole.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("# checked: 'AAAA-MM-JJ'", "checked: '2026-11-20'")
    text = text.replace("# sources:\n#   - https://…  # une URL, ou un tableau :\n",
                        "sources:\n  - https://www.credit-agricole.fr/\n")
    text = text.replace("# certifications:\n", "certifications:\n")
    text = text.replace("#   - standard: …", "  - standard: nf-345")
    text = text.replace("#     issued: 'AAAA-MM-JJ'", "    issued: '2025-10-01'")
    text = text.replace("#     sources:\n#       - https://…\n",
                        "    sources:\n      - https://www.afnor.org/certificat/credit-agricole\n")
    path.write_text(text, encoding="utf-8")
    assert build_registry(str(registry), TODAY).errors == []


def test_new_standard_and_certifier(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(registry)  # no mkdocs.yml here nor beside the registry: the local site's address
    for kind, name, relative in (("standard", "ISO 18295-1", "standards/iso-18295-1.yml"),
                                 ("certifier", "SGS ICS", "certifiers/sgs-ics.yml")):
        result = run(registry, "new", kind, name)
        assert result.exit_code == 0, result.output
        assert result.output == f"{registry / relative}\n"
        text = read(registry, relative)
        assert text.startswith(f"# yaml-language-server: $schema=http://127.0.0.1:8000/api/v1/schema/{kind}"
                               ".schema.json\n")
        assert f"\nname: {name}\n" in text
    assert "# validity_years: …" in read(registry, "standards/iso-18295-1.yml")
    assert "# lookup_url: https://…" in read(registry, "certifiers/sgs-ics.yml")


def test_new_refuses_an_existing_id(registry: Path) -> None:
    before = read(registry, "companies/maif.yml")
    result = run(registry, "new", "company", "MAIF")
    assert result.exit_code == 1
    assert result.output == (f"Erreur : {registry / 'companies/maif.yml'} existe déjà : l'id « maif » est pris "
                             "(modifiez cette fiche, ou choisissez un autre nom)\n")
    assert read(registry, "companies/maif.yml") == before


# --- fmt -----------------------------------------------------------------------------------------

MESSY = """\
# Fiche saisie à la main.
certifications:
- issued: 2024-02-29   # jour bissextile
  standard: nf-345
  sources:
  - https://www.afnor.org/certificat/boulanger
  number: 12345
  certifier: afnor-certification
checked: 2026-11-01
name: Boulanger
siren: 347384570
sources:
    - publisher: Le Monde
      title: Boulanger certifié
      date: 2024
"""

CANONICAL = """\
# Fiche saisie à la main.
name: Boulanger
siren: '347384570'
checked: '2026-11-01'
sources:
  - title: Boulanger certifié
    publisher: Le Monde
    date: '2024'
certifications:
  - standard: nf-345
    certifier: afnor-certification
    issued: '2024-02-29' # jour bissextile
    number: '12345'
    sources:
      - https://www.afnor.org/certificat/boulanger
"""


def test_fmt_puts_records_in_canonical_form_keeping_comments(registry: Path) -> None:
    (registry / "companies/boulanger.yml").write_text(MESSY, encoding="utf-8")
    check = run(registry, "fmt", "--check")
    assert check.exit_code == 1
    path = registry / "companies/boulanger.yml"
    assert check.stdout == "".join(difflib.unified_diff(MESSY.splitlines(keepends=True),
                                                        CANONICAL.splitlines(keepends=True),
                                                        fromfile=str(path), tofile=f"{path} (après fmt)"))
    assert check.stderr == "1 fiche à reformater : « python -m generator fmt » les met en forme\n"
    assert read(registry, "companies/boulanger.yml") == MESSY
    result = run(registry, "fmt")
    assert result.exit_code == 0, result.output
    assert result.output == f"reformaté : {registry / 'companies/boulanger.yml'}\n"
    assert read(registry, "companies/boulanger.yml") == CANONICAL
    assert read(registry, "companies/maif.yml") == MAIF
    again = run(registry, "fmt", "--check")
    assert (again.exit_code, again.output) == (0, "")
    assert_no_leftovers(registry)


def test_fmt_check_on_named_files(registry: Path) -> None:
    (registry / "companies/boulanger.yml").write_text(MESSY, encoding="utf-8")
    clean = run(registry, "fmt", "--check", str(registry / "companies/maif.yml"), str(registry / "standards"))
    assert (clean.exit_code, clean.output) == (0, "")
    dirty = run(registry, "fmt", "--check", str(registry / "companies/boulanger.yml"))
    assert dirty.exit_code == 1
    outside = registry.parent / "notes.yml"
    outside.write_text("a: 1\n", encoding="utf-8")
    result = run(registry, "fmt", "--check", str(outside))
    assert result.exit_code == 1
    assert "n'est pas une fiche du registre" in result.output


def test_fmt_refuses_to_write_an_invalid_registry(registry: Path) -> None:
    messy = MESSY.replace("standard: nf-345", "standard: nf-999")
    (registry / "companies/boulanger.yml").write_text(messy, encoding="utf-8")
    result = run(registry, "fmt")
    assert result.exit_code == 1
    assert "error: référentiel inconnu « nf-999 »" in result.output
    assert result.output.endswith("Erreur : le registre n'est pas valide (1 erreur ci-dessus) : "
                                  "aucun fichier modifié\n")
    assert read(registry, "companies/boulanger.yml") == messy


def test_fmt_reports_a_file_it_cannot_read(registry: Path) -> None:
    (registry / "companies/boulanger.yml").write_text("name: [Boulanger\n", encoding="utf-8")
    result = run(registry, "fmt", "--check")
    assert result.exit_code == 1
    assert result.output.startswith(f"Erreur : {registry / 'companies/boulanger.yml'} : lecture YAML impossible")


def test_fmt_leaves_the_seed_registry_unchanged() -> None:
    root = Path(__file__).resolve().parent.parent / "registry"
    result = CliRunner().invoke(main, ["fmt", "--check", "--registry", str(root)])
    assert (result.exit_code, result.output) == (0, "")


# --- the maintainers' guide cannot drift -------------------------------------------------------------

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "contribuer.md"


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n### {heading}")
    end = text.find("\n### ", start + 1)
    following = text.find("\n## ", start + 1)
    ends = [e for e in (end, following) if e != -1]
    return text[start:min(ends)] if ends else text[start:]


@pytest.mark.parametrize(
    ("model_name", "heading"),
    [
        ("Company", "Entreprise"),
        ("Certification", "Certificat"),
        ("SourceRef", "Source"),
        ("Dispute", "Désaccord"),
        ("Claim", "Désaccord"),
        ("Standard", "Référentiel"),
        ("Term", "Référentiel"),
        ("HistoryEvent", "Référentiel"),
        ("Certifier", "Organisme certificateur"),
    ],
)
def test_every_field_is_documented_in_the_guide(model_name: str, heading: str) -> None:
    model = getattr(generator.model, model_name)
    section = _section(GUIDE.read_text(encoding="utf-8"), heading)
    missing = [info.alias or name for name, info in model.model_fields.items()
               if f"| `{info.alias or name}` |" not in section]
    assert missing == []


def test_every_command_is_documented_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    missing = [name for name in sorted(main.commands) if f"`python -m generator {name}" not in text]
    assert missing == []


def test_every_diagnostic_code_is_documented_in_the_guide() -> None:
    package = Path(__file__).resolve().parent.parent / "generator"
    codes: set[str] = set()
    for source in ("yaml_reader.py", "load.py", "fields.py", "validate/fields.py", "validate/rules.py", "edit/sources.py"):
        text = (package / source).read_text(encoding="utf-8")
        # Codes are the hyphenated lower-case literals; "utf-8…" are encoding names, not codes.
        codes |= {code for code in re.findall(r'"([a-z0-9]+(?:-[a-z0-9]+)+)"', text) if not code.startswith("utf-")}
    assert {"unknown-field", "missing-field", "yaml-syntax", "dead-source"} <= codes
    guide = GUIDE.read_text(encoding="utf-8")
    assert sorted(code for code in codes if f"| `{code}` |" not in guide) == []


def test_renew_on_a_copy_of_the_seed_registry_only_adds_lines(tmp_path: Path) -> None:

    seed = Path(__file__).resolve().parent.parent / "registry"
    root = tmp_path / "registry"
    shutil.copytree(seed, root)
    # As a maintainer does it: today's date, the real day (Paris), and the real-registry checks after.
    today = REAL_TODAY
    views = [v for v in build_registry(str(root), today).certificates["edf"] if v.current]
    standard = views[0].standard_id
    before = read(root, "companies/edf.yml")
    args = ["renew", "edf", "--standard", standard, "--issued", today.isoformat(), "--source", "https://www.edf.fr/",
            "--registry", str(root), "--today", today.isoformat()]
    if views[0].certificate.scope:
        args += ["--scope", views[0].certificate.scope]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    old, new = before.split("\n"), read(root, "companies/edf.yml").split("\n")
    changes = [(tag, old[i1:i2], new[j1:j2])
               for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
               if tag != "equal"]
    assert [tag for tag, _, _ in changes if tag != "insert"] in ([], ["replace"])
    for tag, removed, added in changes:
        if tag == "replace":  # only the day the record was checked
            assert [line.split(":")[0] for line in removed + added] == ["checked", "checked"]
    assert "  - standard: " + standard in [line for _, _, added in changes for line in added]
    checked = CliRunner().invoke(main, ["validate", "--registry", str(root), "--today", today.isoformat()])
    assert checked.exit_code == 0, checked.output
