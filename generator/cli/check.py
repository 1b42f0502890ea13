"""`validate` and `status`: what maintainers and CI run on every change."""

from __future__ import annotations

import json
from datetime import date

import click

from generator.cli.options import DAY, registry_option, today_in_paris, today_option
from generator.diagnostics import FORMATTERS, count_failures
from generator.french import plural
from generator.registry import Registry, build_registry
from generator.status import IN_FORCE, current_flags
from generator.validate import default_workers, validate_registry
from generator.wording import short_label


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
    _, diagnostics = validate_registry(registry, today or today_in_paris(), workers=default_workers(), keep=False)
    click.echo(FORMATTERS[output_format](diagnostics), nl=False)
    failures = count_failures(diagnostics, strict)
    if output_format == "text":
        errors = sum(1 for d in diagnostics if d.severity == "error")
        click.echo(
            f"{plural(errors, 'erreur')}, "
            f"{plural(len(diagnostics) - errors, 'avertissement')}",
            err=True,
        )
    if failures:
        raise SystemExit(1)


@click.command("status")
@registry_option
@today_option
@click.option("--on", "on", type=DAY, default=None,
              help="Jour pour lequel lire les statuts (défaut : --today) ; le registre reste celui du jour "
                   "--today, et un certificat qui n'existait pas encore ce jour-là n'est pas listé.")
@click.option("--within", type=click.IntRange(min=0), default=None, metavar="JOURS",
              help="Seulement les certificats en cours dont le dernier jour valide tombe d'ici JOURS jours.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def status_command(registry: str, today: date | None, on: date | None, within: int | None,
                   output_format: str) -> None:
    """Liste chaque certificat avec son statut du jour (ou du jour --on), par dernier jour valide."""
    result = load_or_fail(registry, today)
    day = on or result.today
    rows = []
    for company_id, views in result.certificates.items():
        company = result.companies[company_id]
        flags = current_flags(company.certifications, result.standards, on=day)
        for view in views:
            segment = view.on(day)
            if segment is None:
                continue  # it did not exist yet on that day: listed nowhere
            in_force = segment.status in IN_FORCE
            if within is not None and not (flags[view.index] and in_force and view.last_day is not None
                                           and 0 <= (view.last_day - day).days <= within):
                continue
            rows.append((view, segment, flags[view.index]))
    rows.sort(key=lambda r: (r[0].last_day is None, r[0].last_day or date.max, r[0].company_id, r[0].standard_id,
                             r[0].id))
    data = [
        {
            "company": view.company_id,
            "standard": view.standard_id,
            "certifier": view.certifier_id,
            "issued": str(view.certificate.issued) if view.certificate.issued is not None else None,
            "expires": view.last_day.isoformat() if view.last_day else None,
            "status": segment.status,
            "current": current,
        }
        for view, segment, current in rows
    ]
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for (_view, segment, current), row in zip(rows, data, strict=True):
        history = "" if current else "  (historique)"
        click.echo(
            f"{row['expires'] or 'inconnu':<10}  {short_label(segment):<17}  {row['company']}  {row['standard']}  "
            f"{row['certifier'] or '-'}  émis {row['issued'] or '-'}{history}"
        )
