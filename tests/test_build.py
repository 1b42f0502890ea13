"""Real builds of a small site in a temporary folder: pages, exports, search index, safety of the swap."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import COMPANY
from tests.sitebuild import FIXTURE_URL, PROJECT, build_site, fixture_config

PAGES = [
    "index.html", "entreprises/index.html", "entreprises/societe-electrique/index.html",
    "referentiels/index.html", "referentiels/iso-test/index.html", "comparatif/index.html",
    "certificateurs/index.html", "certificateurs/afnor/index.html", "verifier/index.html",
    "donnees/index.html", "sources/index.html", "couverture/index.html", "methode/index.html",
    "contribuer/index.html", "accessibilite/index.html", "mentions-legales/index.html",
    "confidentialite/index.html",
]
EXPORTS = [
    "api/v1/registry.json", "api/v1/registry.schema.json", "api/v1/entreprises/societe-electrique.json",
    "api/v1/certificates.csv", "api/v1/certificates.schema.json", "api/v1/datapackage.json",
    "api/v1/feed.atom", "api/v1/expirations.ics", "api/v1/schema/company.schema.json",
    "api/v1/schema/standard.schema.json", "api/v1/schema/certifier.schema.json",
]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


@pytest.fixture
def registry_with_history(make_registry):
    renamed = COMPANY.replace("siren:", "former_ids: [ancienne-societe]\nsiren:")
    return make_registry({"companies/societe-electrique.yml": renamed})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One site built from the fixture registry, shared by the read-only tests."""
    from tests.conftest import base_files, write_tree

    root = tmp_path_factory.mktemp("built")
    files = base_files()
    files["companies/societe-electrique.yml"] = COMPANY.replace("siren:", "former_ids: [ancienne-societe]\nsiren:")
    registry = write_tree(root / "registry", files)
    site = root / "site"
    result = build_site(registry, site)
    assert result.exit_code == 0, result.output
    return site


def test_every_page_and_export_is_built(built):
    missing = [p for p in PAGES + EXPORTS + ["pagefind/pagefind.js"] if not (built / p).is_file()]
    assert missing == []


def test_company_page_links_its_record_and_footer_says_the_day(built):
    html = (built / "entreprises/societe-electrique/index.html").read_text(encoding="utf-8")
    assert "https://github.com/registre-relation-client/registre/edit/main/" in html
    edit = re.search(r'href="([^"]+)"[^>]*title="Modifier cette page"', html) or re.search(
        r'<a href="([^"]+/edit/[^"]+)"', html)
    assert edit is not None and edit.group(1).endswith("/registry/companies/societe-electrique.yml")
    assert "Statuts calculés pour le" in html and "25 novembre 2026" in html


def test_every_html_page_has_a_strict_csp(built):
    pages = [p for p in built.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) >= len(PAGES)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if page.parent.name == "ancienne-societe":
            continue  # the redirect page is checked below
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy is not None, page
        script_src = re.search(r"script-src ([^;]+)", policy.group(1)).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert html.index("Content-Security-Policy") < html.index("<script"), page


def test_no_request_to_another_origin_is_written_in_pages(built):
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            # Links a visitor may follow are fine; nothing the page loads by itself may be remote.
            assert not re.search(rf'<(script|img|iframe)[^>]+src="{re.escape(url)}"', html), (page, url)
        assert not re.search(r'<link[^>]+rel="stylesheet"[^>]+href="https?://', html), page


def test_absolute_urls_derive_from_site_url(built):
    feed = (built / "api/v1/feed.atom").read_text(encoding="utf-8")
    assert FIXTURE_URL + "entreprises/societe-electrique/" in feed
    company = (built / "entreprises/societe-electrique/index.html").read_text(encoding="utf-8")
    assert FIXTURE_URL + "entreprises/societe-electrique/" in company


def test_former_ids_redirect(built):
    html = (built / "entreprises/ancienne-societe/index.html").read_text(encoding="utf-8")
    assert FIXTURE_URL + "entreprises/societe-electrique/" in html
    assert 'http-equiv="refresh"' in html


def test_invalid_registry_is_refused_and_the_previous_site_is_untouched(registry_with_history, tmp_path):
    site = tmp_path / "site"
    assert build_site(registry_with_history, site).exit_code == 0
    before = tree_digest(site)
    (registry_with_history / "companies/societe-electrique.yml").write_text(
        COMPANY.replace("number: 'A-1'", "expries: x"), encoding="utf-8")
    result = build_site(registry_with_history, site)
    assert result.exit_code == 1
    assert "companies/societe-electrique.yml:14:5: error: champ inconnu « expries »" in result.output
    assert tree_digest(site) == before


def test_a_build_failing_halfway_leaves_the_previous_site(registry_with_history, tmp_path, monkeypatch):
    site = tmp_path / "site"
    assert build_site(registry_with_history, site).exit_code == 0
    before = tree_digest(site)
    import generator.export

    def explode(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(generator.export, "write_exports", explode)
    # Written by a child process beside the pages: its failure fails the build, with its reason.
    result = build_site(registry_with_history, site, "2026-11-26")
    assert result.exit_code == 1
    assert "les données ouvertes n'ont pas pu être écrites : disque plein" in result.output
    assert tree_digest(site) == before
    assert [p.name for p in tmp_path.iterdir() if ".registre-" in p.name] == []


def test_a_killed_build_leaves_the_previous_site(registry_with_history, tmp_path):
    site = tmp_path / "site"
    assert build_site(registry_with_history, site).exit_code == 0
    before = tree_digest(site)
    config = fixture_config(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--registry", str(registry_with_history), "--site-dir",
         str(site), "--today", "2026-11-27", "--config-file", str(config)],
        cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Kill it as soon as its staging folder appears, i.e. in the middle of the build.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(".registre-" in p.name for p in tmp_path.iterdir()):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree_digest(site) == before
    # The next build clears what the killed one left behind.
    assert build_site(registry_with_history, site).exit_code == 0
    assert [p.name for p in tmp_path.iterdir() if ".registre-" in p.name] == []


def test_two_builds_are_byte_identical(registry_with_history, tmp_path):
    assert build_site(registry_with_history, tmp_path / "a").exit_code == 0
    assert build_site(registry_with_history, tmp_path / "b").exit_code == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_the_navigation_rendered_once_is_the_one_material_renders_for_each_page(registry_with_history, tmp_path,
                                                                                monkeypatch):
    from generator.plugin import NavCache

    served: list[str] = []
    kept = NavCache.get

    def get(self: NavCache, key: str) -> str | None:
        html = kept(self, key)
        if html is not None:
            served.append(key)
        return html

    monkeypatch.setattr(NavCache, "get", get)
    assert build_site(registry_with_history, tmp_path / "cached").exit_code == 0
    # The record pages of one folder (companies, standards, certifiers; table of contents hidden) share one
    # navigation, rendered for the first and kept for the others; the pages of the nav render their own.
    for folder in ("entreprises", "referentiels", "certificateurs"):
        records = [page for page in (tmp_path / "cached" / folder).glob("*/index.html")
                   if "md-nav--primary" in page.read_text(encoding="utf-8")]
        assert records
        assert served.count(f"{folder}/|toc") == len(records) - 1
    assert set(served) <= {"entreprises/|toc", "referentiels/|toc", "certificateurs/|toc"}
    assert served  # the fixture has two standards
    monkeypatch.setattr(NavCache, "key", lambda self, page: "")
    assert build_site(registry_with_history, tmp_path / "rendered").exit_code == 0
    assert tree_digest(tmp_path / "cached") == tree_digest(tmp_path / "rendered")


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_plain_engine_build_strict_runs_the_plugin(registry_with_history, tmp_path, engine):
    docs_before = tree_digest(PROJECT / "docs")
    config = fixture_config(tmp_path, registry=registry_with_history, today="2026-11-25")
    completed = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(tmp_path / "out")],
        cwd=PROJECT, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (tmp_path / "out/entreprises/societe-electrique/index.html").is_file()
    assert (tmp_path / "out/api/v1/registry.json").is_file()
    # Generated pages are virtual: nothing is written into docs/.
    assert tree_digest(PROJECT / "docs") == docs_before


def test_render_writes_the_generated_pages_to_a_folder(registry_with_history, tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    out = tmp_path / "pages"
    result = CliRunner().invoke(main, ["render", "--registry", str(registry_with_history), "--today",
                                       "2026-11-25", "--out", str(out), "--config-file",
                                       str(fixture_config(tmp_path))])
    assert result.exit_code == 0, result.output
    assert (out / "entreprises/societe-electrique.md").is_file()
    assert (out / "index.md").is_file()
    assert "Société Électrique" in (out / "entreprises/societe-electrique.md").read_text(encoding="utf-8")


def test_a_page_only_asset_is_loaded_by_its_page_only(registry_with_history, tmp_path):
    """The contribution form's script (37 KB) comes with its page, not with every page of the site."""
    site = tmp_path / "site"
    assert build_site(registry_with_history, site).exit_code == 0
    form = (site / "contribuer/proposer/index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/registre/proposer.js"></script></body>' in form
    assert '<link rel="stylesheet" href="../../assets/registre/proposer.css"></head>' in form
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "proposer.js" not in home and "proposer.css" not in home
    assert "assets/registre/status.js" in home


def _search_pages(site: Path) -> tuple[dict[str, object], list[dict[str, object]]]:
    """The index's languages and page counts, and every page it holds as Pagefind stores it (fragments)."""
    import gzip
    import json

    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    languages = {code: language["page_count"] for code, language in entry["languages"].items()}
    pages = []
    for fragment in sorted((site / "pagefind/fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        pages.append(json.loads(data[len(b"pagefind_dcd"):]))
    return languages, sorted(pages, key=lambda page: str(page["url"]))


def test_the_index_fed_page_by_page_holds_what_pagefind_finds_in_the_site(built, tmp_path):
    # The same site indexed afterwards by `pagefind --site`, as builds did before the service was fed.
    from pagefind_bin_extended import get_executable

    shutil.copytree(built, tmp_path / "site")
    shutil.rmtree(tmp_path / "site/pagefind")
    subprocess.run([str(get_executable()), "--site", str(tmp_path / "site"), "--quiet"], check=True, timeout=120)
    fed, found = _search_pages(built), _search_pages(tmp_path / "site")
    assert fed == found
    languages, pages = fed
    assert languages == {"fr": len(pages)} and len(pages) >= 4
    urls = [page["url"] for page in pages]
    assert "/entreprises/societe-electrique/" in urls and "/referentiels/iso-test/" in urls
    assert "/entreprises/ancienne-societe/" not in urls  # a former id's redirect is not a page of its own
    # The same files, under the same kinds of names (the names hash the content: the order of pages may differ).
    def kinds(site: Path) -> list[str]:
        return sorted(re.sub(r"_[0-9a-f]{7,}", "_#", p.relative_to(site).as_posix())
                      for p in (site / "pagefind").rglob("*") if p.is_file())
    assert kinds(built) == kinds(tmp_path / "site")
