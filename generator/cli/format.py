"""`fmt` and `assign-ids`: the commands that rewrite records without changing what they say."""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import click

from generator.cli.errors import Failure, refuse
from generator.cli.options import registry_option, today_in_paris, today_option
from generator.diagnostics import format_text
from generator.edit.canonical import canonicalize
from generator.edit.check import record_path, validate_changes, write_atomic
from generator.edit.ids import assign_ids
from generator.edit.yamlio import EditError, dump, parse
from generator.french import plural
from generator.load import EXTENSION, KINDS
from generator.validate import validate_registry


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


def what_fmt_changes(path: str, text: str, formatted: str) -> str:
    """The unified diff from the record as it is to the record as `fmt` writes it."""
    return "".join(difflib.unified_diff(_lines(text), _lines(formatted), fromfile=path, tofile=f"{path} (après fmt)"))


def _lines(text: str) -> list[str]:
    """Lines as YAML ends them (LF): a U+2028 inside a value is text, not a line end."""
    return [line + "\n" for line in text.split("\n")][: -1 if text.endswith("\n") else None]


@click.command("fmt")
@click.option("--check", is_flag=True,
              help="Ne rien modifier ; montrer, pour chaque fiche à reformater, ce que fmt y changerait.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True), metavar="[CHEMIN]...")
@registry_option
@today_option
def fmt_command(check: bool, paths: tuple[str, ...], registry: str, today: date | None) -> None:
    """Met les fiches en forme canonique (ordre des champs, retraits, dates et numéros entre guillemets)."""
    changes: dict[str, tuple[str, str, str]] = {}
    before: dict[str, str] = {}
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
            before[path] = text
    for message in unreadable:
        click.echo(f"Erreur : {message}", err=True)
    if check:
        for path, (_, _, formatted) in changes.items():
            click.echo(what_fmt_changes(path, before[path], formatted), nl=False)
        if changes:
            click.echo(f"{plural(len(changes), 'fiche')} à reformater : « python -m generator fmt » les met en forme",
                       err=True)
        if changes or unreadable:
            raise SystemExit(1)
        return
    if unreadable:
        raise Failure("des fiches ne peuvent pas être lues : aucun fichier modifié")
    if changes:
        _, after = validate_changes(registry, today or today_in_paris(), changes)
        errors = [d for d in after if d.severity == "error"]
        if errors:
            raise refuse(format_text(errors), f"le registre n'est pas valide ({plural(len(errors), 'erreur')} "
                          "ci-dessus) : aucun fichier modifié")
    for path, (_, _, formatted) in changes.items():
        write_atomic(path, formatted)
        click.echo(f"reformaté : {path}")


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
            raise refuse(format_text(errors), f"le registre ne serait plus valide ({plural(len(errors), 'erreur')} "
                         "ci-dessus) : aucun fichier modifié")
    for path, (_, _, text) in sorted(changes.items()):
        write_atomic(path, text)
        click.echo(f"ids attribués : {path}")
    if not changes:
        click.echo("chaque certificat a déjà son id", err=True)


FORMAT_COMMANDS = (fmt_command, assign_ids_command)
