"""Hostile registries: refused with a clear message at the right place, or rendered inert in a real browser.

Each hostile registry is checked by the real commands in a subprocess (`python -m generator validate`
and `build`) bounded in memory (RLIMIT_AS) and in time (a safety net, not a performance assertion):
no traceback, no file written outside the site directory, no script run. The registry that is valid
although hostile (every free-text field full of markup and template syntax) is built for real and
visited in headless Chromium: no dialog opens, the texts show literally, nothing is injected.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import COMPANY, base_files, write_tree
from tests.e2e.harness import (
    Watch,
    chromium_available,
    close_shared_browser,
    header_search,
    new_context,
    origin_of,
    serve,
    shared_browser,
)
from tests.sitebuild import PROJECT, build_site, fixture_config

MEMORY_LIMIT = 2 << 30  # bytes of address space for each command
TIME_LIMIT = 60  # seconds: only so that a hang fails the test instead of blocking the suite

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</td></table>",
    "[x](javascript:alert(1))",
    "![x](data:text/html,alert(1))",
    "{{ 7*7 }}",
    "{% raw %}",
    "{{ config }}",
    "{{ macros_info() }}",
]
HOSTILE = " ".join(HOSTILE_TEXTS)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


H = _q(HOSTILE)
HOSTILE_FILES = {
    "companies/hostile.yml": f"""\
name: {H}
aliases:
  - {H}
sector: {H}
checked: '2026-11-01'
notes: {_q(chr(10).join(HOSTILE_TEXTS))}
sources:
  - title: {H}
    url: https://example.org/hostile
    publisher: {H}
disputes:
  - topic: {H}
    claims:
      - claim: {H}
        sources:
          - title: {H}
            publisher: {H}
      - claim: {H}
        sources:
          - https://example.org/hostile-claim
certifications:
  - standard: label-hostile
    certifier: certif-hostile
    issued: '2025-01-02'
    number: {H}
    scope: {H}
    notes: {H}
    sources:
      - title: {H}
        url: https://example.org/hostile-cert
        publisher: {H}
    disputes:
      - topic: {H}
        claims:
          - claim: {H}
            sources:
              - https://example.org/hostile-cert-1
          - claim: {H}
            sources:
              - https://example.org/hostile-cert-2
""",
    "standards/label-hostile.yml": f"""\
name: {H}
aliases:
  - {H}
kind: label
owner: {H}
summary: {H}
validity_years: 3
certifiers:
  - certif-hostile
requirements:
  - {H}
comparison:
  independent_audit:
    value: oui
    sources:
      - title: {H}
        url: https://example.org/hostile-audit
    note: {H}
  location_requirement:
    dispute: {H}
    note: {H}
notes: {H}
history:
  - date: '2010'
    event: {H}
    sources:
      - https://example.org/hostile-history
disputes:
  - topic: {H}
    claims:
      - claim: {H}
        sources:
          - https://example.org/hostile-std-1
      - claim: {H}
        sources:
          - https://example.org/hostile-std-2
sources:
  - title: {H}
    publisher: {H}
""",
    "certifiers/certif-hostile.yml": f"""\
name: {H}
accreditation: {H}
lookup_url: https://certif.example.org/recherche?q=<x>&a="b"
notes: {H}
sources:
  - title: {H}
    publisher: {H}
""",
}


# --- the commands, in a subprocess with bounded memory -----------------------------------------------


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        timeout=TIME_LIMIT, preexec_fn=_limit_memory, check=False,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def registry_with(root: Path, files: dict[str, str | None], binary: dict[str, bytes] | None = None) -> Path:
    texts = base_files()
    for name, text in files.items():
        if text is None:
            texts.pop(name, None)
        else:
            texts[name] = text
    registry = write_tree(root / "registry", texts)
    for name, data in (binary or {}).items():
        (registry / name).write_bytes(data)
    return registry


def assert_refused(tmp_path: Path, registry: Path, expected: list[str]) -> str:
    """validate and build both refuse, with `expected` lines, no traceback, and write nothing anywhere."""
    before = tree(tmp_path)
    validated = run_command("validate", "--registry", str(registry), "--today", "2026-11-25", cwd=tmp_path)
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert "Traceback" not in output
    for line in expected:
        assert f"{registry}/{line}" in validated.stdout.split("\n"), output
    site = tmp_path / "out" / "site"
    built = run_command("build", "--registry", str(registry), "--today", "2026-11-25", "--site-dir", str(site),
                        "--config-file", str(fixture_config(tmp_path)), cwd=tmp_path)
    assert built.returncode == 1, built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    assert tree(tmp_path) - before == {"mkdocs.yml"}  # the test's own config; no site, no stray file
    return validated.stdout


COMPANY_FILE = "companies/societe-electrique.yml"


def test_javascript_and_data_urls_are_refused_where_they_stand(tmp_path: Path) -> None:
    text = (COMPANY.replace("https://example.org/a", "'javascript:alert(1)'")
            + "website: 'data:text/html,<script>alert(1)</script>'\n")
    certifier = ("name: Hostile\nlookup_url: 'JavaScript:alert(1)'\nwebsite: 'data:text/html;base64,PHNjcmlwdD4='\n"
                 "sources:\n  - title: t\n    publisher: p\n    url: 'javascript://example.org/%0aalert(1)'\n"
                 "    archive: 'data:,x'\n")
    registry = registry_with(tmp_path, {COMPANY_FILE: text, "certifiers/hostile.yml": certifier})
    refused = "refusée : seules les adresses http:// ou https:// complètes sont acceptées"
    assert_refused(tmp_path, registry, [
        f"certifiers/hostile.yml:2:13: error: « lookup_url » : URL « JavaScript:alert(1) » {refused}",
        f"certifiers/hostile.yml:3:10: error: « website » : URL « data:text/html;base64,PHNjcmlwdD4= » {refused}",
        f"certifiers/hostile.yml:7:10: error: « url » : URL « javascript://example.org/%0aalert(1) » {refused}",
        f"certifiers/hostile.yml:8:14: error: « archive » : URL « data:,x » {refused}",
        f"{COMPANY_FILE}:16:9: error: « sources » : URL « javascript:alert(1) » {refused}",
        f"{COMPANY_FILE}:18:10: error: « website » : URL « data:text/html,<script>alert(1)</script> » {refused}",
    ])


def test_ids_that_try_to_leave_the_site_directory(tmp_path: Path) -> None:
    former = COMPANY.replace("siren:", "former_ids: ['../../etc', '..', 'a/../../b', '.']\nsiren:")
    registry = registry_with(tmp_path, {COMPANY_FILE: former, "companies/..yml": COMPANY,
                                        "companies/a..b.yml": COMPANY, "standards/...yml": COMPANY})
    bad_name = ("n'est pas un nom de fiche valide : attendu <id>.yml, où l'id ne contient que des minuscules ASCII, "
                "des chiffres et des tirets simples")
    bad_id = "invalide : lettres minuscules ASCII, chiffres et tirets simples seulement"
    assert_refused(tmp_path, registry, [
        f"companies/..yml:1:1: error: « ..yml » {bad_name}",
        f"companies/a..b.yml:1:1: error: « a..b.yml » {bad_name}",
        f"standards/...yml:1:1: error: « ...yml » {bad_name}",
        f"{COMPANY_FILE}:5:14: error: « former_ids » : id « ../../etc » {bad_id}",
        f"{COMPANY_FILE}:5:27: error: « former_ids » : id « .. » {bad_id}",
        f"{COMPANY_FILE}:5:33: error: « former_ids » : id « a/../../b » {bad_id}",
        f"{COMPANY_FILE}:5:46: error: « former_ids » : id « . » {bad_id}",
    ])
    assert not (tmp_path.parent / "etc").exists() and not (tmp_path / "etc").exists()


def test_a_yaml_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    laughs = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, 10):  # 10**10 leaves if it were expanded
        name, previous = chr(97 + i), chr(96 + i)
        laughs.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    registry = registry_with(tmp_path, {COMPANY_FILE: "\n".join(laughs) + "\n"})
    output = assert_refused(tmp_path, registry, [
        f"{COMPANY_FILE}:1:4: error: les ancres YAML (&a) sont interdites : une fiche est faite de données simples",
        f"{COMPANY_FILE}:2:8: error: les alias YAML (*nom) sont interdits : une fiche est faite de données simples, "
        "recopiez la valeur",
    ])
    assert len(output) < 2000  # one message per problem, not one per expanded node


def test_yaml_tags_construct_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'name: !!python/object/apply:os.system ["touch {marker}"]\n' + COMPANY.split("\n", 2)[2]
    registry = registry_with(tmp_path, {COMPANY_FILE: text,
                                        "companies/autre.yml": f"!!python/object/new:os.system [touch {marker}]\n"})
    assert_refused(tmp_path, registry, [
        "companies/autre.yml:1:1: error: les étiquettes YAML (tag:yaml.org,2002:python/object/new:os.system) "
        "sont interdites : une fiche est faite de données simples",
        f"{COMPANY_FILE}:1:7: error: les étiquettes YAML (tag:yaml.org,2002:python/object/apply:os.system) "
        "sont interdites : une fiche est faite de données simples",
    ])
    assert not marker.exists()


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    registry = registry_with(tmp_path, {COMPANY_FILE: "name: " + "[" * 10_000 + "\n",
                                        "companies/autre.yml": "a:\n" + "".join(" " * i + "- \n" for i in range(1, 200))})
    assert_refused(tmp_path, registry, [
        "companies/autre.yml:33:33: error: imbrication trop profonde (plus de 32 niveaux)",
        f"{COMPANY_FILE}:1:38: error: imbrication trop profonde (plus de 32 niveaux)",
    ])


def test_a_50_mb_file_is_refused_unread(tmp_path: Path) -> None:
    registry = registry_with(tmp_path, {}, binary={"companies/enorme.yml": b"name: x\n" + b"#" * (50 << 20)})
    assert_refused(tmp_path, registry, [
        "companies/enorme.yml:1:1: error: le fichier pèse 52428808 octets : une fiche ne dépasse pas 1 Mio",
    ])


def test_binary_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    registry = registry_with(tmp_path, {}, binary={
        "companies/binaire.yml": bytes(range(256)) * 16,
        "companies/latin.yml": COMPANY.encode("latin-1"),
        "companies/nul.yml": b"name: \x00\x01\x02\n",
        "standards/image.yml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    })
    not_utf8 = "invalide : le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8)"
    assert_refused(tmp_path, registry, [
        # Bytes 0-127 hold "\n" (10) and "\r" (13): the first invalid byte, 128, is on the third line.
        f"companies/binaire.yml:3:115: error: octet 0x80 {not_utf8}",
        f"companies/latin.yml:2:11: error: octet 0xE9 {not_utf8}",
        "companies/nul.yml:1:7: error: caractère de contrôle U+0000 (3 dans le fichier) : un fichier de fiche n'en "
        "contient pas",
        f"standards/image.yml:1:1: error: octet 0x89 {not_utf8}",
    ])


def test_a_symlink_out_of_the_registry_is_refused_unread(tmp_path: Path) -> None:
    registry = registry_with(tmp_path, {})
    (registry / "companies/passwd.yml").symlink_to("/etc/passwd")
    (registry / "standards/ailleurs.yml").symlink_to(registry / "companies/societe-electrique.yml")
    output = assert_refused(tmp_path, registry, [
        "companies/passwd.yml:1:1: error: « passwd.yml » est un lien symbolique : un registre ne contient que des "
        "fichiers ordinaires",
        "standards/ailleurs.yml:1:1: error: « ailleurs.yml » est un lien symbolique : un registre ne contient que des "
        "fichiers ordinaires",
    ])
    assert "root:" not in output


def test_10000_certificates_in_one_file_validate_and_build(tmp_path: Path) -> None:
    head = COMPANY[:COMPANY.index("certifications:")] + "certifications:\n"
    items = "".join(
        f"- {{standard: iso-test, issued: '{2000 + i % 26}-{1 + i % 12:02d}-{1 + i % 28:02d}', number: N{i:05d}, "
        f"sources: [https://e.org/{i}]}}\n" for i in range(10_000))
    registry = registry_with(tmp_path, {COMPANY_FILE: head + items})
    validated = run_command("validate", "--registry", str(registry), "--today", "2026-11-25", cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    site = tmp_path / "site"
    built = run_command("build", "--registry", str(registry), "--today", "2026-11-25", "--site-dir", str(site),
                        "--config-file", str(fixture_config(tmp_path)), cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    assert "Traceback" not in built.stdout + built.stderr
    page = (site / "entreprises/societe-electrique/index.html").read_text(encoding="utf-8")
    assert page.count('<article class="rr-cert"') == 10_000
    assert {p.split("/")[0] for p in tree(tmp_path)} == {"registry", "site", "mkdocs.yml"}


# --- the hostile but valid registry, built for real and visited in the browser ---------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    registry = registry_with(root, HOSTILE_FILES)
    site = root / "site"
    result = build_site(registry, site)
    assert result.exit_code == 0, result.output
    assert {p.name for p in root.iterdir()} == {"registry", "site", "mkdocs.yml"}
    return site


def test_the_hostile_site_keeps_its_files_inside(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*"):
        assert path.resolve().is_relative_to(hostile_site.resolve()), path
    assert (hostile_site / "entreprises/hostile/index.html").is_file()
    assert (hostile_site / "referentiels/label-hostile/index.html").is_file()


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_browser() -> Iterator[Any]:
    if not chromium_available():
        pytest.skip("chromium is not installed")
    yield shared_browser()
    close_shared_browser()


@pytest.fixture(scope="module")
def visit_hostile(hostile_browser: Any, hostile_url: str) -> Iterator[Callable[[str], tuple[Any, Watch]]]:
    context = new_context(hostile_browser)
    pages: list[Any] = []

    def visit(path: str) -> tuple[Any, Watch]:
        page = context.new_page()
        pages.append(page)
        watch = Watch(origin=origin_of(hostile_url))
        watch.attach(page)
        page.goto(hostile_url + path)
        return page, watch

    yield visit
    context.close()


HOSTILE_PAGES = ["", "entreprises/", "entreprises/hostile/", "referentiels/", "referentiels/label-hostile/",
                 "comparatif/", "certificateurs/", "certificateurs/certif-hostile/", "sources/", "couverture/",
                 "verifier/?q=alert", "methode/"]

# Scripts a page may hold: the theme's and the site's own files, JSON data blocks, and the theme's two
# inline scripts (their relative root differs by page depth).
_SCRIPTS = """() => [...document.scripts].map(s => ({src: s.src, type: s.type, text: s.src ? '' : s.textContent}))"""
_INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
  [...e.attributes].some(a => a.name.startsWith('on') ||
    /^\\s*(javascript|data|vbscript):/i.test(a.value) && ['href', 'src', 'action', 'formaction'].includes(a.name))
  || (e.tagName === 'IMG' && e.getAttribute('src') === 'x') || ['IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName)
).map(e => e.outerHTML.slice(0, 200))"""


def _own_script(script: dict[str, str], base: str) -> bool:
    if script["src"]:
        return script["src"].startswith(base + "assets/")
    if script["type"] in ("application/json", "application/ld+json"):
        json.loads(script["text"])
        return True
    return script["text"].startswith(("__md_scope=new URL(", "var target=document.getElementById(location.hash"))


@pytest.mark.browser
@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_text_runs_nothing_in_the_browser(visit_hostile: Callable[[str], tuple[Any, Watch]],
                                                  hostile_url: str, path: str) -> None:
    page, watch = visit_hostile(path)
    if path.startswith("verifier/"):
        page.locator(".rr-verify-list, .rr-verify-none").first.wait_for()
    # The header search shows records' text as results: type the markup itself.
    assert header_search(page, "alert")  # results whose titles and excerpts hold the markup
    page.fill("#rrc-search-input", HOSTILE_TEXTS[1])
    page.wait_for_function("() => document.querySelector('#rrc-search-status').textContent.includes('img src')")
    page.wait_for_load_state("networkidle")
    assert watch.dialogs == []
    assert page.evaluate(_INJECTED) == []
    scripts = page.evaluate(_SCRIPTS)
    assert [s for s in scripts if not _own_script(s, hostile_url)] == []
    assert not [url for url in watch.requests if url.rstrip("/").endswith("/x")]  # <img src=x> never loaded
    assert watch.problems() == {}  # no console error, no CSP violation, nothing from another origin


@pytest.mark.browser
@pytest.mark.parametrize("path", ["entreprises/hostile/", "referentiels/label-hostile/",
                                  "certificateurs/certif-hostile/"])
def test_hostile_text_shows_literally(visit_hostile: Callable[[str], tuple[Any, Watch]], path: str) -> None:
    page, _ = visit_hostile(path)
    text = page.locator(".md-content").inner_text()
    for needle in HOSTILE_TEXTS:
        assert needle in text, needle
    assert " ".join(text.split()).count(HOSTILE) >= 4
    assert "49" not in text  # {{ 7*7 }} was never evaluated
    assert "macros_info" in text and "{{ config }}" in text
    assert page.title().startswith(HOSTILE)
    assert page.locator("h1").first.inner_text() == HOSTILE


@pytest.mark.browser
def test_hostile_rows_keep_the_table_shape(visit_hostile: Callable[[str], tuple[Any, Watch]]) -> None:
    page, _ = visit_hostile("entreprises/")
    assert page.locator("table[data-rr-table] tbody tr").count() == 2
    assert sorted(page.locator("table[data-rr-table] tbody tr th[scope=row]").all_inner_texts()) == [
        HOSTILE, "Société Électrique"]
    assert page.locator("table[data-rr-table] tbody td").count() == 2 * 3  # three cells a row, nothing closed early
    assert HOSTILE in page.locator("#rr-f-secteur").inner_text()
    page.select_option("#rr-f-secteur", HOSTILE)
    assert page.locator("tbody tr:not([hidden]) th[scope=row]").all_inner_texts() == [HOSTILE]
    page.fill("#rr-f-q", "{{ 7*7 }}")
    page.wait_for_function("() => document.querySelectorAll('tbody tr:not([hidden])').length === 1")
