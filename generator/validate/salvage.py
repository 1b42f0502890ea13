"""What can still be checked in a record that failed its model: every valid part of it, kept in place.

When a field has the wrong type, the other fields, the date rules and the cross-record rules can
still be checked: `salvage` builds the record from the parts that pass their own type, leaving an
invalid or missing field as None and an invalid list item as None in its place (so list indices,
hence positions, stay those of the file). The rules (`rules.py`) skip what is None. Salvaged
records are only ever read by the rules: they never reach the site.
"""

from __future__ import annotations

import functools
import typing
from typing import Annotated, Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from generator.fields import is_list
from generator.model import Record, nested_models, yaml_fields

_STRICT = ConfigDict(strict=True)


def salvage(model: type[Record], data: Any) -> Record | None:
    """`data` as `model` as far as it is valid; None when it is not even a mapping."""
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for key, info in yaml_fields(model).items():
        name = _attribute(model, key)
        if key not in data:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            continue
        values[name] = _salvage_value(info, data[key])
    return model.model_construct(**values)


def _salvage_value(info: FieldInfo, value: Any) -> Any:
    if is_list(info.annotation):
        if not isinstance(value, list):
            return []
        item = _item_annotation(info.annotation)
        record = _record_type(item)
        if record is not None:
            return [salvage(record, element) for element in value]
        return [_checked(_adapter_for(item), element) for element in value]
    record = _record_type(_strip(info.annotation))
    if record is not None:
        return salvage(record, value)
    nested = nested_models(info.annotation)
    if nested:  # an optional record, or one of several: the one whose required keys the data has
        if not isinstance(value, dict):
            return None
        required = {m: {k for k, f in yaml_fields(m).items() if f.is_required()} for m in nested}
        chosen = next((m for m in nested if required[m] and required[m] <= set(value)), nested[0])
        return salvage(chosen, value)
    return _checked(_adapter(info), value)


def _checked(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _attribute(model: type[Record], key: str) -> str:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return name
    raise KeyError(key)  # pragma: no cover - keys come from yaml_fields


def _strip(annotation: Any) -> Any:
    """The type inside Annotated[...]."""
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _record_type(annotation: Any) -> type[Record] | None:
    annotation = _strip(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, Record) else None


def _item_annotation(annotation: Any) -> Any:
    """The item type of a list annotation (Annotated and `| None` unwrapped)."""
    annotation = _strip(annotation)
    for argument in (typing.get_args(annotation) if typing.get_origin(annotation) is not list else ()):
        if argument is not type(None):
            return _item_annotation(argument)
    return typing.get_args(annotation)[0]


@functools.cache
def _adapter_for(annotation: Any) -> TypeAdapter[Any]:
    try:
        return TypeAdapter(annotation, config=_STRICT)
    except Exception:
        return TypeAdapter(annotation)


def _adapter(info: FieldInfo) -> TypeAdapter[Any]:
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return _adapter_for(annotation)
