"""Correctness at 2,000 companies (timing belongs to benchmarks/): every page is there, and the search
finds the company added last, by its accent-free name, first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.make_registry import write_registry
from tests.e2e.harness import header_search, new_context, serve
from tests.sitebuild import build_site

pytestmark = pytest.mark.browser

COMPANIES = 2000
LAST = """\
name: Société Électrique Zéphyrin
siren: '732829320'
checked: '2026-11-01'
sources:
  - title: Fiche de test
    publisher: Registre
certifications:
  - standard: {standard}
    issued: '2026-01-15'
    sources:
      - https://example.org/zephyrin
"""


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale")
    registry = root / "registry"
    write_registry(COMPANIES, registry)
    standard = sorted(p.stem for p in (registry / "standards").glob("*.yml"))[0]
    (registry / "companies" / "zzz-societe-electrique-zephyrin.yml").write_text(
        LAST.format(standard=standard), encoding="utf-8")
    site = root / "site"
    result = build_site(registry, site)
    assert result.exit_code == 0, result.output[-3000:]
    return site


def test_every_company_has_its_page_and_its_record(large_site: Path) -> None:
    registry = json.loads((large_site / "api/v1/registry.json").read_text(encoding="utf-8"))
    ids = [company["id"] for company in registry["companies"]]
    assert len(ids) == COMPANIES + 1
    missing = [i for i in ids if not (large_site / "entreprises" / i / "index.html").is_file()
               or not (large_site / "api/v1/entreprises" / f"{i}.json").is_file()]
    assert missing == []
    table = (large_site / "entreprises/index.html").read_text(encoding="utf-8")
    assert all(f'href="{i}/"' in table or f'href="./{i}/"' in table or f"/{i}/" in table for i in ids)


@pytest.fixture(scope="module")
def home(browser: Any, large_site: Path) -> Iterator[Any]:
    with serve(large_site) as url:
        context = new_context(browser)
        page = context.new_page()
        page.goto(url)
        yield page
        context.close()


def test_the_search_finds_the_company_added_last_without_its_accents(home: Any) -> None:
    assert header_search(home, "electrique zephyrin")[0] == "Société Électrique Zéphyrin"
    assert header_search(home, "732829320")[0] == "Société Électrique Zéphyrin"
