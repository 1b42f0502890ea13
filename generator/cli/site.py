"""`build` and `render`: thin adapters over `generator.build` (the site, built whole or not at all)."""

from __future__ import annotations

import logging
import sys
from datetime import date

import click

from generator.build import BuildError, UnsafeTarget, build_site, check_target, render_pages, sources_for
from generator.cli.check import load_or_fail
from generator.cli.errors import Failure
from generator.cli.options import registry_option, today_option
from generator.diagnostics import printable
from generator.site import read_site_info


def _check_target(folder: str, config_file: str, registry: str) -> None:
    """Refuse an unsafe folder before anything is read or written."""
    try:
        check_target(folder, sources_for(config_file, registry))
    except UnsafeTarget as error:
        raise Failure(str(error)) from None


@click.command("build")
@registry_option
@click.option("--site-dir", default="site/", show_default=True, type=click.Path(),
              help="Dossier où le site est écrit : remplacé d'un coup, seulement si tout a réussi, et seulement "
                   "s'il est absent, vide ou issu d'une construction précédente.")
@today_option
@click.option("--strict", is_flag=True, help="Les avertissements de MkDocs font échouer la construction.")
@click.option("--config-file", "-f", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="Configuration MkDocs.")
def build_command(registry: str, site_dir: str, today: date | None, strict: bool, config_file: str) -> None:
    """Valide le registre puis construit le site ; en cas d'échec, l'ancien site reste intact."""
    _check_target(site_dir, config_file, registry)
    loaded = load_or_fail(registry, today)
    _show_mkdocs_log()
    try:
        build_site(loaded, site_dir, config_file, strict=strict)
    except UnsafeTarget as error:
        raise Failure(str(error)) from None
    except BuildError as error:
        raise Failure(f"échec de la construction, le site précédent est intact : {error}") from None
    click.echo(f"site construit dans {printable(site_dir)} (statuts au {loaded.today.isoformat()})", err=True)


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
@click.option("--out", required=True, type=click.Path(),
              help="Dossier où écrire les pages : remplacé d'un coup, seulement s'il est absent, vide ou issu "
                   "d'un rendu précédent.")
@click.option("--config-file", "-f", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="Configuration MkDocs (pour site_url et repo_url).")
def render_command(registry: str, today: date | None, out: str, config_file: str) -> None:
    """Écrit les pages générées (Markdown) dans un dossier, pour tout autre moteur de site."""
    _check_target(out, config_file, registry)
    loaded = load_or_fail(registry, today)
    try:
        count = render_pages(loaded, read_site_info(config_file), out, config_file)
    except UnsafeTarget as error:
        raise Failure(str(error)) from None
    click.echo(f"{count} fichiers écrits dans {printable(out)}", err=True)
