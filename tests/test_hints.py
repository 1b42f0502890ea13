"""Hints everywhere: every editing command that names an unknown company, standard or certifier answers as the
validator does, from ids, names and aliases; `fmt --check` shows what `fmt` would change."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.edit.hints import closest, record_names
from tests.sitebuild import PROJECT, REAL_TODAY

NAMES = {
    "nf-service-relation-client": ["NF Service Relation Client", "NF 345", "NF345"],
    "nf-x50-798": ["NF X50-798"],
    "iso-9001": ["ISO 9001"],
    "iso-18295-1": ["ISO 18295-1"],
    "iso-18295-2": ["ISO 18295-2"],
    "relation-client-france": ["Relation Client France"],
    "edf": ["EDF", "Électricité de France"],
    "societe-generale": ["Société Générale"],
    "bureau-veritas-certification-france": ["Bureau Veritas Certification France"],
}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("nf-345", ["nf-service-relation-client"]),  # an alias, written as an id
        ("NF 345", ["nf-service-relation-client"]),
        ("iso-9010", ["iso-9001"]),  # a typo of an id
        ("ISO 9001", ["iso-9001"]),
        ("iso18295", ["iso-18295-1", "iso-18295-2"]),  # equally close: both
        ("Société Générale", ["societe-generale"]),  # a company typed by its name
        ("Electricite de France", ["edf"]),
        ("rcf", ["relation-client-france"]),  # the initials of a name
        ("bureau-veritas", ["bureau-veritas-certification-france"]),  # the start of one id only
        ("nf", []),  # the start of several: no guess
        ("credit-agricole", []),
    ],
)
def test_closest_reads_ids_names_and_aliases(typed: str, meant: list[str]) -> None:
    assert closest(typed, NAMES) == meant


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(PROJECT / "registry", root)
    return root


def run(registry: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--registry", str(registry), "--today", REAL_TODAY.isoformat()])


SOURCE = ["--source", "https://www.exemple.fr/source"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["withdraw", "maif", "--standard", "nf-345", "--date", "2024-09-30", *SOURCE],
         "référentiel inconnu « nf-345 » : vouliez-vous dire « nf-service-relation-client » ?"),
        (["reinstate", "maif", "--standard", "iso9001", "--date", "2024-09-30", *SOURCE],
         "référentiel inconnu « iso9001 » : vouliez-vous dire « iso-9001 » ?"),
        (["renew", "Société Générale", "--standard", "elu-service-client-de-l-annee", "--issued", "2024-10-01",
          *SOURCE], "entreprise inconnue « Société Générale » : vouliez-vous dire « societe-generale » ?"),
        (["renew", "maif", "--standard", "relation-client-france", "--issued", "2024-10-01", "--certifier", "afnor",
          *SOURCE], "certificateur inconnu « afnor » : vouliez-vous dire « afnor-certification » ?"),
        (["add", "macf", "--standard", "iso-9001", "--issued", "2024-10-01", *SOURCE],
         "entreprise inconnue « macf » : vouliez-vous dire « macif » ?"),
        (["add", "maif", "--standard", "ISO 9001", "--issued", "2024-10-01", *SOURCE],
         "référentiel inconnu « ISO 9001 » : vouliez-vous dire « iso-9001 » ?"),
        (["add", "maif", "--standard", "iso-9001", "--issued", "2024-10-01", "--certifier", "bureau-veritas", *SOURCE],
         "certificateur inconnu « bureau-veritas » : vouliez-vous dire « bureau-veritas-certification-france » ?"),
        (["add", "Electricité de France", "--standard", "iso-9001", "--issued", "2024-10-01", *SOURCE],
         "entreprise inconnue « Electricité de France » : vouliez-vous dire « edf » ?"),
    ],
)
def test_every_editing_command_suggests_the_id_meant(registry: Path, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in registry.rglob("*.yml")}
    result = run(registry, *args)
    assert (result.exit_code, result.output) == (1, f"Erreur : {message}\n")
    assert {p: p.read_bytes() for p in registry.rglob("*.yml")} == before


def test_an_unknown_company_without_a_close_one_says_how_to_create_it(registry: Path) -> None:
    result = run(registry, "add", "credit-agricole", "--standard", "iso-9001", "--issued", "2024-10-01", *SOURCE)
    assert result.exit_code == 1
    assert result.output == (
        f"Erreur : entreprise inconnue « credit-agricole » (aucun fichier {registry}/companies/credit-agricole.yml) ; "
        "une nouvelle fiche se crée avec « python -m generator new company \"Nom\" »\n")


def test_a_known_standard_the_company_does_not_hold_names_those_it_holds(registry: Path) -> None:
    result = run(registry, "withdraw", "maif", "--standard", "iso-9001", "--date", "2024-09-30", *SOURCE)
    assert result.exit_code == 1
    assert result.output == (
        "Erreur : « maif » n'a aucun certificat « iso-9001 » en cours à retirer (ses certificats en cours : "
        f"relation-client-france) ; {registry / 'companies/maif.yml'} n'a pas été modifié\n")


def test_record_names_reads_names_and_aliases_even_beside_a_broken_record(registry: Path) -> None:
    (registry / "standards/casse.yml").write_text("name: [\n", encoding="utf-8")
    names = record_names(str(registry), "standards")
    assert names["casse"] == []
    assert names["nf-service-relation-client"][:3] == ["NF Service Relation Client", "NF 345", "NF345"]


# --- fmt --check shows the difference ---------------------------------------------------------------

def test_fmt_check_prints_the_unified_diff_of_each_file(registry: Path) -> None:
    path = registry / "companies/maif.yml"
    clean = path.read_text(encoding="utf-8")
    messy = clean.replace("checked: '", "checked: ").replace("'\nsources:", "\nsources:", 1)
    assert messy != clean
    path.write_text(messy, encoding="utf-8")
    other = registry / "companies/edf.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("aliases:\n  - ", "aliases:\n- ", 1),
                     encoding="utf-8")  # a list item not indented
    result = run(registry, "fmt", "--check")
    assert result.exit_code == 1
    checked_line = next(line for line in clean.splitlines() if line.startswith("checked:"))
    expected_maif = (f"--- {path}\n+++ {path} (après fmt)\n"
                     f"@@ -1,6 +1,6 @@\n")
    assert expected_maif in result.stdout
    assert f"\n-{checked_line.replace(chr(39), '')}\n+{checked_line}\n" in result.stdout
    assert f"--- {other}\n+++ {other} (après fmt)\n" in result.stdout
    assert result.stderr == "2 fiches à reformater : « python -m generator fmt » les met en forme\n"
    # What is shown is exactly what fmt then writes.
    fixed = run(registry, "fmt")
    assert fixed.exit_code == 0, fixed.output
    assert path.read_text(encoding="utf-8") == clean
    shown = "".join(difflib.unified_diff(messy.splitlines(keepends=True), clean.splitlines(keepends=True),
                                         fromfile=str(path), tofile=f"{path} (après fmt)"))
    assert shown in result.stdout
