"""French a visitor trusts, on every published page of the built fixture site: no English, no developer
jargon, singular and plural, typographic ordinals, "Modifier cette page", a home <title> said once."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.sitebuild import PROJECT
from tests.test_benchmarks_french import SCRIPT_ENGLISH

# Pages whose subject allows a word forbidden elsewhere: the maintainers' guide (commands, http(s)), the
# open data's field descriptions (null), the measurements (the commands that produced each table), and the
# pages that say what needs JavaScript.
ALLOWED = {
    "contribuer/index.html": {"commit", "build", "http(s)", "révision", "to"},
    "performances/index.html": {"build"},
    "donnees/index.html": {"null", "http(s)", "to"},  # "to": a field name (a suspension's end)
    "accessibilite/index.html": {"JavaScript"},
    "verifier/index.html": {"JavaScript"},
}
FORBIDDEN = re.compile(
    r"JavaScript|\(s\)|http\(s\)|\b1er\b|\bEditer\b|\bÉditer\b|révision|\bcommit\b|\bbuild\b|\bundefined\b|\bnull\b"
    r"|\bNaN\b|\b(?:the|and|of|to|with|Search|Loading|Error|Skip|Edit)\b(?= [a-z])|\b[0-9a-f]{12}\b")
WRONG_NUMBER = re.compile(
    r"(?<![\d\u202f,])\b[01] (?:entreprises|certificats|référentiels|sources|autres|résultats|certificateurs)\b"
    r"|(?<![\d\u202f,])\b(?:[2-9]|[1-9]\d+) (?:entreprise|certificat|référentiel|résultat|certificateur)(?![\w])")


def visible_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r" ([,.])", r"\1", re.sub(r"\s+", " ", html.unescape(text)))


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and "ancienne-energie" not in p.parts)


def test_no_english_nor_jargon_on_any_page(built_site: Path) -> None:
    found = []
    for page in pages(built_site):
        relative = str(page.relative_to(built_site))
        for match in FORBIDDEN.finditer(visible_text(page)):
            if match.group(0) not in ALLOWED.get(relative, set()):
                found.append((relative, match.group(0)))
    assert found == []


def test_singular_and_plural_agree_with_their_number(built_site: Path) -> None:
    found = [(str(p.relative_to(built_site)), m.group(0)) for p in pages(built_site)
             for m in WRONG_NUMBER.finditer(visible_text(p))]
    assert found == []
    assert WRONG_NUMBER.search("1 entreprises") and WRONG_NUMBER.search("3 certificat ")  # the check can fail
    assert not WRONG_NUMBER.search("1 entreprise, 0 certificat, 3 certificats, 10\u202f000 entreprises")


def test_the_home_title_says_the_site_name_once(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(.*?)</title>", home) == ["Registre de la relation client"]
    standard = (built_site / "referentiels/iso-test/index.html").read_text(encoding="utf-8")
    assert "<title>Norme de service client - Registre de la relation client</title>" in standard


def test_the_edit_link_says_modifier(built_site: Path) -> None:
    page = (built_site / "entreprises/energie-publique/index.html").read_text(encoding="utf-8")
    assert 'title="Modifier cette page"' in page
    assert "Editer cette page" not in page


def test_the_footer_explains_its_days_and_names_no_revision(built_site: Path) -> None:
    footer = visible_text(built_site / "index.html")
    footer = footer[footer.index("Statuts calculés"):]
    assert footer.startswith("Statuts calculés pour le 25 novembre 2026, jour de publication ; affichés au "
                             "25 novembre 2026.")
    assert not re.search(r"\b[0-9a-f]{7,}\b", footer)


def test_the_measurements_are_a_public_page_in_french(built_site: Path) -> None:
    """Issues 12 and 13: /performances/ is published, in the menu under « À propos », and says in French what
    the benchmark scripts used to print in English (their words: tests/test_benchmarks_french.py)."""
    page = built_site / "performances" / "index.html"
    assert page.is_file()
    assert "- Performances: performances.md" in (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="performances/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Performances', home)
    text = visible_text(page)
    assert "Objectif" in text and "tenu ?" in text and "charge moyenne" in text
    assert SCRIPT_ENGLISH.findall(text) == []
    assert not (PROJECT / "benchmarks" / "RESULTS.md").exists()  # the figures are written once, on the page


@pytest.mark.parametrize("page", ["index.html", "entreprises/index.html", "methode/index.html"])
def test_ordinals_are_typographic(built_site: Path, page: str) -> None:
    text = visible_text(built_site / page)
    assert not re.search(r"\b1er\b", text)


def test_the_companies_intro_speaks_of_the_registry_not_of_scripts(built_site: Path) -> None:
    text = visible_text(built_site / "entreprises/index.html")
    intro = text[text.index("Toutes les entreprises du registre"):text.index("Nom, SIREN ou numéro")]
    assert "JavaScript" not in intro and "script" not in intro.lower()
