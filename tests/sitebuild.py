"""Build real sites in a temporary folder with the project's own mkdocs.yml and a fixture URL."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.clock import today_in_paris

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE_URL = "https://registre.example.test/sous-chemin/"
# The real registry is read for the real day (Paris), as a maintainer's pull request is: a record checked
# today must pass today. Fixture registries keep their pinned days.
REAL_TODAY = today_in_paris()
# Warnings that only the passing of time brings: reported at the end of the run, never a failure.
TIME_WARNINGS = frozenset({"stale-record"})


def fixture_config(folder: Path, site_url: str = FIXTURE_URL, registry: Path | None = None,
                   today: str | None = None) -> Path:
    """A copy of mkdocs.yml with a fixture site_url and absolute paths to docs/ and the overrides.

    With `registry` (and `today`), the plugin itself reads that registry: for plain `mkdocs build`.
    """
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    if registry is not None:
        extra = f"\n      today: '{today}'" if today else ""
        text = re.sub(r"(?m)^(\s+)registry: registry$", rf"\g<1>registry: {registry}{extra}", text)
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", text)
    text = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {PROJECT / 'docs'}", text)
    text = re.sub(r"(?m)^(\s+custom_dir: ).*$", rf"\g<1>{PROJECT / 'generator' / 'overrides'}", text)
    path = folder / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def build_site(registry: Path, site_dir: Path, today: str = "2026-11-25", *extra: str,
               site_url: str = FIXTURE_URL):
    config = fixture_config(site_dir.parent, site_url)
    return CliRunner().invoke(
        main,
        ["build", "--registry", str(registry), "--site-dir", str(site_dir), "--today", today,
         "--config-file", str(config), *extra],
        catch_exceptions=False,
    )
