"""`validate` and `status`: what maintainers and CI run on every change."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import click

from generator.cli.options import registry_option, today_in_paris, today_option
from generator.diagnostics import FORMATTERS, count_failures
from generator.registry import Registry, build_registry
from generator.validate import check_registry


def load_or_fail(registry_dir: str, today: date | None, output_format: str = "text") -> Registry:
    """Build the registry; on errors print them (in `output_format`) and exit 1."""
    registry = build_registry(registry_dir, today or today_in_paris())
    if registry.errors:
        click.echo(FORMATTERS[output_format](registry.diagnostics), nl=False)
        raise SystemExit(1)
    return registry


@click.command("validate")
@registry_option
@today_option
@click.option("--strict", is_flag=True, help="Les avertissements font aussi échouer.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text",
              show_default=True, help="Forme des messages.")
def validate_command(registry: str, today: date | None, strict: bool, output_format: str) -> None:
    """Vérifie tout le registre et signale chaque problème à sa ligne et sa colonne."""
    diagnostics = check_registry(registry, today or today_in_paris(), workers=min(2, os.cpu_count() or 1))
    click.echo(FORMATTERS[output_format](diagnostics), nl=False)
    failures = count_failures(diagnostics, strict)
    if output_format == "text":
        errors = sum(1 for d in diagnostics if d.severity == "error")
        click.echo(
            f"{errors} erreur(s), "
            f"{len(diagnostics) - errors} avertissement(s)",
            err=True,
        )
    if failures:
        raise SystemExit(1)


@click.command("status")
@registry_option
@today_option
@click.option("--within", type=click.IntRange(min=0), default=None, metavar="JOURS",
              help="Seulement les certificats en cours dont le dernier jour valide tombe d'ici JOURS jours.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def status_command(registry: str, today: date | None, within: int | None, output_format: str) -> None:
    """Liste chaque certificat avec son statut du jour, par dernier jour valide."""
    result = load_or_fail(registry, today)
    views = list(result.all_certificates())
    if within is not None:
        horizon = result.today + timedelta(days=within)
        views = [v for v in views if v.current and v.in_force
                 and v.last_day is not None and result.today <= v.last_day <= horizon]
    views.sort(key=lambda v: (v.last_day is None, v.last_day or date.max, v.company_id, v.standard_id))
    rows = [
        {
            "company": v.company_id,
            "standard": v.standard_id,
            "certifier": v.certifier_id,
            "issued": str(v.certificate.issued) if v.certificate.issued is not None else None,
            "expires": v.last_day.isoformat() if v.last_day else None,
            "status": v.status,
            "current": v.current,
        }
        for v in views
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        history = "" if row["current"] else "  (historique)"
        click.echo(
            f"{row['expires'] or 'inconnu':<10}  {row['status']:<9}  {row['company']}  {row['standard']}  "
            f"{row['certifier'] or '-'}  émis {row['issued'] or '-'}{history}"
        )
