"""The canonical form of a record: keys in the models' field order, dates and identifiers quoted.

Only the layout changes: comments stay with their entries and the data read back is the same
(an unquoted year or SIREN becomes the text it stood for).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from generator.edit.yamlio import quoted
from generator.fields import is_date
from generator.model import MODELS, Record, nested_models, yaml_fields

# Identifiers that only look like numbers: written as quoted text.
QUOTED_TEXT_FIELDS = frozenset(("siren", "number"))


def field_order(model: type[BaseModel]) -> list[str]:
    """The keys of a record as written in YAML, in the model's order."""
    return list(yaml_fields(model))


def _fields(model: type[Record]) -> dict[str, Any]:
    return {key: info.annotation for key, info in yaml_fields(model).items()}


def canonicalize(data: CommentedMap, kind: str) -> None:
    """Put a record (kind: companies, standards or certifiers) in canonical form, in place."""
    _canonical_mapping(data, MODELS[kind])


def _canonical_mapping(mapping: CommentedMap, model: type[Record]) -> None:
    fields = _fields(model)
    order = list(fields)
    # Unknown keys (errors for the validator) keep their relative place after the known ones.
    for key in sorted(mapping.keys(), key=lambda k: (order.index(k) if k in fields else len(order))):
        mapping.move_to_end(key)
    for key in list(mapping.keys()):
        annotation = fields.get(key)
        if annotation is None:
            continue
        value = mapping[key]
        if is_date(annotation) or key in QUOTED_TEXT_FIELDS:
            text = _scalar_text(value, width=9 if key == "siren" else None)
            if text is not None:
                mapping[key] = quoted(text)
            continue
        models = nested_models(annotation)
        if not models:
            continue
        items = value if isinstance(value, CommentedSeq) else [value]
        for item in items:
            if isinstance(item, CommentedMap):
                _canonical_mapping(item, _form_of(item, models))


def _form_of(item: CommentedMap, models: list[type[Record]]) -> type[Record]:
    """The model a mapping follows when several may (a criterion, sourced or disputed): the one with all its keys."""
    return next((m for m in models if set(item) <= set(yaml_fields(m))), models[0])


def _scalar_text(value: Any, width: int | None) -> str | None:
    """The text a date or identifier stands for, or None to leave the value alone."""
    if isinstance(value, SingleQuotedScalarString):
        return None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, ScalarInt):
        # 012345678 read as a number: its written width keeps the leading zeros.
        digits = getattr(value, "_width", None) or width or 0
        return f"{int(value):0{digits}d}" if type(value) is ScalarInt and value >= 0 else None
    if isinstance(value, int):
        return f"{value:0{width or 0}d}" if value >= 0 else None
    if isinstance(value, str):
        return str(value)
    return None

