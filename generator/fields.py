"""The field types of the records: dates as precise as their sources, SIREN, URLs, identifiers, text.

Each type validates one value and says in French what is wrong with it; the record models
(`generator.model`) are built from them, and the editing commands and schemas find fields by type
here (`date_fields`, `url_fields`), so a list of fields is never written twice.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren

from generator.dates import MAX_YEAR, MIN_YEAR, SUPPORTED_RANGE, DateFormatError, DateRangeError, PartialDate

ID_REGEX = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_REGEX)

@functools.lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> PartialDate:
    return PartialDate.parse(value)


def _parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    # YAML 1.2 reads an unquoted year (2008) as a number: it is a date all the same.
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise _out_of_range(str(value))
        return PartialDate(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "invalid-date", "date attendue (AAAA-MM-JJ, AAAA-MM ou AAAA), trouvé {found}",
            {"found": describe_value(value)},
        )
    try:
        return _parse_date_text(value)
    except DateRangeError:
        raise _out_of_range(value) from None
    except DateFormatError:
        raise PydanticCustomError(
            "invalid-date",
            "date « {value} » au mauvais format : écrire AAAA-MM-JJ, AAAA-MM ou AAAA (ISO 8601)",
            {"value": value},
        ) from None
    except ValueError:
        raise PydanticCustomError(
            "invalid-date", "date « {value} » impossible : ce jour ou ce mois n'existe pas",
            {"value": value},
        ) from None


def _out_of_range(value: str) -> PydanticCustomError:
    return PydanticCustomError(
        "date-out-of-range", "date « {value} » hors des années que le registre prend en charge ({range})",
        {"value": value, "range": SUPPORTED_RANGE},
    )


def _parse_siren(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError(
            "siren-not-quoted",
            "le SIREN doit être écrit entre guillemets (siren: '012345678') : "
            "sans guillemets, YAML le lit comme un nombre et perd les zéros de tête",
        )
    if not isinstance(value, str):
        raise PydanticCustomError("wrong-type", "SIREN attendu (9 chiffres entre guillemets), trouvé {found}",
                                  {"found": describe_value(value)})
    try:
        if not re.fullmatch(r"[0-9]{9}", value):
            raise StdnumError()
        stdnum_siren.validate(value)
    except StdnumError:
        raise PydanticCustomError(
            "invalid-siren",
            "SIREN « {value} » invalide : 9 chiffres sans espace, avec une clé de contrôle (Luhn) valide",
            {"value": value},
        ) from None
    return value


def _parse_url(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("wrong-type", "URL attendue, trouvé {found}", {"found": describe_value(value)})
    return _check_url_text(value)


@functools.lru_cache(maxsize=8192)
def _check_url_text(value: str) -> str:
    parts = urlsplit(value) if not re.search(r"\s", value) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError(
            "invalid-url", "URL « {value} » refusée : seules les adresses http:// ou https:// complètes "
            "sont acceptées", {"value": value},
        )
    return value


def describe_value(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, (int, float)):
        return "un nombre"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un tableau clé: valeur"
    return "un texte"


_DATE_JSON_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "AAAA-MM-JJ, ou AAAA-MM / AAAA quand les sources ne sont pas plus précises",
}

Date = Annotated[
    PartialDate,
    PlainValidator(_parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_DATE_JSON_SCHEMA),
]
Siren = Annotated[
    str, PlainValidator(_parse_siren),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{9}$"}),
]
class _UrlMark:
    """Marks the URL type in annotations: `url_fields` finds URL fields by it."""


URL_MARK = _UrlMark()

Url = Annotated[
    str, PlainValidator(_parse_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
    URL_MARK,
]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=ID_REGEX)]


def _mentions(annotation: Any, predicate: typing.Callable[[Any], bool]) -> bool:
    if predicate(annotation):
        return True
    return any(_mentions(argument, predicate) for argument in typing.get_args(annotation))


def is_date(annotation: Any) -> bool:
    """Whether a field's annotation holds a (partial) date."""
    return _mentions(annotation, lambda a: a is PartialDate)


def is_url(annotation: Any) -> bool:
    """Whether a field's annotation holds a URL."""
    return _mentions(annotation, lambda a: a is URL_MARK)


def is_list(annotation: Any) -> bool:
    """Whether a field's annotation holds a list."""
    return _mentions(annotation, lambda a: typing.get_origin(a) is list or a is list)


def literal_values(annotation: Any) -> tuple[str, ...]:
    """The allowed values of a field whose annotation holds a Literal (inside lists, unions, Annotated)."""
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(value) for value in typing.get_args(annotation))
    return tuple(value for argument in typing.get_args(annotation) for value in literal_values(argument))
