"""`build` and `render`: the site, built whole or not at all."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import click

from generator.cli.check import load_or_fail
from generator.cli.options import registry_option, today_option
from generator.site import read_site_info

STAGING_PREFIX = ".site-staging-"


@click.command("build")
@registry_option
@click.option("--site-dir", default="site/", show_default=True, type=click.Path(file_okay=False),
              help="Dossier où le site est écrit (remplacé d'un coup, seulement si tout a réussi).")
@today_option
@click.option("--strict", is_flag=True, help="Les avertissements de MkDocs font échouer la construction.")
@click.option("--config-file", "-f", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="Configuration MkDocs.")
def build_command(registry: str, site_dir: str, today: date | None, strict: bool, config_file: str) -> None:
    """Valide le registre puis construit le site ; en cas d'échec, l'ancien site reste intact."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.plugin import RegistryPlugin

    loaded = load_or_fail(registry, today)
    _show_mkdocs_log()
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + target.name + "-", dir=target.parent))
    try:
        config = load_config(config_file, site_dir=str(staging), strict=strict)
        plugin = config.plugins["registry"]
        if not isinstance(plugin, RegistryPlugin):
            raise click.ClickException(f"{config_file} ne déclare pas le greffon « registry »")
        plugin.config.registry = os.path.relpath(os.path.abspath(registry),
                                                 os.path.dirname(os.path.abspath(config_file)))
        plugin.config.today = loaded.today.isoformat()
        plugin.preloaded = loaded
        with _source_date_epoch(loaded.today):
            build(config)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise click.ClickException(f"échec de la construction, le site précédent est intact : {error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    click.echo(f"site construit dans {site_dir} (statuts au {loaded.today.isoformat()})", err=True)


@contextlib.contextmanager
def _source_date_epoch(day: date) -> Iterator[None]:
    """Timestamps inside files (sitemap, gzip headers) follow the registry's day: rebuilds are identical.

    An epoch given by the caller wins; it never changes the day statuses are computed for.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _swap(staging: Path, target: Path) -> None:
    """Put the new site in place: the old one is moved aside first and removed last."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + target.name + "-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)
    target.chmod(0o755)


def _remove_stale_staging(target: Path) -> None:
    """Folders left by a build that was killed halfway."""
    for leftover in target.parent.glob(STAGING_PREFIX + target.name + "-*"):
        shutil.rmtree(leftover, ignore_errors=True)


class _MkDocsLogHandler(logging.StreamHandler):
    """MkDocs' messages on stderr, as `mkdocs build` shows them; installed once."""


def _show_mkdocs_log() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _MkDocsLogHandler) for h in logger.handlers):
        handler = _MkDocsLogHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


@click.command("render")
@registry_option
@today_option
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Dossier où écrire les pages.")
@click.option("--config-file", "-f", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="Configuration MkDocs (pour site_url et repo_url).")
def render_command(registry: str, today: date | None, out: str, config_file: str) -> None:
    """Écrit les pages générées (Markdown) dans un dossier, pour tout autre moteur de site."""
    from generator.render import render_site

    loaded = load_or_fail(registry, today)
    site = read_site_info(config_file)
    root = Path(out)
    count = 0
    for path, rendered in sorted(render_site(loaded, site).items()):
        destination = root / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(rendered.content, encoding="utf-8")
        count += 1
    click.echo(f"{count} fichiers écrits dans {out}", err=True)
