"""Shared fixtures: tiny registries written as YAML text, the way maintainers write them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

# Diagnostics of the real registry that only the passing of time brings (a record not checked for a year):
# shown at the end of the run for the maintainers, never a failure.
_TIME_WARNINGS: list[dict[str, object]] = []


def report_time_warning(diagnostic: dict[str, object]) -> None:
    if diagnostic not in _TIME_WARNINGS:
        _TIME_WARNINGS.append(diagnostic)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TIME_WARNINGS:
        terminalreporter.section("registre réel : avertissements dus au temps (à traiter, sans échec)")
        for d in _TIME_WARNINGS:
            terminalreporter.write_line(f"{d['path']}:{d['line']}:{d['column']}: {d['code']}: {d['message']}")

TODAY = date(2026, 11, 25)

STANDARD = """\
name: Norme de test
kind: norme
introduced: '2015-09-15'
validity_years: 3
certifiers:
  - afnor
sources:
  - title: La norme
    publisher: ISO
    date: '2015-09-15'
"""

LABEL = """\
name: Label de test
kind: label
validity_years: 2
terms:
  - from: '2009-12'
    years: 3
    sources:
      - https://example.org/terms
sources:
  - title: Le label
    publisher: AFRC
"""

CERTIFIER = """\
name: AFNOR Certification
siren: '479076002'
sources:
  - title: Certificat
    publisher: AFNOR
"""

COMPANY = """\
# Une entreprise de test
name: Société Électrique
aliases:
  - Électricité de Test
siren: '347384570'
checked: '2026-11-01'
sources:
  - title: Fiche
    publisher: Le Monde
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2024-02-29'
    number: 'A-1'
    sources:
      - https://example.org/a
    id: iso-test-2024
"""


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for kind in ("companies", "standards", "certifiers"):
        (root / kind).mkdir(parents=True, exist_ok=True)
    return root


def base_files() -> dict[str, str]:
    return {
        "standards/iso-test.yml": STANDARD,
        "standards/label-test.yml": LABEL,
        "certifiers/afnor.yml": CERTIFIER,
        "companies/societe-electrique.yml": COMPANY,
    }


@pytest.fixture
def make_registry(tmp_path: Path) -> Callable[..., Path]:
    """Write the base registry, with files replaced or added (None removes one)."""

    def make(extra: dict[str, str | None] | None = None, base: bool = True) -> Path:
        files: dict[str, str] = base_files() if base else {}
        for name, text in (extra or {}).items():
            if text is None:
                files.pop(name, None)
            else:
                files[name] = text
        return write_tree(tmp_path / "registry", files)

    return make
