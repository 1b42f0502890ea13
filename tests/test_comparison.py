"""The comparison's criteria: named once in the model, validated at their place, rendered as sourced cells."""

from __future__ import annotations

import json
import os
import re
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.fields import literal_values
from generator.model import (
    CRITERIA,
    Comparison,
    DisputedFinding,
    Standard,
    YesNoFinding,
    nested_models,
    yaml_fields,
)
from generator.registry import build_registry
from generator.render import render_site
from generator.render.criteria import NOT_FOUND
from generator.schema import record_schema
from tests.conftest import STANDARD, TODAY
from tests.test_render import HOSTILE, HOSTILE_TEXTS, SITE, page_tree, parse, to_html, visible

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "contribuer.md"
RULES = {"title": "Règles de certification", "url": "https://example.org/regles", "publisher": "Organisme"}

COMPARED = """\
name: Norme comparée
kind: norme
validity_years: 3
comparison:
  independent_audit:
    value: oui
    sources:
      - title: Règles de certification
        url: https://example.org/regles
        publisher: Organisme
    note: Audit par un organisme accrédité.
  audit_methods:
    value:
      - documents
      - client-mystère
    sources:
      - https://example.org/methodes
  paid_by_holder:
    value: non
    sources:
      - title: Tarifs du label
        url: https://example.org/tarifs
        publisher: Organisme
  location_requirement:
    dispute: Part des emplois en France
sources:
  - title: La norme
    publisher: ISO
disputes:
  - topic: Part des emplois en France
    claims:
      - claim: Tous les emplois.
        sources:
          - https://example.org/tous
      - claim: La moitié des emplois.
        sources:
          - https://example.org/moitie
"""


def problems(root: Path) -> list[tuple[str, int, int, str, str]]:
    return [(os.path.relpath(d.path, root), d.line, d.column, d.code, d.message)
            for d in build_registry(str(root), TODAY).diagnostics]


def compared(text: str) -> dict[str, str]:
    return {"standards/compared.yml": text}


# --- the model ----------------------------------------------------------------------------------


def value_form(key: str) -> type[typing.Any]:
    return nested_models(yaml_fields(Comparison)[key].annotation)[0]


def test_each_criterion_labels_exactly_the_values_its_model_allows() -> None:
    assert [c.key for c in CRITERIA] == list(yaml_fields(Comparison))
    for criterion in CRITERIA:
        allowed = literal_values(value_form(criterion.key).model_fields["value"].annotation)
        assert list(criterion.values) == list(allowed), criterion.key
        assert all(label.strip() for label in criterion.values.values()), criterion.key
        assert criterion.demanding <= set(allowed), criterion.key


def test_each_criterion_is_a_sourced_value_or_a_dispute_and_absent_by_default() -> None:
    assert Standard.model_validate({"name": "N", "kind": "norme", "sources": ["https://example.org/"]}).comparison \
        == Comparison()
    for key in yaml_fields(Comparison):
        assert nested_models(yaml_fields(Comparison)[key].annotation) == [value_form(key), DisputedFinding]
        assert list(yaml_fields(value_form(key))) == ["value", "sources", "note"]
        assert yaml_fields(value_form(key))["sources"].is_required()


def test_the_json_schema_lists_the_allowed_values_from_the_model() -> None:
    schema = record_schema("standard", SITE)
    definitions = schema["$defs"]
    assert schema["properties"]["comparison"]["$ref"] == "#/$defs/comparison"
    assert definitions["obligation_finding"]["properties"]["value"]["enum"] == ["moyens", "résultat"]
    assert definitions["audit_methods_finding"]["properties"]["value"]["items"]["enum"] == \
        ["documents", "sur-site", "client-mystère"]
    assert definitions["yes_no_finding"]["required"] == ["value", "sources"]
    independent = definitions["comparison"]["properties"]["independent_audit"]
    forms = [alternative.get("$ref") for alternative in independent["anyOf"][0]["oneOf"]]
    assert forms == ["#/$defs/yes_no_finding", "#/$defs/disputed_finding"]


def _guide_section(heading: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n### {heading}")
    return text[start:text.index("\n### ", start + 1)]


@pytest.mark.parametrize("model", [Comparison, YesNoFinding, DisputedFinding])
def test_every_field_of_the_new_block_is_in_the_guide(model: type[typing.Any]) -> None:
    section = _guide_section("Critères du comparatif")
    assert [key for key in yaml_fields(model) if f"| `{key}` |" not in section] == []


def test_every_allowed_value_is_in_the_guide_on_its_criterion_line() -> None:
    section = _guide_section("Critères du comparatif")
    for criterion in CRITERIA:
        line = next(line for line in section.splitlines() if line.startswith(f"| `{criterion.key}` |"))
        assert [v for v in criterion.values if f"`{v}`" not in line] == [], criterion.key
    assert "| `comparison` |" in _guide_section("Référentiel")


# --- validation: each problem at its place ---------------------------------------------------------


def test_the_fixture_is_valid(make_registry: Callable[..., Path]) -> None:
    assert problems(make_registry(compared(COMPARED))) == []


def test_a_wrong_value_is_named_after_its_criterion_at_its_line_and_column(make_registry: Callable[..., Path]) -> None:
    root = make_registry(compared(COMPARED.replace("    value: non\n", "    value: peut-être\n")))
    assert problems(root) == [("standards/compared.yml", 19, 12, "invalid-value",
                               "« paid_by_holder » : valeur « peut-être » non reconnue : attendu oui ou non")]


def test_a_wrong_method_in_the_list_is_at_its_item(make_registry: Callable[..., Path]) -> None:
    root = make_registry(compared(COMPARED.replace("      - client-mystère\n", "      - sur place\n")))
    assert problems(root) == [("standards/compared.yml", 15, 9, "invalid-value",
                               "« audit_methods » : valeur « sur place » non reconnue : "
                               "attendu documents, sur-site ou client-mystère")]


def test_a_value_without_sources_is_missing_its_sources_at_the_criterion(make_registry: Callable[..., Path]) -> None:
    text = COMPARED.replace("""    sources:
      - https://example.org/methodes
""", "")
    assert problems(make_registry(compared(text))) == [
        ("standards/compared.yml", 12, 3, "missing-field", "champ obligatoire « sources » manquant"),
    ]


def test_a_bare_value_says_what_a_criterion_is(make_registry: Callable[..., Path]) -> None:
    text = STANDARD + "comparison:\n  obligation: moyens\n"
    assert problems(make_registry({"standards/iso-test.yml": text})) == [
        ("standards/iso-test.yml", 12, 15, "wrong-type",
         "« obligation » : un critère est un tableau avec « value » et « sources », ou avec « dispute »"),
    ]


def test_the_old_free_text_fields_say_where_they_went(make_registry: Callable[..., Path]) -> None:
    text = STANDARD + "obligation: moyens\naudit: Audit annuel\n"
    assert problems(make_registry({"standards/iso-test.yml": text})) == [
        ("standards/iso-test.yml", 11, 1, "unknown-field",
         "champ inconnu « obligation » : il est passé dans « comparison » (obligation), avec ses sources"),
        ("standards/iso-test.yml", 12, 1, "unknown-field",
         "champ inconnu « audit » : il est passé dans « comparison » (audit_methods, audit_frequency), avec "
         "ses sources"),
    ]


def test_unknown_keys_are_matched_against_the_form_in_use(make_registry: Callable[..., Path]) -> None:
    text = COMPARED.replace("    note: Audit par", "    nota: Audit par").replace(
        "    dispute: Part des emplois en France\n", "    dispute: Part des emplois en France\n    vale: oui\n")
    assert problems(make_registry(compared(text))) == [
        ("standards/compared.yml", 11, 5, "unknown-field", "champ inconnu « nota » : vouliez-vous dire « note » ?"),
        ("standards/compared.yml", 26, 5, "unknown-field",
         "champ inconnu « vale » (champs possibles : dispute, note)"),
    ]


def test_a_dispute_that_the_record_does_not_hold(make_registry: Callable[..., Path]) -> None:
    text = COMPARED.replace("    dispute: Part des emplois en France", "    dispute: Part des emplois")
    assert problems(make_registry(compared(text))) == [
        ("standards/compared.yml", 25, 14, "unknown-dispute",
         "« location_requirement » renvoie au désaccord « Part des emplois », absent de « disputes » "
         "(le « topic » doit être écrit à l'identique)"),
    ]


def test_a_future_source_date_inside_a_criterion(make_registry: Callable[..., Path]) -> None:
    text = COMPARED.replace("        publisher: Organisme\n    note:", "        publisher: Organisme\n"
                            "        date: '2027-01-01'\n    note:")
    [(path, line, column, code, _)] = problems(make_registry(compared(text)))
    assert (path, line, column, code) == ("standards/compared.yml", 11, 15, "future-date")


# --- editing: canonical form and the template -------------------------------------------------------


def test_fmt_orders_each_form_by_its_own_model(make_registry: Callable[..., Path]) -> None:
    text = COMPARED.replace("""  location_requirement:
    dispute: Part des emplois en France
""", """  location_requirement:
    note: Selon les versions.
    dispute: Part des emplois en France
""").replace("""  paid_by_holder:
    value: non
""", """  paid_by_holder:
    note: Gratuit.
    value: non
""")
    root = make_registry(compared(text))
    result = CliRunner().invoke(main, ["fmt", "--registry", str(root), str(root / "standards/compared.yml")])
    assert result.exit_code == 0, result.output
    written = (root / "standards/compared.yml").read_text(encoding="utf-8")
    assert "  paid_by_holder:\n    value: non\n    sources:" in written
    assert "        publisher: Organisme\n    note: Gratuit.\n" in written
    assert "    dispute: Part des emplois en France\n    note: Selon les versions.\n" in written


def test_a_new_standard_shows_each_criterion_with_its_allowed_values(make_registry: Callable[..., Path]) -> None:
    root = make_registry()
    result = CliRunner().invoke(main, ["new", "standard", "Label neuf", "--registry", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "standards/label-neuf.yml").read_text(encoding="utf-8")
    assert "# comparison:\n#   independent_audit:\n#     value: …  # oui | non\n#     sources:\n" in text
    assert "#     value:\n#       - …  # documents | sur-site | client-mystère\n" in text


# --- rendering ------------------------------------------------------------------------------------


@pytest.fixture
def files(make_registry: Callable[..., Path]) -> dict[str, typing.Any]:
    registry = build_registry(str(make_registry(compared(COMPARED))), TODAY)
    assert registry.errors == []
    return render_site(registry, SITE)


def _row_text(files: dict[str, typing.Any], name: str) -> str:
    text = visible(page_tree(files, "comparatif/index.md"))
    start = text.index(f"{name} Norme") if f"{name} Norme" in text else text.index(f"{name} Label")
    return text[start:text.index("Fiche complète", start)]


def test_an_absent_criterion_reads_not_found_in_the_sources(files: dict[str, typing.Any]) -> None:
    row = _row_text(files, "Norme comparée")
    assert f"Obligation ? {NOT_FOUND}" in row
    assert NOT_FOUND == "non trouvé dans les sources"
    standard = visible(page_tree(files, "referentiels/compared.md"))
    assert f"Obligation ? {NOT_FOUND}" in standard and f"Exigences publiées ? {NOT_FOUND}" in standard


def test_a_sourced_no_reads_no_with_its_source(files: dict[str, typing.Any]) -> None:
    row = _row_text(files, "Norme comparée")
    assert "Payé par le titulaire ✗ non [5]" in row
    assert "Tarifs du label, Organisme" in row  # listed in the row's details
    html = to_html(files["comparatif/index.md"].content)
    assert ('<li id="source-compared-5"><a href="https://example.org/tarifs" rel="nofollow">Tarifs du label</a>, '
            "Organisme </li>") in html
    assert '<a href="#source-compared-5">5</a>' in html
    standard = visible(page_tree(files, "referentiels/compared.md"))
    assert re.search(r"Payé par le titulaire ✗ non \[\d\]", standard)


def test_values_read_in_words_and_a_dispute_gives_its_versions(files: dict[str, typing.Any]) -> None:
    row = _row_text(files, "Norme comparée")
    assert "Contrôle par un tiers ✓ oui. Audit par un organisme accrédité. [1]" in row
    assert "Méthode d'audit sur documents, client mystère [2]" in row
    assert ("Localisation en France ⚠ les sources divergent (« Part des emplois en France ») : "
            "Tous les emplois. [3] ; La moitié des emplois. [4]") in row
    matrix = visible(page_tree(files, "comparatif/index.md"))
    assert "Norme comparée Norme 2 sur 5 (2 non trouvés) ✓ oui sur documents, client mystère" in matrix
    assert "⚠ sources divergentes" in matrix
    standard = visible(page_tree(files, "referentiels/compared.md"))
    assert "Localisation en France ⚠ les sources divergent : voir « Part des emplois en France » plus bas" in standard


def test_the_most_demanding_comes_first_and_is_named(files: dict[str, typing.Any]) -> None:
    matrix = visible(page_tree(files, "comparatif/index.md"))
    assert "Le plus exigeant selon les sources : Norme comparée, avec 2 des 5 critères exigeants établis." in matrix
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', files["comparatif/index.md"].content)
    assert names[0] == "Norme comparée"
    assert names[1:] == sorted(names[1:], key=str.casefold)  # the others: none established, by name


def test_each_row_gives_its_holders_for_a_script_to_update(files: dict[str, typing.Any]) -> None:
    content = files["comparatif/index.md"].content
    cells = dict(re.findall(r'data-rr-holders="([a-z0-9-]+)"><span[^>]*>(\d+)</span>', content))
    assert cells == {"compared": "0", "iso-test": "1", "label-test": "0"}


def test_every_row_has_one_details_with_its_sources(files: dict[str, typing.Any]) -> None:
    tree = page_tree(files, "comparatif/index.md")
    assert tree.count("tbody") == tree.count("details") == 3
    assert tree.count("table") == 1


def test_the_open_data_page_derives_the_new_tables_and_their_values(files: dict[str, typing.Any]) -> None:
    text = visible(page_tree(files, "donnees/index.md"))
    assert "Critères du comparatif (« comparison » d'un référentiel)" in text
    assert "obligation critère : moyens, résultat non Obligation de moyens ou de résultat : moyens ou résultat." in text
    assert "audit_methods critère : documents, sur-site, client-mystère (une liste : un ou plusieurs) non" in text
    assert "dispute texte oui Quand les sources divergent sur ce critère" in text
    # The sourced form's table is shared by every criterion: its value names no criterion's values.
    assert "value oui, non oui La valeur que les sources établissent" not in text


HOSTILE_STANDARD = f"""\
name: Label hostile
kind: label
comparison:
  independent_audit:
    value: oui
    sources:
      - title: {json.dumps(HOSTILE)}
        url: https://example.org/hostile
        publisher: {json.dumps(HOSTILE)}
    note: {json.dumps(HOSTILE)}
  location_requirement:
    dispute: {json.dumps(HOSTILE)}
    note: {json.dumps(HOSTILE)}
sources:
  - title: Source
    publisher: Éditeur
disputes:
  - topic: {json.dumps(HOSTILE)}
    claims:
      - claim: {json.dumps(HOSTILE)}
        sources:
          - https://example.org/hostile-1
      - claim: {json.dumps(HOSTILE)}
        sources:
          - https://example.org/hostile-2
"""


@pytest.mark.parametrize("path", ["comparatif/index.md", "referentiels/hostile.md"])
def test_hostile_text_in_the_criteria_stays_text(make_registry: Callable[..., Path], path: str) -> None:
    registry = build_registry(str(make_registry({"standards/hostile.yml": HOSTILE_STANDARD})), TODAY)
    assert registry.errors == []
    content = render_site(registry, SITE)[path].content
    assert "<script>" not in content and "<img" not in content and "{{" not in content and "{%" not in content
    tree = parse(to_html(content))
    assert not any(tag in ("img", "script", "em") for tag, _ in tree.tags)
    assert not any(name.startswith("on") for _, attrs in tree.tags for name in attrs)
    assert tree.count("table") == content.count("</table>")
    text = tree.all_text
    for needle in HOSTILE_TEXTS:
        assert needle in text, needle
