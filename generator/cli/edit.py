"""`new`, `renew`, `withdraw`, `reinstate`, `fmt`: the editing commands maintainers type.

Each reads the registry, computes the new text of the files it changes, validates the whole
registry with that text (in memory, nothing written yet), then replaces each file in one step.
On any problem nothing is written and the command exits 1 with a message in French.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from generator.cli.errors import Failure, refuse
from generator.cli.options import registry_option, today_in_paris, today_option
from generator.dates import PartialDate
from generator.diagnostics import format_text
from generator.edit.canonical import canonicalize
from generator.edit.certificates import Renewal, reinstate, renew, withdraw
from generator.edit.check import record_path, validate_changes, write_atomic
from generator.edit.ids import assign_ids
from generator.edit.template import KIND_FOLDERS, new_id, render_template
from generator.edit.yamlio import EditError, dump, parse
from generator.load import EXTENSION, KINDS
from generator.model import Company, Standard
from generator.site import SiteInfo, read_site_info
from generator.validate import validate_registry


def parse_date_option(value: str, option: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise Failure(f"{option} « {value} » n'est pas une date valide : écrire AAAA-MM-JJ "
                      "(ou AAAA-MM, AAAA quand la source n'est pas plus précise)") from None


# --- new ----------------------------------------------------------------------------------------

def site_info_for(registry: str) -> SiteInfo:
    """The site's settings: mkdocs.yml in the current folder, else beside the registry folder."""
    for candidate in (Path("mkdocs.yml"), Path(registry).resolve().parent / "mkdocs.yml"):
        if candidate.is_file():
            return read_site_info(candidate)
    return SiteInfo(site_url="http://127.0.0.1:8000/")


@click.command("new")
@click.argument("kind", type=click.Choice(sorted(KIND_FOLDERS)))
@click.argument("name")
@registry_option
@today_option
def new_command(kind: str, name: str, registry: str, today: date | None) -> None:
    """Crée la fiche commentée d'une entreprise, d'un référentiel ou d'un certificateur."""
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


# --- renew, withdraw, reinstate -----------------------------------------------------------------

CompanyEdit = Callable[[CommentedMap, Company, dict[str, Standard], date], str]


def edit_company(registry: str, today: date | None, company_id: str, change: CompanyEdit) -> None:
    """Apply `change` to a company's record, validate the registry with the result, write it."""
    day = today or today_in_paris()
    path = record_path(registry, "companies", company_id)
    if not os.path.isfile(path):
        raise Failure(f"entreprise inconnue « {company_id} » : aucun fichier {path}")
    valid, before = validate_registry(registry, day)
    if company_id not in valid.companies:
        own = [d for d in before if d.path == path and d.severity == "error"]
        raise refuse(format_text(own), f"{path} n'est pas valide : corrigez-la avant de la modifier "
                      "(aucun fichier modifié)")
    company, document = valid.companies[company_id]
    standards = {standard_id: model for standard_id, (model, _) in valid.standards.items()}
    data = parse(document.text, path)
    try:
        message = change(data, company, standards, day)
    except EditError as error:
        raise Failure(f"{error} ; {path} n'a pas été modifié") from None
    text = dump(data)
    _, after = validate_changes(registry, day, {path: ("companies", company_id, text)})
    errors = [d for d in after if d.severity == "error"]
    if errors:
        raise refuse(format_text(errors), f"le registre ne serait plus valide ({len(errors)} erreur(s) "
                      f"ci-dessus ; lignes du fichier tel qu'il serait) : {path} n'a pas été modifié")
    write_atomic(path, text)
    click.echo(f"{path} : {message}")


def _company_id(function: Callable[..., None]) -> Callable[..., None]:
    return click.argument("company_id", metavar="ENTREPRISE")(function)


def _standard(function: Callable[..., None]) -> Callable[..., None]:
    return click.option("--standard", required=True, metavar="ID", help="Id du référentiel.")(function)


def _source(function: Callable[..., None]) -> Callable[..., None]:
    return click.option("--source", required=True, metavar="URL",
                        help="Adresse http(s) de la source qui l'établit.")(function)


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
    edit_company(registry, today, company_id,
                 lambda data, company, standards, day: renew(data, company_id, company, standards, renewal, day))


@click.command("withdraw")
@_company_id
@_standard
@click.option("--date", "when", required=True, metavar="AAAA-MM-JJ", help="Date du retrait (ou de la suspension).")
@_source
@click.option("--suspend", is_flag=True, help="Suspendre au lieu de retirer.")
@click.option("--scope", metavar="TEXTE", help="Périmètre, quand plusieurs certificats sont en cours.")
@registry_option
@today_option
def withdraw_command(company_id: str, standard: str, when: str, source: str, suspend: bool,
                     scope: str | None, registry: str, today: date | None) -> None:
    """Retire (ou suspend, avec --suspend) le certificat en cours d'un référentiel."""
    day = parse_date_option(when, "--date")
    edit_company(registry, today, company_id,
                 lambda data, company, standards, _: withdraw(data, company_id, company, standards, standard,
                                                              day, source, suspend, scope))


@click.command("reinstate")
@_company_id
@_standard
@click.option("--date", "when", required=True, metavar="AAAA-MM-JJ", help="Date de fin de la suspension.")
@_source
@click.option("--scope", metavar="TEXTE", help="Périmètre, quand plusieurs certificats sont en cours.")
@registry_option
@today_option
def reinstate_command(company_id: str, standard: str, when: str, source: str, scope: str | None,
                      registry: str, today: date | None) -> None:
    """Met fin à la suspension d'un certificat ; ses dates restent dans « notes »."""
    day = parse_date_option(when, "--date")
    edit_company(registry, today, company_id,
                 lambda data, company, standards, _: reinstate(data, company_id, company, standards, standard,
                                                               day, source, scope))


# --- fmt ----------------------------------------------------------------------------------------

def record_files(registry: str, paths: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(path as the loader names it, kind, id) of every record named by `paths` (default: all)."""
    roots = {kind: os.path.realpath(os.path.join(registry, kind)) for kind in KINDS}
    named: list[str] = []  # files named on the command line: each must be a record
    found: list[str] = []  # files found in folders: only those in a record folder count
    for path in paths or tuple(os.path.join(registry, kind) for kind in KINDS):
        if os.path.isdir(path):
            found += sorted(str(p) for p in Path(path).rglob(f"*{EXTENSION}"))
        elif paths:
            named.append(path)
    records = []
    for file in named + found:
        folder = os.path.realpath(os.path.dirname(file))
        kind = next((k for k, root in roots.items() if root == folder), None)
        if kind is None and file in named:
            raise Failure(f"{file} n'est pas une fiche du registre {registry} (companies/, standards/ "
                          "ou certifiers/) : précisez --registry")
        if kind is None:
            continue
        record_id = os.path.basename(file)[: -len(EXTENSION)]
        records.append((record_path(registry, kind, record_id), kind, record_id))
    return records


@click.command("fmt")
@click.option("--check", is_flag=True, help="Ne rien modifier ; échouer en nommant les fiches à reformater.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True), metavar="[CHEMIN]...")
@registry_option
@today_option
def fmt_command(check: bool, paths: tuple[str, ...], registry: str, today: date | None) -> None:
    """Met les fiches en forme canonique (ordre des champs, retraits, dates et numéros entre guillemets)."""
    changes: dict[str, tuple[str, str, str]] = {}
    unreadable = []
    for path, kind, record_id in record_files(registry, paths):
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
        try:
            data = parse(text, path)
        except EditError as error:
            unreadable.append(str(error))
            continue
        canonicalize(data, kind)
        formatted = dump(data)
        if formatted != text:
            changes[path] = (kind, record_id, formatted)
    for message in unreadable:
        click.echo(f"Erreur : {message}", err=True)
    if check:
        for path in changes:
            click.echo(f"à reformater : {path}")
        if changes or unreadable:
            raise SystemExit(1)
        return
    if unreadable:
        raise Failure("des fiches ne peuvent pas être lues : aucun fichier modifié")
    if changes:
        _, after = validate_changes(registry, today or today_in_paris(), changes)
        errors = [d for d in after if d.severity == "error"]
        if errors:
            raise refuse(format_text(errors), f"le registre n'est pas valide ({len(errors)} erreur(s) "
                          "ci-dessus) : aucun fichier modifié")
    for path, (_, _, formatted) in changes.items():
        write_atomic(path, formatted)
        click.echo(f"reformaté : {path}")


# --- assign-ids ---------------------------------------------------------------------------------

@click.command("assign-ids")
@click.argument("paths", nargs=-1, type=click.Path(exists=True), metavar="[CHEMIN]...")
@registry_option
@today_option
def assign_ids_command(paths: tuple[str, ...], registry: str, today: date | None) -> None:
    """Donne un « id » à chaque certificat qui n'en a pas : celui sous lequel il est déjà connu."""
    day = today or today_in_paris()
    valid, before = validate_registry(registry, day)
    changes: dict[str, tuple[str, str, str]] = {}
    for path, kind, record_id in record_files(registry, paths):
        if kind != "companies":
            continue
        if record_id not in valid.companies:
            own = [d for d in before if d.path == path and d.severity == "error"]
            raise refuse(format_text(own), f"{path} n'est pas valide : corrigez-la d'abord (aucun fichier modifié)")
        company, document = valid.companies[record_id]
        data = parse(document.text, path)
        if assign_ids(data, company.certifications):
            changes[path] = (kind, record_id, dump(data))
    if changes:
        _, after = validate_changes(registry, day, changes)
        errors = [d for d in after if d.severity == "error"]
        if errors:
            raise refuse(format_text(errors), f"le registre ne serait plus valide ({len(errors)} erreur(s) "
                         "ci-dessus) : aucun fichier modifié")
    for path, (_, _, text) in sorted(changes.items()):
        write_atomic(path, text)
        click.echo(f"ids attribués : {path}")
    if not changes:
        click.echo("chaque certificat a déjà son id", err=True)


EDIT_COMMANDS = (new_command, renew_command, withdraw_command, reinstate_command, fmt_command, assign_ids_command)
