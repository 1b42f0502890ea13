"""Shared fixtures: tiny registries written as YAML text, the way maintainers write them."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Generator
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


# Browser tests (marker `browser`) without chromium: a failure under CI (CI=true), a skip by hand, before any
# fixture runs (tests/e2e/harness.py require_chromium). The number skipped so goes to the file named by
# REGISTRE_BROWSER_SKIPS_FILE, from which scripts/test prints its last line.
_BROWSER_SKIPS = pytest.StashKey[set[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_BROWSER_SKIPS] = set()


@pytest.hookimpl(tryfirst=True)  # before the `skipif` marks: every browser test is skipped for the same reason
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is not None:
        from tests.e2e.harness import require_chromium

        require_chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
        item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple):
        from tests.e2e.harness import CHROMIUM_SKIP_REASON

        if report.longrepr[2].endswith(CHROMIUM_SKIP_REASON):
            item.config.stash[_BROWSER_SKIPS].add(item.nodeid)
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("REGISTRE_BROWSER_SKIPS_FILE")
    if path:
        Path(path).write_text(f"{len(session.config.stash[_BROWSER_SKIPS])}\n", encoding="utf-8")


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
