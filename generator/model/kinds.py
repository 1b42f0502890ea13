"""The kinds of records, and the model's fields found by what they hold (nested records, dates, URLs)."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.fields import is_date, is_list, is_url
from generator.model.base import Record
from generator.model.records import Certifier, Company, Standard


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its folder in the registry, its name in commands and schemas, its pages."""

    folder: str  # "companies": registry/companies/<id>.yml
    name: str  # "company": `new company`, company.schema.json
    page_folder: str  # "entreprises": /entreprises/<id>/
    model: type[Record]


RECORD_KINDS = (
    RecordKind("companies", "company", "entreprises", Company),
    RecordKind("standards", "standard", "referentiels", Standard),
    RecordKind("certifiers", "certifier", "certificateurs", Certifier),
)
# Names the site generates itself inside the record pages' folders (/entreprises/index.md, the list of every
# company): a record or a former id so named would take their place, so the loader and the validator refuse
# them. tests/test_reserved_ids.py derives the names from what render and export generate, so they cannot drift.
RESERVED_IDS = frozenset({"index", "sitemap"})  # sitemap: api/v1/entreprises/sitemap.xml (export)
KIND_BY_FOLDER = {kind.folder: kind for kind in RECORD_KINDS}
KIND_BY_NAME = {kind.name: kind for kind in RECORD_KINDS}
MODELS: dict[str, type[Record]] = {kind.folder: kind.model for kind in RECORD_KINDS}


def yaml_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A record's fields by their YAML name, in the model's order."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def nested_models(annotation: Any) -> list[type[Record]]:
    """The record models an annotation can hold (inside lists, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return [annotation]
    found: list[type[Record]] = []
    for argument in typing.get_args(annotation):
        found.extend(nested_models(argument))
    return found


def date_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(key for key, info in yaml_fields(model).items() if is_date(info.annotation))


def all_models() -> list[type[Record]]:
    """Every record model, the nested ones included, each once."""
    found: list[type[Record]] = []

    def visit(model: type[Record]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            for nested in nested_models(info.annotation):
                visit(nested)

    for kind in RECORD_KINDS:
        visit(kind.model)
    return found


def url_fields() -> frozenset[str]:
    """The YAML names of every single-URL field, in any record model (sources' `url` and `archive` included).

    A list of sources may hold URLs too: its items are found by `nested_models` being empty for a URL.
    """
    return frozenset(key for model in all_models() for key, info in yaml_fields(model).items()
                     if is_url(info.annotation) and not is_list(info.annotation))
