"""The generated pages: paths, wording, provenance, structured data, and safety against hostile records.

Pages are checked as MkDocs would build them: front matter split off with MkDocs' own reader, the
body converted by Python-Markdown with the site's extensions, the result parsed as HTML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import meta

from generator.model import SourceRef
from generator.registry import Registry, build_registry
from generator.render import (
    ASSET_DIR,
    ASSETS,
    LAPSING_COUNT,
    LATEST_COUNT,
    RenderedFile,
    fold,
    front_matter_title,
    html_text,
    json_for_script,
    page_root,
    render_site,
    safe_url,
)
from generator.render.text import compact_lines
from generator.site import SiteInfo

TODAY = date(2026, 11, 25)
SITE = SiteInfo(
    site_url="https://registre.example.org/sous-chemin/",
    repo_url="https://github.com/exemple/registre",
    edit_base="https://github.com/exemple/registre/edit/main/registry/",
    revision="abc1234",
)
EXTENSIONS = ["attr_list", "tables", "toc", "admonition"]

PRIX = """\
name: Prix de test
kind: prix
owner: Jury de test
sources:
  - title: Palmarès
    publisher: Jury de test
"""

# One company with every status, a superseded certificate, a certificate without certifier,
# disputes, a stale `checked` and a former id.
ACME = """\
name: Acme Relation Client
aliases:
  - Acmé
former_ids:
  - ancienne-acme
siren: '732829320'
sector: Énergie
website: https://acme.example.org/
checked: '2025-06-01'
notes: Une note sur l'entreprise.
sources:
  - title: Présentation d'Acme
    url: https://example.org/acme
    publisher: Le Journal
    date: '2024-03-02'
    archive: https://web.archive.org/web/2024/https://example.org/acme
  - title: Un livre sans adresse
    publisher: Éditions de test
disputes:
  - topic: Date de création du service client
    claims:
      - claim: Créé en 1998
        sources:
          - https://example.org/creation-1998
      - claim: Créé en 2001
        sources:
          - title: Un livre sans adresse
            publisher: Éditions de test
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2024-02-29'
    number: 'ACME-1'
    sources:
      - https://example.org/acme
    disputes:
      - topic: Périmètre du certificat
        claims:
          - claim: Tous les sites
            sources:
              - https://example.org/perimetre-tous
          - claim: Le siège seulement
            sources:
              - https://example.org/perimetre-siege
  - standard: label-test
    issued: '2024-01-10'
    sources:
      - https://example.org/label-acme
  - standard: iso-test
    certifier: afnor
    issued: '2020-03-01'
    scope: Site de Lyon
    number: 'ACME-LYON'
    sources:
      - https://example.org/lyon
  - standard: iso-test
    certifier: afnor
    issued: '2025-01-15'
    scope: Site de Lille
    suspensions:
      - from: '2026-05'
        sources:
          - https://example.org/lille-suspension
    sources:
      - https://example.org/lille
  - standard: label-test
    issued: '2025-06-01'
    scope: Agence
    status: withdrawn
    status_date: '2026-02-03'
    sources:
      - https://example.org/agence
  - standard: prix-test
    issued: '2008'
    sources:
      - https://example.org/prix-2008
  - standard: prix-test
    reported: '2015'
    scope: Édition 2015
    notes: Signalé par un article de 2015.
    sources:
      - https://example.org/prix-2015
  - standard: iso-test
    certifier: afnor
    issued: '2018-05-01'
    number: 'ACME-0'
    sources:
      - https://example.org/acme-2018
"""

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</td></table>",
    "[x](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{{ config }}",
    "*emphasis*",
    "--8<-- \"/etc/passwd\"",
]
HOSTILE = " ".join(HOSTILE_TEXTS)


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_company() -> str:
    h = _yaml_string(HOSTILE)
    multiline = _yaml_string("\n\n".join(HOSTILE_TEXTS))
    return f"""\
name: {h}
aliases:
  - {_yaml_string(HOSTILE_TEXTS[1])}
  - {_yaml_string(HOSTILE_TEXTS[3])}
sector: {_yaml_string(HOSTILE_TEXTS[2])}
checked: '2026-11-01'
notes: {multiline}
sources:
  - title: {h}
    url: https://example.org/hostile?a=1&b=<2>
    publisher: {_yaml_string(HOSTILE_TEXTS[8])}
disputes:
  - topic: {h}
    claims:
      - claim: {h}
        sources:
          - https://example.org/hostile-1
      - claim: {multiline}
        sources:
          - title: {h}
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2025-01-02'
    number: {_yaml_string(HOSTILE_TEXTS[7])}
    scope: {h}
    notes: {multiline}
    sources:
      - title: {h}
        url: https://example.org/hostile-2
"""


HOSTILE_STANDARD = f"""\
name: {_yaml_string(HOSTILE)}
aliases:
  - {_yaml_string(HOSTILE_TEXTS[0])}
kind: label
owner: {_yaml_string(HOSTILE)}
summary: {_yaml_string(HOSTILE)}
requirements:
  - {_yaml_string(HOSTILE)}
comparison:
  independent_audit:
    value: oui
    sources:
      - title: {_yaml_string(HOSTILE)}
        publisher: {_yaml_string(HOSTILE)}
    note: {_yaml_string(HOSTILE)}
notes: {_yaml_string(HOSTILE)}
history:
  - date: '2010'
    event: {_yaml_string(HOSTILE)}
    sources:
      - https://example.org/hostile-history
sources:
  - title: {_yaml_string(HOSTILE)}
    publisher: {_yaml_string(HOSTILE)}
"""

HOSTILE_CERTIFIER = f"""\
name: {_yaml_string(HOSTILE)}
accreditation: {_yaml_string(HOSTILE)}
lookup_url: https://certif.example.org/recherche?q=<x>
notes: {_yaml_string(HOSTILE)}
sources:
  - title: {_yaml_string(HOSTILE)}
    publisher: Organisme
"""

HOSTILE_HOLDER = """\
name: Porteur du label hostile
checked: '2026-11-01'
sources:
  - https://example.org/porteur
certifications:
  - standard: label-hostile
    certifier: certif-hostile
    issued: '2025-03-01'
    sources:
      - https://example.org/porteur-label
"""


@pytest.fixture
def registry(make_registry: Callable[..., Path]) -> Registry:
    root = make_registry({"standards/prix-test.yml": PRIX, "companies/acme.yml": ACME})
    built = build_registry(str(root), TODAY)
    assert built.errors == []
    return built


@pytest.fixture
def site(registry: Registry) -> dict[str, RenderedFile]:
    return render_site(registry, SITE)


@pytest.fixture
def hostile_registry(make_registry: Callable[..., Path]) -> Registry:
    root = make_registry({
        "companies/hostile.yml": hostile_company(),
        "standards/label-hostile.yml": HOSTILE_STANDARD,
        "certifiers/certif-hostile.yml": HOSTILE_CERTIFIER,
        "companies/porteur.yml": HOSTILE_HOLDER,
    })
    built = build_registry(str(root), TODAY)
    assert built.errors == []
    return built


# --- helpers ------------------------------------------------------------------------------------


class Tree(HTMLParser):
    """Start tags with their attributes, the text, and script bodies of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    BLOCKS = frozenset(("p", "div", "dt", "dd", "li", "td", "th", "tr", "h1", "h2", "h3", "section",
                        "article", "br", "caption", "ul", "ol", "dl", "table", "label", "option"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.text.append(" ")
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.text.append(" ")
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


def split_page(content: str) -> tuple[str, dict[str, object]]:
    body, data = meta.get_data(content)
    return body, data


def to_html(content: str, extensions: list[str] | None = None) -> str:
    body, _ = split_page(content)
    return markdown.markdown(body, extensions=extensions or EXTENSIONS)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def page_tree(files: dict[str, RenderedFile], path: str) -> Tree:
    return parse(to_html(files[path].content))


def visible(tree: Tree) -> str:
    return " ".join(tree.all_text.split())


# --- paths and structure --------------------------------------------------------------------------


def test_every_page_path_is_generated(site: dict[str, RenderedFile]) -> None:
    expected = {
        "index.md", "entreprises/index.md", "referentiels/index.md", "comparatif/index.md",
        "certificateurs/index.md", "verifier/index.md", "sources/index.md", "couverture/index.md",
        "donnees/index.md",
        "entreprises/acme.md", "entreprises/societe-electrique.md",
        "referentiels/iso-test.md", "referentiels/label-test.md", "referentiels/prix-test.md",
        "certificateurs/afnor.md",
        "entreprises/ancienne-acme/index.html", "contribuer/proposer/index.md",
    } | {f"{ASSET_DIR}/{name}" for name in ASSETS}
    assert expected <= set(site)
    assert {p for p in set(site) - expected if not p.startswith((ASSET_DIR + "/", "api/v1/chiffres/"))} == set()
    assert list(site) == sorted(site)


def test_edit_paths_point_at_records(site: dict[str, RenderedFile]) -> None:
    assert site["entreprises/acme.md"].edit_path == "companies/acme.yml"
    assert site["referentiels/iso-test.md"].edit_path == "standards/iso-test.yml"
    assert site["certificateurs/afnor.md"].edit_path == "certifiers/afnor.yml"
    assert site["index.md"].edit_path is None


def test_output_is_deterministic(registry: Registry) -> None:
    assert render_site(registry, SITE) == render_site(registry, SITE)


def test_pages_are_one_html_block_without_blank_line(site: dict[str, RenderedFile]) -> None:
    for path, file in site.items():
        if not path.endswith(".md"):
            continue
        body, data = split_page(file.content)
        # The home page has no title of its own: its <title> is the site's name, not twice.
        assert isinstance(data.get("title"), str) if path != "index.md" else "title" not in data, path
        block = body.strip("\n")
        assert block.startswith("<div class=\"rr"), path
        assert block.endswith("</div>"), path
        assert "\n\n" not in block, path
        assert not re.search(r"^\s", block, re.M), path  # no indented line Markdown could read as code


def test_relative_links_match_directory_urls(site: dict[str, RenderedFile]) -> None:
    assert page_root("index.md") == ""
    assert page_root("entreprises/index.md") == "../"
    assert page_root("entreprises/acme.md") == "../../"
    acme = site["entreprises/acme.md"].content
    assert 'href="../../referentiels/iso-test/"' in acme
    assert 'href="../../certificateurs/afnor/"' in acme
    assert 'href="acme/"' in site["entreprises/index.md"].content
    assert 'href="entreprises/"' in site["index.md"].content


def test_internal_links_resolve(site: dict[str, RenderedFile]) -> None:
    """Every relative link of every page lands on a generated page (or an open-data file)."""
    pages = {path.removesuffix("index.md").removesuffix(".md") + ("/" if not path.endswith("index.md") else "")
             for path in site if path.endswith(".md")}
    pages = {p if p.endswith("/") or p == "" else p + "/" for p in pages}
    pages |= {f"{p.stem}/" for p in (Path(__file__).parents[1] / "docs").glob("*.md")}  # the hand-written pages
    for path in site:
        if not path.endswith(".md"):
            continue
        base = path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"
        for tag, attrs in page_tree(site, path).tags:
            href = attrs.get("href") if tag == "a" else None
            if not href or href.startswith(("http://", "https://", "#")):
                continue
            target = _resolve(base, href.split("#")[0].split("?")[0])
            if target.startswith("api/v1/"):
                continue  # written by the export, not by render
            assert target in pages, (path, href)


def _resolve(base: str, href: str) -> str:
    parts = [p for p in base.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts) + ("/" if parts else "")


# --- company page -----------------------------------------------------------------------------------


def test_company_status_wording(site: dict[str, RenderedFile]) -> None:
    text = visible(page_tree(site, "entreprises/acme.md"))
    assert ("valide jusqu'au 28 février 2027 inclus (échéance calculée : attribué le 29 février 2024 + 3 ans) "
            "(statut au 25 novembre 2026)") in text
    assert "expire bientôt : valide jusqu'au 9 janvier 2027 inclus" in text
    # A last day computed from a term is "échéance dépassée", with the computation, never "expiré".
    assert ("échéance dépassée depuis le 1ᵉʳ mars 2023 (calculée : attribué le 1ᵉʳ mars 2020 + 3 ans)"
            in text)
    assert "expiré depuis" not in text
    assert "suspendu depuis mai 2026" in text
    assert "retiré depuis le 3 février 2026" in text
    assert "statut inconnu : attribué en 2008, durée de validité non connue" in text
    assert "statut inconnu : signalé en 2015, date d'attribution et durée non connues" in text
    assert "1er" not in text  # the first of the month is 1ᵉʳ


def test_a_last_day_given_by_a_source_reads_expired(make_registry: Callable[..., Path]) -> None:
    company = ACME.replace("    issued: '2020-03-01'\n", "    issued: '2020-03-01'\n    expires: '2023-02'\n")
    registry = build_registry(str(make_registry({"companies/acme.yml": company, "standards/prix-test.yml": PRIX})),
                              TODAY)
    text = visible(page_tree(render_site(registry, SITE), "entreprises/acme.md"))
    assert "expiré depuis le 1ᵉʳ mars 2023 — aucun renouvellement trouvé" in text
    assert "Dernier jour de validité jusqu'à fin février 2023 (date de fin donnée par les sources)" in text


def test_expired_without_renewal_says_so_and_history_does_not(site: dict[str, RenderedFile]) -> None:
    content = site["entreprises/acme.md"].content
    note = "— aucun renouvellement trouvé dans les sources (fiche vérifiée le 1ᵉʳ juin 2025)"
    lyon = content[content.index("(Site de Lyon)", content.index('id="certifications"')):]
    lyon = lyon[:lyon.index("</article>")]
    assert note in lyon
    history = content[content.index('id="historique"'):]
    history = history[:history.index("</article>")]
    assert "échéance dépassée depuis le 1ᵉʳ mai 2021" in history  # 2018-05-01 + 3 years, superseded
    assert "aucun renouvellement" not in history


def test_history_section_holds_superseded_certificates(site: dict[str, RenderedFile]) -> None:
    content = site["entreprises/acme.md"].content
    current = content[content.index('id="certifications"'):content.index('id="historique"')]
    history = content[content.index('id="historique"'):content.index('id="sources"')]
    assert "<dd>ACME-0 </dd>" in history and "<dd>ACME-0 </dd>" not in current
    assert "<dd>ACME-1 </dd>" in current and "<dd>ACME-1 </dd>" not in history
    assert history.count("<article") == 1


def test_certifier_missing_and_dates(site: dict[str, RenderedFile]) -> None:
    text = visible(page_tree(site, "entreprises/acme.md"))
    assert "Certificateur non précisé par les sources" in text
    assert "Attribution le 29 février 2024" in text
    assert "Attribution date non connue ; signalé en 2015" in text
    assert ("Dernier jour de validité le 28 février 2027 (calculé : attribué le 29 février 2024 + 3 ans, "
            "durée du référentiel)") in text
    assert "vérifié le 1ᵉʳ juin 2025" in text
    assert "Autres noms Acmé" in text
    assert "SIREN 732829320" in text


def test_stale_warning_only_on_old_records(site: dict[str, RenderedFile]) -> None:
    assert "pas été vérifiée depuis plus d'un an (dernière vérification le 1ᵉʳ juin 2025)" in \
        visible(page_tree(site, "entreprises/acme.md"))
    assert "plus d'un an" not in site["entreprises/societe-electrique.md"].content


def test_disputes_show_every_claim_with_its_sources(site: dict[str, RenderedFile], registry: Registry) -> None:
    content = site["entreprises/acme.md"].content
    tree = page_tree(site, "entreprises/acme.md")
    text = visible(tree)
    numbered = _numbered_sources(content)
    company = registry.companies["acme"]
    disputes = list(company.disputes) + [d for c in company.certifications for d in c.disputes]
    for dispute in disputes:
        assert f"Les sources divergent : « {dispute.topic} »" in text
        for claim in dispute.claims:
            match = re.search(re.escape(str(html_text(claim.claim))) + r' <sup class="rr-cite">\[(.*?)\]</sup>', content)
            assert match, claim.claim
            cited = {int(n) for n in re.findall(r">(\d+)</a>", match.group(1))}
            assert {numbered[n] for n in cited} == {_key(s) for s in claim.sources}


def _key(source: str | SourceRef) -> str:
    return source if isinstance(source, str) else (source.url or "titre:" + source.title)


def _numbered_sources(content: str) -> dict[int, str]:
    """Number -> URL (or 'titre:' + title) of the page's source list."""
    found = {}
    for number, body in re.findall(r'<li id="source-(\d+)">(.*?)</li>', content):
        url = re.match(r'<a href="([^"]+)"', body)
        found[int(number)] = url.group(1).replace("&amp;", "&") if url else "titre:" + body.split(",")[0]
    return found


def test_sources_numbered_once_with_publisher_date_archive(site: dict[str, RenderedFile]) -> None:
    content = site["entreprises/acme.md"].content
    numbered = _numbered_sources(content)
    assert list(numbered) == list(range(1, len(numbered) + 1))
    assert len(set(numbered.values())) == len(numbered)
    assert numbered[1] == "https://example.org/acme"  # cited by the company and by a certificate: once
    first = re.search(r'<li id="source-1">(.*?)</li>', content)
    assert first is not None
    assert first.group(1).rstrip() == (
        '<a href="https://example.org/acme" rel="nofollow">Présentation d&#39;Acme</a>, Le Journal, '
        'publié le 2 mars 2024 (<a href="https://web.archive.org/web/2024/https://example.org/acme" '
        'rel="nofollow">copie archivée</a>)'
    )


def test_company_json_ld(site: dict[str, RenderedFile]) -> None:
    tree = page_tree(site, "entreprises/acme.md")
    scripts = [body for attrs, body in tree.scripts if attrs.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Acme Relation Client"
    assert data["url"] == "https://registre.example.org/sous-chemin/entreprises/acme/"
    assert data["identifier"]["value"] == "732829320"
    certifications = {c.get("certificationIdentification"): c for c in data["hasCertification"]}
    first = certifications["ACME-1"]
    assert first == {
        "@type": "Certification",
        "name": "Norme de test",
        "validFrom": "2024-02-29",
        "expires": "2027-02-28",
        "certificationStatus": "https://schema.org/CertificationActive",
        "certificationIdentification": "ACME-1",
        "issuedBy": {"@type": "Organization", "name": "AFNOR Certification"},
    }
    assert certifications["ACME-LYON"]["certificationStatus"] == "https://schema.org/CertificationInactive"
    assert len(data["hasCertification"]) == 8


def test_status_elements_carry_their_timelines(site: dict[str, RenderedFile], registry: Registry) -> None:
    tree = page_tree(site, "entreprises/acme.md")
    statuses = [attrs for tag, attrs in tree.tags if "data-rr-status" in attrs]
    assert len(statuses) == 8
    by_status = Counter(attrs["data-status"] for attrs in statuses)
    assert by_status == {"valid": 1, "expiring": 1, "expired": 2, "suspended": 1, "withdrawn": 1, "unknown": 2}
    for attrs in statuses:
        assert attrs["data-computed-on"] == "2026-11-25"
        assert attrs["class"] == f"rr-status rr-status--{attrs['data-status']}"
        assert len(json.loads(attrs["data-words"])) == len(attrs["data-tl"].split())
    suspended = next(a for a in statuses if a["data-status"] == "suspended")
    # Issued 2025-01-15 (valid), suspended some day of May 2026 (unknown), then suspended from June.
    assert suspended["data-tl"] == "20250115vT 20260501uP 20260601sD"
    lille = next(v for v in registry.certificates["acme"] if v.certificate.scope == "Site de Lille")
    assert [s.start.strftime("%Y%m%d") for s in lille.timeline] == ["20250115", "20260501", "20260601"]


def test_company_page_is_marked_up_for_pagefind(site: dict[str, RenderedFile]) -> None:
    tree = page_tree(site, "entreprises/acme.md")
    bodies = [attrs for _, attrs in tree.tags if "data-pagefind-body" in attrs]
    assert len(bodies) == 1
    # The first metadata is the id, with the one filter the contribution form's near-name search uses (one value:
    # Pagefind's output stays byte-identical between runs).
    meta_element = next(attrs for _, attrs in tree.tags if "data-pagefind-meta" in attrs)
    assert meta_element["data-pagefind-meta"] == "id:acme"
    assert meta_element["data-pagefind-filter"] == "type:entreprise"
    # Notes and disputes are not indexed: names, aliases, SIREN, numbers, standards and certifiers are.
    content = site["entreprises/acme.md"].content
    assert all("data-pagefind-ignore" in tag for tag in re.findall(r'<p class="rr-notes"[^>]*>', content))
    assert all("data-pagefind-ignore" in tag for tag in re.findall(r'<div class="rr-dispute"[^>]*>', content))
    # Aliases, SIREN and numbers are in the indexed body, outside ignored parts.
    text = visible(tree)
    for needle in ("Acmé", "732829320", "ACME-1", "ACME-LYON"):
        assert needle in text
    # Index pages are not indexed; standard and certifier pages are, without the company filter.
    assert "data-pagefind-body" not in site["entreprises/index.md"].content
    assert "data-pagefind-body" in site["referentiels/iso-test.md"].content
    assert "data-pagefind-filter" not in site["referentiels/iso-test.md"].content


def test_company_page_weight(make_registry: Callable[..., Path]) -> None:
    """The generated part of a 4-certificate page (its chart, the chart's text and its badges' code to copy
    included) stays under the figure below, leaving room for the theme within the 40 KB of a company page."""
    certificates = "".join(f"""\
  - standard: iso-test
    certifier: afnor
    issued: '202{i}-01-0{i + 1}'
    number: 'N-{i}'
    scope: Site numéro {i} de l'entreprise, avec un périmètre décrit en une phrase
    notes: Une note de longueur moyenne sur ce certificat, comme en écrivent les mainteneurs.
    sources:
      - title: Article sur le certificat {i}
        url: https://example.org/articles/certificat-{i}
        publisher: Le Journal
        date: '202{i}-02-01'
        archive: https://web.archive.org/web/2024/https://example.org/articles/certificat-{i}
""" for i in range(4))
    company = f"""\
name: Entreprise de Taille Moyenne
aliases: [ETM, Entreprise Moyenne]
siren: '732829320'
sector: Assurance
website: https://etm.example.org/
checked: '2026-10-01'
sources:
  - title: Présentation
    url: https://example.org/etm
    publisher: Annuaire
certifications:
{certificates}"""
    registry = build_registry(str(make_registry({"companies/etm.yml": company})), TODAY)
    assert registry.errors == []
    html = to_html(render_site(registry, SITE)["entreprises/etm.md"].content)
    assert len(html.encode("utf-8")) < 23_000


# --- statuses on index pages, home --------------------------------------------------------------------


def test_home_figures_and_bounded_lists(site: dict[str, RenderedFile], registry: Registry) -> None:
    text = visible(page_tree(site, "index.md"))
    valid = sum(1 for v in registry.all_certificates() if v.current and v.status in ("valid", "expiring"))
    assert valid == 3  # societe-electrique's, Acme's valid and expiring ones
    assert "2 entreprises" in text
    assert "Le registre au 25 novembre 2026" in text
    assert f"{valid} certificats en vigueur" in text
    assert "3 référentiels" in text
    lapsing = text[text.index("Échéances dans les 90 jours suivant le 25 novembre 2026"):]
    assert "Acme Relation Client : Label de test, dernier jour de validité le 9 janvier 2027 expire bientôt" in lapsing
    assert "Norme de test" not in lapsing  # 28 February 2027 is beyond 90 days


def test_home_lists_do_not_grow(make_registry: Callable[..., Path]) -> None:
    files: dict[str, str | None] = {}
    for i in range(LAPSING_COUNT + 5):
        files[f"companies/c{i}.yml"] = f"""\
name: Entreprise {i}
checked: '2026-11-01'
sources: [https://example.org/c{i}]
certifications:
  - standard: iso-test
    issued: '2024-01-{i % 28 + 1:02d}'
    sources: [https://example.org/c{i}/cert]
"""
    registry = build_registry(str(make_registry(files)), TODAY)
    assert registry.errors == []
    home = render_site(registry, SITE)["index.md"].content
    latest = home[home.index('id="dernieres-certifications"'):home.index('id="bientot-expires"')]
    lapsing = home[home.index('id="bientot-expires"'):]
    assert latest.count("<li>") == LATEST_COUNT
    assert lapsing.count("<li>") == LAPSING_COUNT
    assert "Et 5 autres certificats" in re.sub(r"<[^>]+>", "", lapsing)


def test_companies_table(site: dict[str, RenderedFile]) -> None:
    content = site["entreprises/index.md"].content
    tree = page_tree(site, "entreprises/index.md")
    rows = [attrs for tag, attrs in tree.tags if tag == "tr" and "data-q" in attrs]
    assert [r["data-q"] for r in rows] == [
        "acme relation client acme 732829320 acme-1 acme-lyon acme-0",
        "societe electrique electricite de test 347384570 a-1",
    ]
    assert rows[0]["data-sector"] == "Énergie"
    assert 'form class="rr-filters" data-rr-filters hidden' in content  # shown by table.js only
    assert '<th scope="col" data-sort="name">Entreprise </th>' in content
    for name in ("q", "referentiel", "certificateur", "statut", "secteur"):
        assert f'name="{name}"' in content
    # Current certificates only, each with its standard and certifier for the filters.
    items = [attrs for tag, attrs in tree.tags if tag == "li" and "data-standard" in attrs]
    assert len(items) == 8  # 7 current for Acme, 1 for Société Électrique
    assert sum(1 for i in items if i.get("data-certifier") == "afnor") == 4
    shorts = [attrs for tag, attrs in tree.tags if "data-short" in attrs]
    assert len(shorts) == 8 and all("data-rr-status" in s for s in shorts)


def test_comparison_and_standard_pages(site: dict[str, RenderedFile]) -> None:
    compare = visible(page_tree(site, "comparatif/index.md"))
    assert "Label de test Label 0 sur 5 (5 non trouvés) ? non trouvé dans les sources" in compare
    assert "Durée de validité 2 ans ; 3 ans à partir de décembre 2009 [1]" in compare
    standard = visible(page_tree(site, "referentiels/iso-test.md"))
    assert "Création le 15 septembre 2015" in standard
    assert "Certificateurs AFNOR Certification" in standard
    held = standard[standard.index("Entreprises certifiées au"):standard.index("Autres certificats enregistrés")]
    others = standard[standard.index("Autres certificats enregistrés"):]
    assert "Acme Relation Client valide" in held and "Société Électrique valide" in held
    assert "Acme Relation Client (Site de Lyon) échéance dépassée" in others
    assert "Acme Relation Client (ancien certificat) échéance dépassée" in others
    assert "Acme Relation Client (Site de Lille) suspendu" in others


def test_certifier_page(site: dict[str, RenderedFile]) -> None:
    text = visible(page_tree(site, "certificateurs/afnor.md"))
    assert "SIREN 479076002" in text
    assert "Norme de test" in text
    assert "Acme Relation Client : Norme de test, n° ACME-1 valide" in text
    assert "Société Électrique : Norme de test, n° A-1 valide" in text


def test_verifier_page_has_no_company_and_explains_not_found(site: dict[str, RenderedFile]) -> None:
    content = site["verifier/index.md"].content
    assert "Acme" not in content
    assert 'data-rr-verify data-root="../"' in content
    text = visible(page_tree(site, "verifier/index.md"))
    assert "Le registre n'est pas exhaustif" in text
    assert "la liste des entreprises" in text


def test_redirect_pages(site: dict[str, RenderedFile]) -> None:
    page = site["entreprises/ancienne-acme/index.html"].content
    target = "https://registre.example.org/sous-chemin/entreprises/acme/"
    # Relative refresh and link: the redirect works wherever the site is served.
    assert '<meta http-equiv="refresh" content="0; url=../acme/">' in page
    assert f'<link rel="canonical" href="{target}">' in page
    assert f'<a href="../acme/">{target}</a>' in page
    assert """<meta http-equiv="Content-Security-Policy" content="default-src 'none'">""" in page
    assert page.startswith("<!doctype html>")


# --- provenance: /sources/, /couverture/, /donnees/ -----------------------------------------------------


def _all_sources(registry: Registry) -> dict[str, set[str]]:
    """Independently: every source key and the record ids that cite it."""
    cited: dict[str, set[str]] = {}

    def add(sources: object, record: str) -> None:
        for source in sources:  # type: ignore[attr-defined]
            cited.setdefault(_key(source), set()).add(record)

    for cid, company in registry.companies.items():
        add(company.sources, cid)
        for dispute in company.disputes:
            for claim in dispute.claims:
                add(claim.sources, cid)
        for certificate in company.certifications:
            add(certificate.sources, cid)
            for dispute in certificate.disputes:
                for claim in dispute.claims:
                    add(claim.sources, cid)
    for sid, standard in registry.standards.items():
        add(standard.sources, sid)
        for term in standard.terms:
            add(term.sources, sid)
        for event in standard.history:
            add(event.sources, sid)
    for rid, certifier in registry.certifiers.items():
        add(certifier.sources, rid)
    return cited


def test_sources_page_lists_every_source_once(site: dict[str, RenderedFile], registry: Registry) -> None:
    content = site["sources/index.md"].content
    expected = _all_sources(registry)
    entries = re.findall(r"^<li>(.*)</li>$", content, re.M)
    assert len(entries) == len(expected)
    for key, records in expected.items():
        if key.startswith("titre:"):
            matching = [e for e in entries if e.startswith(str(html_text(key.removeprefix("titre:"))) + ",")]
        else:
            matching = [e for e in entries if e.startswith(f'<a href="{html_text(key)}"')]
        assert len(matching) == 1, key
        for record in records:
            assert f'/{record}/"' in matching[0], (key, record)
    book = next(e for e in entries if e.startswith("Un livre sans adresse"))
    assert "(la fiche)" in book and "(divergence « Date de création du service client »)" in book


def test_coverage_figures(site: dict[str, RenderedFile], registry: Registry) -> None:
    tree = page_tree(site, "couverture/index.md")
    figures: dict[str, dict[str, int]] = {}
    row = None
    field = None
    parser_events = _coverage_cells(to_html(site["couverture/index.md"].content))
    for row, field, value in parser_events:
        figures.setdefault(row, {})[field] = value
    for standard_id in registry.standards:
        certs = [(cid, c) for cid, company in registry.companies.items()
                 for c in company.certifications if c.standard == standard_id]
        expected = {
            "holders": len({cid for cid, _ in certs}),
            "certificates": len(certs),
            "with_certifier": sum(1 for _, c in certs if c.certifier is not None),
            "with_number": sum(1 for _, c in certs if c.number is not None),
            "with_exact_date": sum(1 for _, c in certs if c.issued is not None and c.issued.day is not None),
            "with_archive": sum(1 for _, c in certs if any(isinstance(s, SourceRef) and s.archive for s in c.sources)),
        }
        assert figures[standard_id] == expected, standard_id
    assert figures["iso-test"] == {"holders": 2, "certificates": 5, "with_certifier": 5, "with_number": 4,
                                   "with_exact_date": 5, "with_archive": 0}
    text = visible(tree)
    assert "moins de 3 mois 1" in text and "plus d'un an 1" in text
    stale = text[text.index("Fiches non vérifiées depuis plus d'un an"):]
    assert "Acme Relation Client : vérifiée le 1ᵉʳ juin 2025" in stale
    assert "Société Électrique" not in stale


def _coverage_cells(html: str) -> list[tuple[str, str, int]]:
    cells = []
    for row, body in re.findall(r'<tr data-standard="([^"]*)">(.*?)</tr>', html):
        for field, value in re.findall(r'<td data-field="(\w+)">(\d+)', body):
            cells.append((row or "total", field, int(value)))
    return cells


def test_open_data_page_derives_fields_from_the_model(site: dict[str, RenderedFile]) -> None:
    text = visible(page_tree(site, "donnees/index.md"))
    assert "Licence Ouverte 2.0 (Etalab)" in text
    from generator.reference import TABLES, field_rows

    for model in TABLES.values():  # every field of every model, with its type, whether required, its description
        for row in field_rows(model):
            assert f"{row.name} {row.type.replace('`', '')} {row.required.replace('`', '')} {row.description}" in text
    content = site["donnees/index.md"].content
    for path in ("api/v1/registry.json", "api/v1/registry.schema.json", "api/v1/certificates.csv",
                 "api/v1/certificates.schema.json", "api/v1/datapackage.json", "api/v1/feed.atom",
                 "api/v1/expirations.ics", "api/v1/schema/company.schema.json",
                 "api/v1/schema/standard.schema.json", "api/v1/schema/certifier.schema.json"):
        assert f'href="../{path}"' in content
    assert "api/v1/entreprises/&lt;id&gt;.json" in content


# --- safety ---------------------------------------------------------------------------------------------


def test_escaping_helpers() -> None:
    assert html_text("<b>{{ x }}</b>\nsuite") == "&lt;b&gt;&#123;&#123; x &#125;&#125;&lt;/b&gt;<br>suite"
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//example.org",
                "https://exa mple.org", "vbscript:x", "https://", "http://example.org/\nx", None, 3):
        assert safe_url(bad) is None, bad
    script = json_for_script({"a": "</script><!-- {{ x }} & \u2028", "b": {"c": []}})
    assert "<" not in script and ">" not in script and "&" not in script and "{{" not in script
    assert json.loads(script) == {"a": "</script><!-- {{ x }} & \u2028", "b": {"c": []}}
    title = front_matter_title('<script>"A"</script>\nB\x00')
    assert yaml.safe_load("title: " + title)["title"] == "&lt;script&gt;&#34;A&#34;&lt;/script&gt; B"
    assert fold("  ÉLECTRICITÉ de  Société ") == "electricite de societe"


def test_unsafe_urls_never_become_links(registry: Registry) -> None:
    """Defence in depth: a record that skipped validation still gets no javascript: link."""
    company = registry.companies["acme"]
    bad = SourceRef.model_construct(title="Piège", url="javascript:alert(1)", archive="data:text/html,x",
                                    publisher=None, date=None, retrieved=None)
    registry.companies["acme"] = company.model_copy(update={"sources": [bad, "javascript:alert(2)"],
                                                             "website": "javascript:alert(3)"})
    content = render_site(registry, SITE)["entreprises/acme.md"].content
    assert "<dd>javascript:alert(3) </dd>" in content  # shown as text, not as a link
    tree = parse(to_html(content))
    for tag, attrs in tree.tags:
        for name in ("href", "src"):
            value = attrs.get(name)
            assert value is None or not value.lower().startswith(("javascript:", "data:")), (tag, attrs)


@pytest.mark.parametrize("extensions", [EXTENSIONS, [*EXTENSIONS, "md_in_html"]])
def test_hostile_text_renders_inert(hostile_registry: Registry, extensions: list[str]) -> None:
    files = render_site(hostile_registry, SITE)
    pages = [p for p in files if p.endswith(".md")]
    shown = Counter[str]()
    for path in pages:
        html = to_html(files[path].content, extensions)
        tree = parse(html)
        for tag, attrs in tree.tags:
            if tag == "img" and attrs.get("class") == "rr-embed__badge":  # the page's own badge preview
                company = path.removeprefix("entreprises/").removesuffix(".md")
                assert re.fullmatch(rf"\.\./\.\./api/v1/badges/{company}/[a-z0-9-]+\.svg", attrs["src"] or ""), attrs
                continue
            assert tag not in ("img", "iframe", "object", "embed", "em"), (path, tag, attrs)
            assert tag != "strong" or not attrs, (path, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            for name in ("href", "src", "action"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, tag, attrs)
        for attrs, body in tree.scripts:
            # Only data blocks, never executed, and they stay valid JSON whatever the records hold.
            assert attrs.get("type") in ("application/ld+json", "application/json"), (path, attrs)
            json.loads(body)
        # Tables keep their shape: the injected </td></table> closed nothing.
        assert tree.count("table") == html.count("</table>"), path
        text = tree.all_text
        for needle in HOSTILE_TEXTS:
            shown[needle] += text.count(needle)
        assert "49" not in text or path == "donnees/index.md", path  # {{ 7*7 }} never evaluated
    for needle in HOSTILE_TEXTS:
        assert shown[needle] > 0, needle
    company = visible(parse(to_html(files["entreprises/hostile.md"].content, extensions)))
    assert HOSTILE in company
    standard = visible(parse(to_html(files["referentiels/label-hostile.md"].content, extensions)))
    assert standard.count(HOSTILE) >= 8


def test_hostile_text_keeps_its_lines_and_front_matter(hostile_registry: Registry) -> None:
    files = render_site(hostile_registry, SITE)
    content = files["entreprises/hostile.md"].content
    _, data = split_page(content)
    assert data["title"] == str(html_text(HOSTILE))  # Material prints page.meta.title without escaping
    body = split_page(content)[0]
    assert "\n\n" not in body.strip()
    notes = "<br><br>".join(str(html_text(t)) for t in HOSTILE_TEXTS)
    assert notes in body
    assert "{{" not in body and "{%" not in body  # nothing a macro plugin could evaluate
    # The redirect-free company table keeps one row per company.
    table = to_html(files["entreprises/index.md"].content)
    assert table.count("<tr data-q=") == 3


def test_hostile_json_ld_cannot_break_out(hostile_registry: Registry) -> None:
    content = render_site(hostile_registry, SITE)["entreprises/hostile.md"].content
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert script is not None
    assert "<" not in script.group(1)
    assert json.loads(script.group(1))["name"] == HOSTILE
    assert content.count("</script>") == 1


# --- browser-side status ------------------------------------------------------------------------------


def _node() -> str | None:
    return shutil.which("node")


def _status_js_harness(cases: list[tuple[str, str]]) -> str:
    """Run status.js (with the generated vocabulary) in node on (data-tl, day) pairs: [status, basis, label]."""
    folder = Path(__file__).parents[1] / "generator" / "assets"
    from generator.render.wording import vocabulary_script

    return (
        "global.window = {}; global.document = {readyState: 'complete', querySelectorAll: () => [], "
        "dispatchEvent: () => true}; global.CustomEvent = function () {};\n"
        + vocabulary_script() + (folder / "status.js").read_text(encoding="utf-8")
        + f"\nconst cases = {json.dumps(cases)};\n"
        "const S = window.RegistreStatus;\n"
        "console.log(JSON.stringify(cases.map(([tl, d]) => { const segments = S.parse(tl); const i = S.find(segments, d);"
        " return i < 0 ? null : [segments[i].status, segments[i].basis, S.vocabulary.labels[segments[i].code]]; })));\n"
    )


@pytest.mark.skipif(_node() is None, reason="node is not installed")
def test_status_js_reads_the_timeline_python_computed_on_every_edge(registry: Registry) -> None:
    """The browser applies no rule: on every day around every change, it shows the segment Python computed."""
    from generator.render.wording import encode_timeline
    from generator.wording import short_label

    cases, expected = [], []
    for view in registry.certificates["acme"]:
        encoded = encode_timeline(view.timeline)
        for segment in view.timeline:
            for day in (segment.start - timedelta(days=1), segment.start, segment.start + timedelta(days=1)):
                cases.append((encoded, day.isoformat()))
                found = view.on(day)
                expected.append(None if found is None else [found.status, found.basis, short_label(found)])
    out = subprocess.run([_node() or "node", "-e", _status_js_harness(cases)], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == expected
    assert len(cases) > 40


def test_status_js_holds_no_rule() -> None:
    """No durations, no month arithmetic, no wording of its own: only lookups in what Python published."""
    source = (Path(__file__).parents[1] / "generator" / "assets" / "status.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    for forbidden in ("90", "EXPIRING", "setUTC", "getUTC", "Date.UTC", "janvier", "valide", "expiré", "86400000"):
        assert forbidden not in code, forbidden


def test_render_leaves_the_registry_alone(registry: Registry) -> None:
    before = (dict(registry.companies), {k: list(v) for k, v in registry.certificates.items()})
    render_site(registry, SITE)
    assert (dict(registry.companies), {k: list(v) for k, v in registry.certificates.items()}) == before


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_status_recomputed_in_the_browser_400_days_later(site: dict[str, RenderedFile], tmp_path: Path) -> None:
    from datetime import datetime

    from tests.e2e.harness import shared_browser

    for name in ASSETS:
        (tmp_path / name).write_text(site[f"{ASSET_DIR}/{name}"].content, encoding="utf-8")
    body = to_html(site["entreprises/acme.md"].content)
    scripts = "".join(f'<script src="{name}"></script>' for name in ASSETS if name.endswith(".js"))
    (tmp_path / "page.html").write_text(
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
        f'<link rel="stylesheet" href="registre.css"></head><body>{body}{scripts}</body></html>',
        encoding="utf-8")
    # The session's one browser (Playwright's sync API allows one driver per thread at a time).
    context = shared_browser().new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.clock.set_fixed_time(datetime(2027, 12, 30, 12))  # 400 days after the build
        page.goto((tmp_path / "page.html").as_uri())
        texts = page.locator("p[data-rr-status]").all_inner_texts()
        assert errors == []
    finally:
        context.close()
    shown = " ".join(texts)
    assert ("échéance dépassée depuis le 1ᵉʳ mars 2027 (calculée : attribué le 29 février 2024 + 3 ans) — aucun "
            "renouvellement trouvé dans les sources (fiche vérifiée le 1ᵉʳ juin 2025) (statut au 30 décembre 2027)"
            in shown)
    assert "échéance dépassée depuis le 10 janvier 2027" in shown
    assert not any(t.startswith(("valide", "expire bientôt")) for t in texts)


@given(st.lists(st.sampled_from(["<", "/", ">", "</td>", "</dt>", "</li>", "</h2>", "</h7>", "</tr>", "td", " ",
                                  "\t", "\r", "\n", "a", "é"]), max_size=25).map("".join))
def test_compact_lines_ends_each_cell_with_a_space_and_keeps_lines_whole(html: str) -> None:
    # The rule as written first, with a look-behind before the tag: the faster pattern must agree with it.
    spaced = re.sub(r"(?<!\s)(</(?:dt|dd|th|td|li|h[1-6])>)", r" \1", html)
    lines = [line.strip(" \t\r") for line in spaced.split("\n")]
    assert compact_lines(html) == "\n".join(line for line in lines if line)


def test_a_site_rendered_on_two_processes_is_the_site_rendered_on_one(registry: Registry, hostile_registry: Registry,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import generator.forking
    import generator.render

    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    monkeypatch.setattr(generator.forking, "fork_is_safe", lambda: True)  # the session's browser runs threads
    for share in (0.3, 0.0, 1.0):  # the child renders some, all or none of the company pages
        monkeypatch.setattr(generator.render, "PARENT_SHARE", share)
        for built in (registry, hostile_registry):
            assert render_site(built, SITE, parallel=True) == render_site(built, SITE)
    assert len(forks) == 6
