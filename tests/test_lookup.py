"""/api/v1/recherche/: the exact-lookup files /verifier/ reads, and the folding both languages share.

The folding of a name, of a certificate number and of a SIREN is written in Python (build) and in
JavaScript (assets/verifier.js, the query): node runs the browser's copy on the same tricky inputs and
both must agree, as must the browser's SIREN check digit and python-stdnum's.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from stdnum.fr import siren as stdnum_siren

from generator.export import build_exports
from generator.export.lookup import (
    FOLDED_LETTERS,
    KEY_LENGTH,
    LOOKUP_INDEX,
    STOP_WORDS,
    fold,
    lookup_files,
    name_words,
    number_key,
    siren_of,
    words,
)
from generator.registry import Registry, build_registry
from generator.site import SiteInfo
from tests.conftest import TODAY

ASSETS = Path(__file__).resolve().parents[1] / "generator" / "assets"
SITE = SiteInfo(site_url="https://registre.example.org/", repo_url=None, edit_base=None, revision=None)

TRICKY = [
    "Œuvre Sociale", "cœur", "ŒUVRE", "Straße", "STRASSE", "ẞ", "Élan Vital", "ÉLECTRICITÉ de France",
    "Électricité\u00a0de\u00a0France", "Société\u202fGénérale", "L'Oréal", "L’Oréal", "Nulle-Part", "Sœurs & Cie",
    "Ærø", "Łódź", "Đà Nẵng", "Þór", "ﬁnance", "Ｑｕａｌｉｔé", "İstanbul", "ı", "QR2024X42", "qr 2024 x42",
    "QR-2024-X42", "FR-2024-12345", "fr\u00a02024\u202f12345", "№ 12/34", "N° AB.12", "½ 2²", "  ", "",
    "Le La", "de", "La Poste", "Crédit Agricole d'Île-de-France", "x\u0301y\u0327", "\u2028ligne\u2029",
]
SIRENS = ["402960397", "402 960 397", "402\u00a0960\u00a0397", "402\u202f960\u202f397", " 402960397 ",
          "402-960-397", "40296039", "4029603970", "４０２９６０３９７", "402960397a", "", "\t402\n960\r397"]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est introuvable : il fait tourner la copie JavaScript du pliage (apt-get install nodejs)")
    return node


def run_verifier_js(script: str) -> object:
    """verifier.js in node (a window and a document that hold nothing), then `script`; what it prints, as JSON."""
    program = (
        "global.window = {}; global.document = {readyState: 'complete', querySelectorAll: () => []};\n"
        + (ASSETS / "verifier.js").read_text(encoding="utf-8")
        + "\nconst L = window.RegistreLookup;\n" + script
    )
    out = subprocess.run([_node(), "-e", program], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_python_and_javascript_fold_names_and_numbers_alike() -> None:
    letters, stop = json.dumps(FOLDED_LETTERS), json.dumps(list(STOP_WORDS))
    got = run_verifier_js(
        f"const inputs = {json.dumps(TRICKY)};\n"
        f"console.log(JSON.stringify(inputs.map(t => [L.fold(t, {letters}), L.words(t, {letters}), "
        f"L.nameWords(t, {letters}, {stop}), L.numberKey(t, {letters})])));"
    )
    expected = [[fold(t), words(t), name_words(t), number_key(t)] for t in TRICKY]
    assert got == expected
    by_input = dict(zip(TRICKY, expected, strict=True))
    # The cases the verifier relies on, spelt out: ligatures, ß, capitals, no-break spaces, hyphens.
    assert by_input["Œuvre Sociale"][1] == ["oeuvre", "sociale"] and by_input["ŒUVRE"][1] == ["oeuvre"]
    assert by_input["Straße"][3] == by_input["STRASSE"][3] == "strasse"
    assert by_input["Électricité\u00a0de\u00a0France"][2] == by_input["ÉLECTRICITÉ de France"][2] == ["electricite",
                                                                                                    "france"]
    assert by_input["Société\u202fGénérale"][1] == ["societe", "generale"]
    assert by_input["QR-2024-X42"][3] == by_input["qr 2024 x42"][3] == by_input["QR2024X42"][3] == "qr2024x42"
    assert by_input["fr\u00a02024\u202f12345"][3] == by_input["FR-2024-12345"][3] == "fr202412345"
    assert by_input["Le La"][2] == ["le", "la"]  # a name made of stop words only keeps them
    assert by_input["La Poste"][2] == ["poste"]


def test_python_and_javascript_read_a_siren_alike() -> None:
    got = run_verifier_js(f"console.log(JSON.stringify({json.dumps(SIRENS)}.map(t => L.sirenOf(t))));")
    assert got == [siren_of(t) for t in SIRENS]
    assert got[:5] == ["402960397"] * 5 and got[8] == "402960397" and got[11] == "402960397"
    assert got[5:8] == [None, None, None] and got[9:11] == [None, None]


def test_the_browser_check_digit_is_python_stdnum_s() -> None:
    rng = random.Random(13)
    numbers = [f"{rng.randrange(10 ** 9):09d}" for _ in range(3000)]
    numbers += ["000000000", "999999999", "552081317", "552081318", "402960397", "402960398", "732829320"]
    got = run_verifier_js(f"console.log(JSON.stringify({json.dumps(numbers)}.map(n => L.luhnValid(n))));")
    assert got == [stdnum_siren.is_valid(n) for n in numbers]
    assert 250 < sum(got) < 350  # about one number in ten is valid: both answers occur


def test_the_browser_reads_a_day_only_when_it_exists() -> None:
    days = ["2025-03-15", "2024-02-29", "2025-02-29", "2025-13-01", "2025-04-31", "15/03/2025", "2025-3-15", ""]
    got = run_verifier_js(f"console.log(JSON.stringify({json.dumps(days)}.map(d => L.validDay(d))));")
    assert got == ["2025-03-15", "2024-02-29", None, None, None, None, None, None]


# --- the files ---------------------------------------------------------------------------------------

COMPANY = """\
name: Société Électrique
aliases:
  - Électricité de Test
  - Le La
siren: '347384570'
checked: '2026-11-01'
sources:
  - title: Fiche
    publisher: Le Monde
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2024-02-29'
    number: 'QR-2024-X42'
    sources:
      - https://example.org/a
    id: iso-test-2024
  - standard: label-test
    issued: '2023-01-10'
    number: 'qr 2024 x42'
    sources:
      - https://example.org/b
    id: label-2023
"""

OTHER = """\
name: Cœur de Straße
siren: '552081317'
checked: '2026-11-01'
sources:
  - title: Fiche
    publisher: Le Monde
certifications:
  - standard: iso-test
    issued: '2024-01-10'
    sources:
      - https://example.org/c
"""


@pytest.fixture
def registry(make_registry: Callable[..., Path]) -> Registry:
    root = make_registry({"companies/societe-electrique.yml": COMPANY, "companies/coeur.yml": OTHER})
    registry = build_registry(str(root), TODAY)
    assert not registry.errors, registry.errors
    return registry


def test_the_tables_hold_each_siren_number_and_name_word(registry: Registry) -> None:
    files = {path: json.loads(text) for path, text in lookup_files(registry).items()}
    assert files["api/v1/recherche/siren/34.json"] == {"347384570": ["societe-electrique"]}
    assert files["api/v1/recherche/siren/55.json"] == {"552081317": ["coeur"]}
    # Two certificates whose numbers differ only by case and spacing: both answer the folded number.
    assert files["api/v1/recherche/numeros/42.json"] == {
        "qr2024x42": [["societe-electrique", "iso-test-2024"], ["societe-electrique", "label-2023"]]}
    names = {word: entries for path, table in files.items() if "/noms/" in path for word, entries in table.items()}
    assert names["societe"] == [["societe-electrique", 0, 2]]
    assert names["electrique"] == [["societe-electrique", 0, 2]]
    assert names["electricite"] == [["societe-electrique", 1, 2]]  # "de" is left out: 2 words
    assert names["le"] == [["societe-electrique", 2, 2]] and names["la"] == [["societe-electrique", 2, 2]]
    assert names["coeur"] == [["coeur", 0, 2]] and names["strasse"] == [["coeur", 0, 2]]
    assert "de" not in names and "Société" not in names
    for path, table in files.items():
        if "/noms/" in path:
            assert all(word[:KEY_LENGTH] == Path(path).stem for word in table)


def test_the_index_lists_exactly_the_shards_written(registry: Registry) -> None:
    files = lookup_files(registry)
    index = json.loads(files[LOOKUP_INDEX])
    assert index["key_length"] == KEY_LENGTH
    assert index["folded_letters"] == FOLDED_LETTERS and index["stop_words"] == list(STOP_WORDS)
    for key, folder in (("siren", "siren"), ("numbers", "numeros"), ("names", "noms")):
        written = sorted(Path(p).stem for p in files if p.startswith(f"api/v1/recherche/{folder}/"))
        assert index[key] == written and written


def test_the_lookup_files_are_published_with_the_open_data_and_never_change_between_runs(
        registry: Registry) -> None:
    first, second = build_exports(registry, SITE), build_exports(registry, SITE)
    assert first == second
    lookups = {p: c for p, c in first.items() if p.startswith("api/v1/recherche/")}
    assert LOOKUP_INDEX in lookups and len(lookups) > 5
    assert all(json.loads(c) is not None and c.endswith(b"\n") for c in lookups.values())


def test_a_name_of_hostile_text_stays_data(make_registry: Callable[..., Path]) -> None:
    hostile = COMPANY.replace("name: Société Électrique", "name: '<script>alert(1)</script> ../../x'")
    registry = build_registry(str(make_registry({"companies/societe-electrique.yml": hostile})), TODAY)
    assert not registry.errors, registry.errors
    files = lookup_files(registry)
    # Paths are made of folded words (a-z, 0-9) only; the text never reaches a path.
    assert all(part.isalnum() for p in files for part in Path(p).stem.split("-"))
    names = {w for p, t in files.items() if "/noms/" in p for w in json.loads(t)}
    assert {"script", "alert", "1", "x"} <= names
