"""How an editing command reads a record, checks the ids it was given, and writes only a valid registry.

Each command computes the new text of the files it changes, validates the whole registry with that
text (in memory, nothing written yet), then replaces each file in one step. On any problem nothing is
written and the command exits 1 with a message in French. The commands themselves are in `records`
(new, add, renew, withdraw, reinstate) and `format` (fmt, assign-ids).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import click
from ruamel.yaml.comments import CommentedMap

from generator.cli.errors import Failure, refuse
from generator.cli.options import today_in_paris
from generator.dates import PartialDate
from generator.diagnostics import Diagnostic, format_text
from generator.edit.check import record_path, validate_changes, write_atomic
from generator.edit.hints import unknown_id
from generator.edit.yamlio import EditError, dump, parse
from generator.french import plural
from generator.model import Company, Standard
from generator.validate import Valid, validate_registry


def parse_date_option(value: str, option: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise Failure(f"{option} « {value} » n'est pas une date valide : écrire AAAA-MM-JJ "
                      "(ou AAAA-MM, AAAA quand la source n'est pas plus précise)") from None


def check_ids(registry: str, company: str | None = None, standard: str | None = None,
              certifier: str | None = None) -> None:
    """Refuse an id that names no record, suggesting the one meant (by id, name or alias)."""
    if not os.path.isdir(registry):
        raise Failure(f"le dossier du registre {registry} n'existe pas : vérifiez --registry")
    for kind, typed in (("companies", company), ("standards", standard), ("certifiers", certifier)):
        if typed is not None:
            message = unknown_id(registry, kind, typed)
            if message is not None:
                raise Failure(message)


@dataclass
class CompanyRecord:
    """A company's record as an editing command finds it."""

    path: str
    company: Company | None  # None when the record does not validate (yet)
    standards: dict[str, Standard]
    data: CommentedMap  # the round-trip document, which the command changes
    own_errors: list[Diagnostic]


def read_company(registry: str, day: date, company_id: str) -> CompanyRecord:
    path = record_path(registry, "companies", company_id)
    valid, before = validate_registry(registry, day)
    standards = {standard_id: model for standard_id, (model, _) in valid.standards.items()}
    own = [d for d in before if d.path == path and d.severity == "error"]
    if company_id in valid.companies:
        company, document = valid.companies[company_id]
        return CompanyRecord(path, company, standards, parse(document.text, path), own)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = parse(handle.read(), path)
    except EditError as error:
        raise Failure(str(error)) from None
    return CompanyRecord(path, None, standards, data, own)


def has_certificates(record: CompanyRecord) -> bool:
    return bool(record.data.get("certifications"))


def write_company(registry: str, day: date, company_id: str, record: CompanyRecord,
                  message: str | Callable[[Valid], str]) -> None:
    """Validate the registry with the record's new text; write it only if no error remains.

    `message` says what was done; a function computes it from the registry as written."""
    text = dump(record.data)
    valid, after = validate_changes(registry, day, {record.path: ("companies", company_id, text)})
    errors = [d for d in after if d.severity == "error"]
    if errors:
        still = "plus" if record.company is not None else "pas"
        raise refuse(format_text(errors), f"le registre ne serait {still} valide ({plural(len(errors), 'erreur')} "
                     f"ci-dessus ; lignes du fichier tel qu'il serait) : {record.path} n'a pas été modifié")
    write_atomic(record.path, text)
    click.echo(f"{record.path} : {message if isinstance(message, str) else message(valid)}")


CompanyEdit = Callable[[CommentedMap, Company, dict[str, Standard], date], str]


def edit_company(registry: str, today: date | None, company_id: str, change: CompanyEdit) -> None:
    """Apply `change` to a valid company's record, validate the registry with the result, write it."""
    day = today or today_in_paris()
    record = read_company(registry, day, company_id)
    if record.company is None:
        if not has_certificates(record):
            raise refuse(format_text(record.own_errors),
                         f"« {company_id} » n'a encore aucun certificat : le premier s'ajoute avec « python -m "
                         f"generator add {company_id} --standard … » (aucun fichier modifié)")
        raise refuse(format_text(record.own_errors), f"{record.path} n'est pas valide : corrigez-la avant de "
                     "la modifier (aucun fichier modifié)")
    try:
        message = change(record.data, record.company, record.standards, day)
    except EditError as error:
        raise Failure(f"{error} ; {record.path} n'a pas été modifié") from None
    write_company(registry, day, company_id, record, message)
