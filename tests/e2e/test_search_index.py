"""What the Pagefind index of the e2e fixture site holds: fields apart from the text, a sentence per page,
no status of the build day, no label glued to its value, and the same bytes on every build.

Read from the built index itself (pagefind/fragment/*.pf_fragment: a signature then gzip'd JSON), not
from the templates: this is what a query meets.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

from generator.wording import STATUS_LABELS
from tests.e2e.registry import TODAY, write_registry
from tests.sitebuild import build_site

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> dict[str, dict]:
    """{page URL inside the site: its fragment (content, meta, filters)}."""
    found = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = path.read_bytes()
        text = data if data.startswith(SIGNATURE) else gzip.decompress(data)
        fragment = json.loads(text[len(SIGNATURE):])
        found[fragment["url"].removeprefix("/sous-chemin")] = fragment
    return found


def test_company_fields_are_indexed_apart_from_the_text(built_site: Path) -> None:
    pages = fragments(built_site)
    energie = pages["/entreprises/energie-publique/"]
    meta = energie["meta"]
    assert meta["siren"] == "402960397"
    assert meta["secteur"].strip() == "Énergie"
    assert meta["referentiels"] == "Label Accueil Exemplaire, Norme de service client"
    assert "statut_declare" not in meta
    assert pages["/entreprises/mutuelle-alpha/"]["meta"]["statut_declare"] == "retiré (Label Accueil Exemplaire)"
    # Only the company-type filter: Pagefind 1.5.2 writes the values of a filter with several in a random order.
    assert {url: f["filters"] for url, f in pages.items() if f["filters"]} == {
        url: {"type": ["entreprise"]} for url in pages if url.startswith("/entreprises/")}


def test_every_indexed_page_has_its_sentence(built_site: Path) -> None:
    pages = fragments(built_site)
    assert len(pages) == 6 + 3 + 2  # companies, standards, certifiers
    for url, fragment in pages.items():
        sentence = fragment["meta"]["resume"]
        assert sentence.endswith(".") and sentence[0].isupper(), (url, sentence)
        assert fragment["meta"]["title"] in sentence or not url.startswith("/entreprises/"), (url, sentence)
    assert pages["/entreprises/societe-bancaire/"]["meta"]["resume"] == (
        "Société Bancaire du Test, entreprise du secteur Banque, SIREN 552081317 : "
        "1 certificat enregistré (Label Accueil Exemplaire n° BV77).")
    assert pages["/certificateurs/afnor/"]["meta"]["resume"] == (
        "Organisme certificateur, SIREN 479076002, accréditation COFRAC n° 5-0001 ; "
        "référentiel : Norme de service client.")


def test_no_status_of_the_build_day_is_in_the_index(built_site: Path) -> None:
    for url, fragment in fragments(built_site).items():
        text = " ".join([fragment["content"], *fragment["meta"].values()])
        for label in STATUS_LABELS.values():
            if label == "retiré":
                continue  # the declared status of the record ("statut_declare"), a fact of no day
            assert not re.search(rf"\b{re.escape(label)}\b", text), (url, label)
        assert "statut au" not in text and "Attention : cette fiche" not in text, url


def test_no_label_is_glued_to_its_value(built_site: Path) -> None:
    pages = fragments(built_site)
    content = pages["/entreprises/energie-publique/"]["content"]
    for pair in ("Autres noms Électricité de Nulle-Part", "SIREN 402960397", "Secteur Énergie",
                 "Certificateur AFNOR Certification", "Numéro QR2024X42", "Périmètre Tous les sites"):
        assert pair in content
    glued = re.compile(r"[a-zàâçéèêëîïôûùüÿœ)][A-ZÀÂÇÉÈÊËÎÏÔÛÙÜŸŒ]")
    for url, fragment in pages.items():
        assert not glued.search(fragment["content"]), (url, glued.findall(fragment["content"]))


def test_the_index_is_the_same_bytes_on_every_build(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    result = build_site(write_registry(tmp_path / "registry"), again, TODAY.isoformat())
    assert result.exit_code == 0, result.output

    def digest(site: Path) -> dict[str, str]:
        folder = site / "pagefind"
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = digest(built_site), digest(again)
    assert any(p.startswith("fragment/") for p in first) and first == second
