"""`new`, `add`, `renew`, `withdraw`, `reinstate`: the commands that write a record."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from generator.cli.edit import (
    check_ids,
    edit_company,
    has_certificates,
    parse_date_option,
    read_company,
    write_company,
)
from generator.cli.errors import Failure, refuse
from generator.cli.options import registry_option, today_in_paris, today_option
from generator.diagnostics import format_text
from generator.edit.certificates import Addition, Renewal, add, reinstate, renew, withdraw
from generator.edit.check import record_path, write_atomic
from generator.edit.template import KIND_FOLDERS, new_id, render_template
from generator.edit.yamlio import EditError
from generator.site import SiteInfo, read_site_info
from generator.status import current_flags
from generator.validate import Valid

# --- new ----------------------------------------------------------------------------------------

def site_info_for(registry: str) -> SiteInfo:
    """The site's settings: mkdocs.yml in the current folder, else beside the registry folder."""
    for candidate in (Path("mkdocs.yml"), Path(registry).resolve().parent / "mkdocs.yml"):
        if candidate.is_file():
            return read_site_info(candidate)
    return SiteInfo(site_url="http://127.0.0.1:8000/")


@click.command("new")
@click.argument("kind", type=click.Choice(sorted(KIND_FOLDERS)), metavar="TYPE")
@click.argument("name", metavar="NOM")
@registry_option
@today_option
def new_command(kind: str, name: str, registry: str, today: date | None) -> None:
    """Crée la fiche commentée d'une entreprise, d'un référentiel ou d'un certificateur.

    TYPE : company, standard ou certifier. L'id de la fiche vient du NOM (accents translittérés).
    """
    record_id = new_id(name)
    if not record_id:
        raise Failure(f"impossible de tirer un id du nom « {name} » : il faut au moins une lettre ou un chiffre")
    folder = KIND_FOLDERS[kind]
    if not os.path.isdir(os.path.join(registry, folder)):
        raise Failure(f"le dossier {os.path.join(registry, folder)} n'existe pas : vérifiez --registry")
    path = record_path(registry, folder, record_id)
    if os.path.lexists(path):
        raise Failure(f"{path} existe déjà : l'id « {record_id} » est pris (modifiez cette fiche, "
                      "ou choisissez un autre nom)")
    command = f"python -m generator new {kind} {shlex.quote(name)}"
    write_atomic(path, render_template(folder, name, site_info_for(registry).schema_url(kind), command))
    click.echo(path)


# --- options shared by the certificate commands ---------------------------------------------------

def _company_id(function: Callable[..., None]) -> Callable[..., None]:
    return click.argument("company_id", metavar="ENTREPRISE")(function)


def _standard(function: Callable[..., None]) -> Callable[..., None]:
    return click.option("--standard", required=True, metavar="ID", help="Id du référentiel.")(function)


def _source(function: Callable[..., None]) -> Callable[..., None]:
    return click.option("--source", required=True, metavar="URL",
                        help="Adresse http(s) de la source qui l'établit.")(function)


def _scope_to_choose(function: Callable[..., None]) -> Callable[..., None]:
    return click.option("--scope", metavar="TEXTE",
                        help="Périmètre, quand plusieurs certificats sont en cours.")(function)


# --- add ----------------------------------------------------------------------------------------

@click.command("add")
@_company_id
@_standard
@click.option("--issued", metavar="AAAA-MM-JJ", help="Date d'attribution du certificat.")
@click.option("--reported", metavar="AAAA-MM-JJ",
              help="À défaut de date d'attribution : date de la source qui le signale comme détenu.")
@_source
@click.option("--certifier", metavar="ID", help="Certificateur, quand une source le nomme.")
@click.option("--number", metavar="N", help="Numéro du certificat.")
@click.option("--expires", metavar="AAAA-MM-JJ", help="Fin de validité, si la source la donne.")
@click.option("--scope", metavar="TEXTE", help="Périmètre certifié (sites, activités).")
@click.option("--category", metavar="TEXTE", help="Catégorie d'un prix, telle que la source la nomme.")
@registry_option
@today_option
def add_command(company_id: str, standard: str, issued: str | None, reported: str | None, source: str,
                certifier: str | None, number: str | None, expires: str | None, scope: str | None,
                category: str | None, registry: str, today: date | None) -> None:
    """Ajoute un certificat à une entreprise : le premier, un autre, ou un plus ancien (historique)."""
    if (issued is None) == (reported is None):
        raise click.UsageError("donnez --issued (date d'attribution) ou, à défaut, --reported (date de la "
                               "source qui le signale), l'un des deux")
    addition = Addition(
        standard=standard, source=source, certifier=certifier, number=number, scope=scope, category=category,
        when=parse_date_option(issued, "--issued") if issued is not None
        else parse_date_option(str(reported), "--reported"),
        reported=issued is None,
        expires=parse_date_option(expires, "--expires") if expires is not None else None,
    )
    check_ids(registry, company=company_id, standard=standard, certifier=certifier)
    day = today or today_in_paris()
    record = read_company(registry, day, company_id)
    if record.company is None and has_certificates(record):
        # Only a record that has no certificate yet (one `new` created) may be invalid: `add` completes it.
        raise refuse(format_text(record.own_errors), f"{record.path} n'est pas valide : corrigez-la avant de "
                     "la modifier (aucun fichier modifié)")
    existing = record.company.certifications if record.company is not None else []
    try:
        message = add(record.data, existing, addition, day)
    except EditError as error:
        raise Failure(f"{error} ; {record.path} n'a pas été modifié") from None

    def outcome(valid: Valid) -> str:
        company, _ = valid.companies[company_id]
        standards = {standard_id: model for standard_id, (model, _) in valid.standards.items()}
        if current_flags(company.certifications, standards)[-1]:
            return message
        return f"{message} ; un certificat plus récent du même référentiel (même périmètre, même catégorie) le " \
            "remplace : il est affiché en historique"

    write_company(registry, day, company_id, record, outcome)


# --- renew, withdraw, reinstate -----------------------------------------------------------------

@click.command("renew")
@_company_id
@_standard
@click.option("--issued", required=True, metavar="AAAA-MM-JJ", help="Date d'attribution du nouveau certificat.")
@_source
@click.option("--certifier", metavar="ID", help="Certificateur (défaut : celui du certificat renouvelé).")
@click.option("--number", metavar="N", help="Numéro du nouveau certificat.")
@click.option("--expires", metavar="AAAA-MM-JJ", help="Fin de validité, si la source la donne.")
@click.option("--scope", metavar="TEXTE", help="Périmètre (défaut : celui du certificat renouvelé).")
@registry_option
@today_option
def renew_command(company_id: str, standard: str, issued: str, source: str, certifier: str | None,
                  number: str | None, expires: str | None, scope: str | None, registry: str,
                  today: date | None) -> None:
    """Ajoute le nouveau certificat d'un renouvellement ; l'ancien reste en historique."""
    renewal = Renewal(standard=standard, issued=parse_date_option(issued, "--issued"), source=source,
                      certifier=certifier, number=number, scope=scope,
                      expires=parse_date_option(expires, "--expires") if expires is not None else None)
    check_ids(registry, company=company_id, standard=standard, certifier=certifier)
    edit_company(registry, today, company_id,
                 lambda data, company, standards, day: renew(data, company_id, company, standards, renewal, day))


@click.command("withdraw")
@_company_id
@_standard
@click.option("--date", "when", required=True, metavar="AAAA-MM-JJ", help="Date du retrait (ou de la suspension).")
@_source
@click.option("--suspend", is_flag=True, help="Suspendre au lieu de retirer.")
@_scope_to_choose
@registry_option
@today_option
def withdraw_command(company_id: str, standard: str, when: str, source: str, suspend: bool,
                     scope: str | None, registry: str, today: date | None) -> None:
    """Retire (ou suspend, avec --suspend) le certificat en cours d'un référentiel."""
    day = parse_date_option(when, "--date")
    check_ids(registry, company=company_id, standard=standard)
    edit_company(registry, today, company_id,
                 lambda data, company, standards, _: withdraw(data, company_id, company, standards, standard,
                                                              day, source, suspend, scope))


@click.command("reinstate")
@_company_id
@_standard
@click.option("--date", "when", required=True, metavar="AAAA-MM-JJ", help="Date de fin de la suspension.")
@_source
@_scope_to_choose
@registry_option
@today_option
def reinstate_command(company_id: str, standard: str, when: str, source: str, scope: str | None,
                      registry: str, today: date | None) -> None:
    """Met fin à la suspension en cours d'un certificat, au jour donné par --date."""
    day = parse_date_option(when, "--date")
    check_ids(registry, company=company_id, standard=standard)
    edit_company(registry, today, company_id,
                 lambda data, company, standards, _: reinstate(data, company_id, company, standards, standard,
                                                               day, source, scope))


RECORD_COMMANDS = (new_command, add_command, renew_command, withdraw_command, reinstate_command)
