"""Text is text (issue 11, point 8): control characters, bidirectional controls and invisible values are refused
at their line and column; messages never print a control character raw; undecodable bytes are placed; JSON
inside HTML escapes the line separators; nothing splits content with str.splitlines().
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, format_github, format_json, format_text, printable
from generator.registry import build_registry
from generator.render import json_for_script, render_site
from generator.site import SiteInfo
from tests.conftest import COMPANY, STANDARD, TODAY
from tests.sitebuild import PROJECT

FILE = "companies/societe-electrique.yml"
STD = "standards/iso-test.yml"


def errors(root: Path) -> list[tuple[str, int, int, str, str]]:
    return [(os.path.relpath(d.path, root), d.line, d.column, d.code, d.message)
            for d in build_registry(str(root), TODAY).errors]


def named(text: str) -> dict[str, str]:
    """The company with `name: <text>` (line 2, value at column 7)."""
    return {FILE: COMPANY.replace("name: Société Électrique", f"name: {text}")}


@pytest.mark.parametrize(("written", "column", "message"), [
    ('"Soci\\0t\\u00e9"', 12, "caractère de contrôle U+0000 : un texte n'en contient pas"),
    ('"Soci\\at\\u00e9"', 12, "caractère de contrôle U+0007 : un texte n'en contient pas"),
    ('"Soci\\e[31mt\\u00e9"', 12, "caractère de contrôle U+001B : un texte n'en contient pas"),
    ('"Soci\\x7ft\\u00e9"', 12, "caractère de contrôle U+007F : un texte n'en contient pas"),
    ('"Soci\\x9bt\\u00e9"', 12, "caractère de contrôle U+009B : un texte n'en contient pas"),
    ('"Soci\\Nt\\u00e9"', 12, "retour à la ligne : ce champ s'écrit sur une seule ligne"),
    ('"Soci\\Lt\\u00e9"', 12, "retour à la ligne : ce champ s'écrit sur une seule ligne"),
    ('"Soci\\nt\\u00e9"', 12, "retour à la ligne : ce champ s'écrit sur une seule ligne"),
    ('"Soci\\tt\\u00e9"', 12, "tabulation : ce champ s'écrit sur une seule ligne, avec des espaces"),
    ("Soci\u202eté", 11, "caractère de mise en forme bidirectionnelle U+202E : il peut changer l'ordre dans lequel "
                         "le texte s'affiche ; retirez-le"),
    ("'Soci\u2066té\u2069'", 12, "caractère de mise en forme bidirectionnelle U+2066 : il peut changer l'ordre dans "
                                 "lequel le texte s'affiche ; retirez-le"),
])
def test_a_name_refuses_control_and_bidirectional_characters_where_they_are(make_registry, written: str,
                                                                            column: int, message: str) -> None:
    assert errors(make_registry(named(written))) == [(FILE, 2, column, *_code(message), f"« name » : {message}")]


def _code(message: str) -> tuple[str]:
    return ("bidi-control",) if "bidirectionnelle" in message else ("control-character",)


@pytest.mark.parametrize("written", ["'   '", '"\\u200b\\u200d"', '"\\u00a0\\t"', '"\\u3000\\ufeff"', "' \u2060 '"])
def test_a_value_of_spaces_or_invisible_characters_is_empty(make_registry, written: str) -> None:
    [(path, line, column, code, message)] = errors(make_registry(named(written)))
    tab = "\\t" in written  # a tab is refused first, where it is
    assert (path, line, column, code) == (FILE, 2, 14 if tab else 7, "control-character" if tab else "empty-value")
    if code == "empty-value":
        assert message == "« name » : la valeur est vide : seulement des espaces ou des caractères invisibles"


@pytest.mark.parametrize(("old", "new", "line", "column", "field"), [
    ("  - Électricité de Test", '  - "Alias\\e"', 4, 11, "aliases"),
    ("  - title: Fiche", '  - title: "Fi\\x00che"', 8, 15, "title"),
    ("    publisher: Le Monde", '    publisher: "Le\\u202dMonde"', 9, 19, "publisher"),
    ("    number: 'A-1'", '    number: "A\\x1b-1"', 14, 15, "number"),
    ("    number: 'A-1'", '    scope: "Lyon\\rParis"', 14, 17, "scope"),
])
def test_every_single_line_field_refuses_them(make_registry, old: str, new: str, line: int, column: int,
                                              field: str) -> None:
    [(path, found_line, found_column, _, message)] = errors(make_registry({FILE: COMPANY.replace(old, new)}))
    assert (path, found_line, found_column) == (FILE, line, column)
    assert message.startswith(f"« {field} » : ")


def test_multi_line_fields_keep_tabs_and_line_feeds_but_nothing_else(make_registry) -> None:
    prose = "notes: |\n  Première ligne\n  \tdeuxième, avec une tabulation\n"
    claims = ('disputes:\n  - topic: Date\n    claims:\n      - claim: "2019\\n(selon le communiqué)"\n'
              "        sources: [https://example.org/1]\n      - claim: '2020'\n        sources: [https://example.org/2]\n")
    standard = STANDARD + 'summary: "Garantit\\tun accueil.\\nEn deux lignes."\n'
    root = make_registry({FILE: COMPANY + prose + claims, STD: standard})
    assert errors(root) == []
    root = make_registry({FILE: COMPANY + 'notes: "Ligne\\r\\nSuivante \\e[2J et \\u2028"\n',
                          STD: STANDARD + "summary: |\n  Une \u2067phrase\n"})
    assert errors(root) == [
        (FILE, 18, 14, "control-character", "« notes » : fin de ligne U+000D : les lignes se séparent par un simple "
                                            "retour à la ligne"),
        (STD, 12, 7, "bidi-control", "« summary » : caractère de mise en forme bidirectionnelle U+2067 : il peut "
                                     "changer l'ordre dans lequel le texte s'affiche ; retirez-le"),
    ]
    root = make_registry({FILE: COMPANY + 'notes: "Ligne\\u2028Suivante"\n'})
    assert errors(root) == [(FILE, 18, 14, "control-character", "« notes » : fin de ligne U+2028 : les lignes se "
                                                                "séparent par un simple retour à la ligne")]


@pytest.mark.parametrize(("raw", "line", "column", "message"), [
    ("name: So\x00ci\x07été", 2, 9, "caractère de contrôle U+0000 (2 dans le fichier) : un fichier de fiche n'en "
                                    "contient pas"),
    ("name: Soci\x85été", 2, 11, "séparateur de ligne U+0085 : les lignes d'une fiche finissent par un simple "
                                 "retour à la ligne"),
    ("name: Soci\u2028été", 2, 11, "séparateur de ligne U+2028 : les lignes d'une fiche finissent par un simple "
                                   "retour à la ligne"),
    ("name: Soci\x7fété", 2, 11, "caractère de contrôle U+007F : un fichier de fiche n'en contient pas"),
])
def test_characters_no_yaml_file_holds_are_placed(make_registry, raw: str, line: int, column: int,
                                                  message: str) -> None:
    assert errors(make_registry({FILE: COMPANY.replace("name: Société Électrique", raw)})) == [
        (FILE, line, column, "control-character", message)]


def test_an_invalid_utf8_byte_is_placed(make_registry) -> None:
    root = make_registry()
    (root / FILE).write_bytes(COMPANY.replace("Le Monde", "Le Monde\xa0").encode("utf-8").replace(b"\xc2\xa0", b"\xff"))
    assert errors(root) == [(FILE, 9, 24, "not-utf8", "octet 0xFF invalide : le fichier n'est pas encodé en UTF-8 "
                                                       "(enregistrez-le en UTF-8)")]


# --- messages never print a control character raw ----------------------------------------------------------

TERMINAL_ATTACK = "\x1b]8;;https://evil.example\x07lien\x1b]8;;\x07\x1b[2J\u202e\x9b31m"


def test_every_format_escapes_control_bidirectional_and_invisible_characters() -> None:
    diagnostic = Diagnostic(f"companies/{TERMINAL_ATTACK}.yml", 1, 1, "error", "invalid-date",
                            f"date « {TERMINAL_ATTACK} » au mauvais format\nsuite")
    for output in (format_text([diagnostic]), format_github([diagnostic]), format_json([diagnostic])):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output), output
        assert "\\x1b]8;;https://evil.example\\x07lien" in output.replace("\\\\", "\\")
        assert "\\u202e" in output.replace("\\\\", "\\")
    assert printable("tab\there\nnew") == "tab\\there\\nnew"
    assert printable("Société Électrique « ok » – 2024") == "Société Électrique « ok » – 2024"


@pytest.mark.parametrize("output_format", ["text", "github", "json"])
def test_validate_never_echoes_a_wrong_value_raw(make_registry, output_format: str) -> None:
    attack = json.dumps(TERMINAL_ATTACK)  # a YAML double-quoted scalar with the escapes written out
    root = make_registry({FILE: COMPANY.replace("checked: '2026-11-01'", f"checked: {attack}")
                          .replace("name: Société Électrique", f"name: {attack}")})
    (root / "companies" / "x\x1b[31m.yml").write_text("name: x\n", encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "generator", "validate", "--registry", str(root), "--today",
                                "2026-11-25", "--format", output_format], cwd=PROJECT, capture_output=True,
                               text=True, check=False)
    assert completed.returncode == 1
    output = completed.stdout + completed.stderr
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output and "\u202e" not in output
    assert output.count("x1b]8;;https://evil.example") >= 1  # the date, escaped (the name is not echoed)
    assert "x1b[31m.yml" in output


def test_command_errors_escape_what_the_user_typed(make_registry) -> None:
    completed = subprocess.run([sys.executable, "-m", "generator", "validate", "--registry", str(make_registry()),
                                "--today", "\x1b[31m2026"], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert "\x1b" not in completed.stderr and "« \\x1b[31m2026 »" in completed.stderr
    built = subprocess.run([sys.executable, "-m", "generator", "build", "--registry", str(make_registry()),
                            "--site-dir", str(PROJECT / "registry" / "\x1b[2J")], cwd=PROJECT, capture_output=True,
                           text=True, check=False)
    assert built.returncode == 1 and "\x1b" not in built.stderr and "\\x1b[2J" in built.stderr


# --- what reaches a page -----------------------------------------------------------------------------------

def test_json_inside_html_escapes_the_line_separators() -> None:
    for data in ({"name": "a\u2028b\u2029c"}, {"name": "a\u2028b\u2029c {x}"}):  # both paths of json_for_script
        text = str(json_for_script(data))
        assert "\u2028" not in text and "\u2029" not in text
        assert "\\u2028" in text and "\\u2029" in text
        assert json.loads(text) == data


def test_a_name_with_line_separators_keeps_every_json_block_whole(make_registry) -> None:
    """The validator refuses them; page assembly must not depend on it (it once split lines at U+0085)."""
    registry = build_registry(str(make_registry()), TODAY)
    company = registry.companies["societe-electrique"]
    registry.companies["societe-electrique"] = company.model_copy(update={"name": "A\x85B\u2028C\u2029D\rE"})
    pages = render_site(registry, SiteInfo("https://example.org/"))
    blocks = [block for page in pages.values() for block in re.findall(
        r'<script type="application/(?:ld\+)?json"[^>]*>(.*?)</script>', page.content, re.S)]
    assert len(blocks) >= 2 and any("\"@type\":\"Organization\"" in block for block in blocks)
    for block in blocks:
        json.loads(block)
    assert any("A\x85B\u2028C\u2029D" in json.dumps(json.loads(b), ensure_ascii=False) for b in blocks)


def test_no_code_splits_content_with_splitlines() -> None:
    """str.splitlines() also splits at U+0085, U+2028, U+2029, VT, FF and FS-RS, which are text in a record."""
    found = []
    for path in sorted((PROJECT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "splitlines":
                found.append(f"{path.relative_to(PROJECT)}:{node.lineno}")
    assert found == []
