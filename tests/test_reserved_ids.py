"""Ids that collide with pages the site generates are refused (issue 11, point 5).

The reserved names are those render and export generate in the record pages' folders besides the
records' own: the test derives them from a real rendering, so the list cannot drift.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.export import build_exports
from generator.model import RECORD_KINDS, RESERVED_IDS
from generator.registry import build_registry
from generator.render import render_site
from generator.site import SiteInfo
from tests.conftest import CERTIFIER, COMPANY, STANDARD, TODAY

SITE = SiteInfo("https://example.org/")


def errors(root: Path) -> list[tuple[str, int, int, str, str]]:
    return [(os.path.relpath(d.path, root), d.line, d.column, d.code, d.message)
            for d in build_registry(str(root), TODAY).errors]


@pytest.mark.parametrize(("folder", "text", "page_folder"), [
    ("companies", COMPANY, "entreprises"), ("standards", STANDARD, "referentiels"),
    ("certifiers", CERTIFIER, "certificateurs"),
])
def test_a_record_named_like_a_generated_page_is_refused_at_1_1(make_registry, folder: str, text: str,
                                                                page_folder: str) -> None:
    root = make_registry({f"{folder}/index.yml": text})
    assert errors(root) == [
        (f"{folder}/index.yml", 1, 1, "reserved-id",
         f"« index.yml » : l'id « index » est le nom d'une page que le site génère lui-même (/{page_folder}/index) ; "
         "choisissez un autre id"),
    ]


def test_a_former_id_named_like_a_generated_page_is_refused_where_it_is_written(make_registry) -> None:
    root = make_registry({"companies/societe-electrique.yml": COMPANY.replace(
        "siren:", "former_ids: [ancienne, index]\nsiren:")})
    assert errors(root) == [
        ("companies/societe-electrique.yml", 5, 24, "reserved-id",
         "l'ancien id « index » est le nom d'une page que le site génère lui-même (/entreprises/index) : il ne peut "
         "pas rediriger vers cette fiche"),
    ]


def test_the_reserved_ids_are_exactly_the_names_the_site_generates_beside_the_records(make_registry) -> None:
    root = make_registry({"companies/societe-electrique.yml": COMPANY.replace(
        "siren:", "former_ids: [ancienne-societe]\nsiren:")})
    registry = build_registry(str(root), TODAY)
    assert registry.errors == []
    paths = [*render_site(registry, SITE), *build_exports(registry, SITE)]
    records = {"entreprises": {*registry.companies, "ancienne-societe"}, "referentiels": set(registry.standards),
               "certificateurs": set(registry.certifiers)}
    assert {kind.page_folder for kind in RECORD_KINDS} == set(records)
    generated: set[str] = set()
    for path in paths:
        parts = path.split("/")
        # Where a record's id names a page or a file: /<folder>/<id>/ and /api/v1/<folder>/<id>.*
        # (deeper series, such as api/v1/chiffres/, are folders of their own).
        for index in (0, 2):
            if len(parts) > index + 1 and parts[index] in records and (index == 0 or parts[:2] == ["api", "v1"]):
                name = parts[index + 1].split(".")[0]
                if name not in records[parts[index]]:
                    generated.add(name)
    assert generated == RESERVED_IDS


def test_two_pages_at_one_address_are_never_written_silently(make_registry) -> None:
    registry = build_registry(str(make_registry()), TODAY)
    registry.companies["index"] = registry.companies["societe-electrique"]
    registry.certificates["index"] = registry.certificates["societe-electrique"]
    with pytest.raises(ValueError, match="two generated files share a path"):
        render_site(registry, SITE)


def test_the_build_refuses_a_company_named_index(make_registry, tmp_path: Path) -> None:
    from tests.sitebuild import build_site

    root = make_registry({"companies/index.yml": COMPANY})
    result = build_site(root, tmp_path / "site")
    assert result.exit_code == 1
    assert "companies/index.yml:1:1: error: « index.yml » : l'id « index » est le nom d'une page" in result.output
    assert not (tmp_path / "site").exists()
