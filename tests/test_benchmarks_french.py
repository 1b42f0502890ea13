"""The benchmark scripts print French: their tables are pasted as printed into docs/performances.md, a page
of the public site (/performances/). Each script's report is fed small made-up figures here, so that none
can drift back to English or to another number format."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = ("fr", "make_registry", "build", "search", "validate", "verifier", "serve")
NNBSP = "\u202f"

# What the scripts printed before they spoke French: tests/e2e/test_french.py checks the page for it too
# ("query" is left out: the page shows search.py's --query option).
SCRIPT_ENGLISH = re.compile(
    r"\b(?:compan(?:y|ies)|certificates|median|wall|largest|process(?:es)?|tree|targets?|load average|what"
    r"|requests?|runs?|baseline|project|before|after|met|missed|files|linearity|edits?|first"
    r"|results?|shown|none|failed|livereload|reloaded|KB|MB|CPUs?|issues?|built|served|headless|given|other|exit)\b",
    re.IGNORECASE)


@pytest.fixture(scope="module")
def scripts() -> Iterator[dict[str, ModuleType]]:
    """The scripts imported as they import each other when run (same folder on sys.path), then forgotten."""
    saved = {name: sys.modules.pop(name) for name in SCRIPTS if name in sys.modules}
    sys.path.insert(0, str(BENCHMARKS))
    try:
        modules = {name: importlib.import_module(name) for name in SCRIPTS}
        for module in modules.values():
            assert Path(str(module.__file__)).parent == BENCHMARKS, module
        yield modules
    finally:
        sys.path.remove(str(BENCHMARKS))
        for name in SCRIPTS:
            sys.modules.pop(name, None)
        sys.modules.update(saved)


def english(text: str) -> list[str]:
    return SCRIPT_ENGLISH.findall(text)


def headers(text: str) -> list[list[str]]:
    """The header row of every Markdown table in `text`."""
    lines = text.splitlines()
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line, following in zip(lines, [*lines[1:], ""], strict=True)
            if line.startswith("| ") and following.startswith("| ---")]


def test_numbers_plurals_days_and_tables(scripts: dict[str, ModuleType]) -> None:
    fr = scripts["fr"]
    assert fr.number(10_000) == f"10{NNBSP}000"
    assert fr.number(1234.56, 1) == f"1{NNBSP}234,6"
    assert fr.number(0.052, 3) == "0,052" and fr.number(-20.829, 3) == "-20,829"
    assert [fr.plural(n, "passage") for n in (0, 1, 2)] == ["0 passage", "1 passage", "2 passages"]
    assert fr.plural(10_000, "entreprise") == f"10{NNBSP}000 entreprises"
    assert fr.day(date(2026, 12, 1)) == "1ᵉʳ décembre 2026"
    assert fr.verdict(True) == "tenu" and fr.verdict(False) == "**manqué**"
    assert re.fullmatch(r"\d+,\d\d / \d+,\d\d / \d+,\d\d", fr.load())
    assert fr.table((("entreprises", ">"), ("construction", "<")), [[fr.number(1000), "`mkdocs build`"]]) == (
        f"| entreprises | construction |\n| ---: | --- |\n| 1{NNBSP}000 | `mkdocs build` |")
    with pytest.raises(ValueError):
        fr.table((("entreprises", ">"),), [["1", "2"]])


def test_build_report(scripts: dict[str, ModuleType]) -> None:
    build = scripts["build"]

    def builds(seconds: float, mb: float, page_kb: float) -> list:
        run = build.Run(seconds, seconds * 1.1, mb, mb * 1.5, 0, "")
        size = build.SiteSize(40 * 1024 * 1024, 28 * 1024 * 1024, 3187, 2 * 1024 * 1024, int(page_kb * 1024),
                              "acme")
        return [build.Build(run, size)]

    rows = [build.Row(1000, 3041, builds(5.8, 59, 16.3), builds(6.2, 152, 26.4)),
            build.Row(10_000, 29_993, builds(52.6, 238, 16.5), builds(56.5, 1141, 26.6))]
    text = build.report(build.machine(), 2, rows)
    assert english(text) == []
    assert headers(text) == [
        ["entreprises", "certificats", "construction", "temps écoulé, s", "temps processeur, s",
         "plus gros processus, Mo", "tous les processus, Mo", "site, Mo", "HTML, Mo", "index de recherche, Mo",
         "fichiers", "plus grosse page d'entreprise, Ko"],
        ["entreprises", "temps écoulé, projet / référence", "temps processeur, projet / référence",
         "plus gros processus, projet / référence", "site, projet / référence", "HTML, projet / référence",
         "ms par entreprise (référence ; projet)", "Ko de site par entreprise (référence ; projet)"],
    ]
    assert f"| 10{NNBSP}000 | 29{NNBSP}993 | `mkdocs build` (référence) | 52,6 |" in text
    assert f"| 10{NNBSP}000 | 29{NNBSP}993 | `generator build` (projet) | 56,5 |" in text
    assert "Médiane de 2 passages de chaque construction" in text and "statuts au 25 novembre 2026" in text
    assert "\nObjectifs (ticket 7) :\n" in text
    assert f"- plus gros processus, toutes tailles : 1{NNBSP}141 Mo (objectif < 1{NNBSP}536 Mo) : tenu" in text
    assert f"- taille du site par entreprise à 10{NNBSP}000, rapportée à celle à 1{NNBSP}000 : 0,100" in text
    assert "charge moyenne" in text and "(avant) ; charge moyenne" in text and "(après)" in text

    failed = build.Row(1000, 3041, builds(5.8, 59, 16.3), [build.Build(build.Run(1, 1, 1, 1, 2, ""), None)])
    text = build.report(build.machine(), 1, [failed])
    assert english(text) == []
    assert "**en échec (code de sortie 2)**" in text and "une construction a échoué" in text
    assert f"- **la construction à 1{NNBSP}000 entreprises a échoué**" in text


def test_validate_report(scripts: dict[str, ModuleType]) -> None:
    validate = scripts["validate"]
    rows = [validate.Row(1000, 1016, [validate.Run(0.61, 0.61, 45, 0, "")], [validate.Run(3.85, 3.85, 19, 0, "")]),
            validate.Row(10_000, 10_016, [validate.Run(1.93, 3.37, 65, 0, "")],
                         [validate.Run(37.29, 37.2, 22, 0, "")])]
    text = "\n".join(validate.report(rows, 3))
    assert english(text) == []
    assert headers(text) == [[
        "entreprises", "fichiers", "validation, s", "validation, temps processeur, s",
        "validation, mémoire maximale, Mo", "lecture ruamel, s", "lecture ruamel, mémoire maximale, Mo",
        "validation / lecture ruamel", "validation, ms par entreprise"]]
    assert f"| 10{NNBSP}000 | 10{NNBSP}016 | 1,93 | 3,37 | 65 | 37,29 | 22 | 0,052 | 0,193 |" in text
    assert "médiane de 3 passages, statuts au 25 novembre 2026" in text
    assert "Linéarité :" in text and "Coût marginal entre les deux : 0,147 ms par entreprise" in text


def test_search_report(scripts: dict[str, ModuleType]) -> None:
    search = scripts["search"]
    origin = "http://127.0.0.1:8000"

    def response(path: str, size: int, after: bool) -> object:
        return search.Response(origin + path, 200, size, size // 3, after)

    page = [response("/", 30_000, False), response("/assets/main.js", 50_000, False)]
    query = [response("/pagefind/pagefind.js", 40_000, True), response("/pagefind/wasm.fr.pagefind", 70_000, True),
             response("/pagefind/pagefind.fr_1.pf_meta", 65_000, True),
             response("/pagefind/index/fr_2.pf_index", 50_000, True),
             response("/pagefind/fragment/fr_3.pf_fragment", 500, True),
             response("/pagefind/pagefind-entry.json", 200, True)]
    found = search.Query(page, query, 0.3, "/entreprises/societe-electrique-zephyrin/",
                         "Société Électrique Zéphyrin", 1, "1 résultat", 1.2)
    missing = search.Query(page, query, None, None, None, 0, "", 1.3)
    text = "\n".join(search.report([found, missing], origin, "electrique zephyrin", 10_001))
    assert english(text) == []
    assert headers(text) == [
        ["ce qui est téléchargé", "fichiers téléchargés", "Ko tels que servis",
         "Ko si les textes étaient compressés (estimation)"],
        ["passage", "chargement de la page, s", "dernière touche → premier résultat, s", "résultats affichés",
         "premier résultat", "Ko de la requête"],
    ]
    assert "| première requête : Pagefind : liste des pages (pf_meta) | 1 | 63,5 |" in text
    assert "| première requête : Pagefind : point d'entrée (pagefind-entry.json) | 1 |" in text
    assert "| 2 | 1,30 | aucun | 0 | — |" in text
    assert "\nObjectifs (ticket 7) :\n" in text and f"10{NNBSP}001 entreprises" in text


def test_verifier_report(scripts: dict[str, ModuleType]) -> None:
    verifier = scripts["verifier"]
    sizes = {"index.json": 3072, "siren/12.json": 5000, "numeros/bq.json": 23_552, "noms/et.json": 106_906}
    index = {"siren": ["12"], "numbers": ["bq"], "names": ["et", "so"], "key_length": 2}
    results = [("SIREN tapé avec des espaces", "838 054 088", [(5, 34_000, 0.348, "Société Électrique Zéphyrin")]),
               ("vrai SIREN absent du registre", "356000000", [(4, 32_000, 0.235, "Aucune entreprise " * 6)])]
    text = "\n".join(verifier.report("machine", Path("/tmp/site"), 10_001, True, index, sizes, results))
    assert english(text) == []
    assert headers(text) == [
        ["fichiers de /api/v1/recherche/", "fichiers", "le plus gros, Ko", "en tout, Ko"],
        ["requête", "texte tapé", "fichiers téléchargés", "Ko après le chargement", "réponse, s (médiane)",
         "réponse"],
    ]
    assert "| mots des noms (noms/) | 1 | 104,4 | 104,4 |" in text
    assert "| SIREN tapé avec des espaces | `838 054 088` | 5 | 33,2 | 0,348 | Société Électrique Zéphyrin |" in text
    assert f"/tmp/site : 10{NNBSP}001 entreprises ; « Société Électrique Zéphyrin » présente" in text
    assert "1 numéro, 2 mots (clé de 2 caractères)" in text


def test_serve_report(scripts: dict[str, ModuleType]) -> None:
    serve = scripts["serve"]
    edits = [serve.Edit(6.33, 6.27), serve.Edit(None, 6.88)]
    text = "\n".join(serve.report("machine", 1000, 120, 5.5, [4.9, 5.6], edits, ["error: refused"]))
    assert english(text) == []
    assert headers(text) == [["modification", "fiche écrite → nouveau nom affiché, rechargement automatique, s",
                              "la même, page rechargée toutes les 250 ms, s"]]
    assert "| 1 | 6,33 | 6,27 |\n| 2 | jamais affiché | 6,88 |" in text
    assert f"`mkdocs serve` de 1{NNBSP}000 entreprises sur 127.0.0.1 ; première construction et démarrage : 5,5 s" in text
    assert "\nObjectif (ticket 7) :\n" in text and "de lui-même : **non**" in text
    assert "a refusé 1 script au nom de la politique de sécurité du contenu" in text


def test_english_check_can_fail() -> None:
    assert english("| companies | wall s | largest process MB |\nTargets (issue 7):\n- met") == [
        "companies", "wall", "largest", "process", "MB", "Targets", "issue", "met"]
