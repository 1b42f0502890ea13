"""The field types of the records: dates as precise as their sources, SIREN, URLs, identifiers, text.

Each type validates one value and says in French what is wrong with it; the record models
(`generator.model`) are built from them, and the editing commands and schemas find fields by type
here (`date_fields`, `url_fields`), so a list of fields is never written twice.
"""

from __future__ import annotations

import functools
import re
import typing
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import unquote

import ada_url
from pydantic import AfterValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren

from generator.dates import MAX_YEAR, MIN_YEAR, SUPPORTED_RANGE, DateFormatError, DateRangeError, PartialDate
from generator.diagnostics import code_point

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


def _check_url_text(value: str) -> str:
    read = _read_address(value)
    if isinstance(read, AddressProblem):
        where = {"offset": read.offset} if read.offset is not None else {}
        raise PydanticCustomError("invalid-url", "URL « {value} » refusée : {reason}",
                                  {"value": value, "reason": read.reason, **where})
    return value


@dataclass(frozen=True)
class WebAddress:
    """A record's URL as a browser reads it (WHATWG URL parsing, by ada)."""

    href: str  # as the browser serialises it
    hostname: str  # where the browser goes (ASCII: IDNA)
    label: str  # what the site shows of it: host and path, without "www." nor a final "/"


class AddressProblem(ValueError):
    """Why a text is not a URL the registry accepts, and at which character (0-based), if at one."""

    def __init__(self, reason: str, offset: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


_COMPLETE = "seules les adresses http:// ou https:// complètes sont acceptées"
_START = re.compile(r"(?i)https?://(?=[^/?#])")


# In ASCII, the characters `_invisible` refuses are exactly these (and the backslash, for a URL).
_ASCII_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")
_ASCII_REFUSED = re.compile(r"[\x00-\x20\x7f\\]")


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def parse_web_address(value: str) -> WebAddress:
    """The URL as browsers read it; AddressProblem for anything they would read otherwise than it looks."""
    if not (value.isascii() and _ASCII_REFUSED.search(value) is None):  # else nothing below refuses
        _refuse_characters(value)
    start = _START.match(value)
    try:
        parts = ada_url.parse_url(value, attributes=("href", "username", "password", "protocol", "hostname",
                                                     "pathname"))
    except ValueError:
        raise AddressProblem(_COMPLETE) from None
    if start is None or parts["protocol"] not in ("http:", "https:") or not parts["hostname"]:
        raise AddressProblem(_COMPLETE)
    authority = re.match(r"[^/?#]*", value[start.end():])
    at = value.find("@", start.end(), start.end() + (len(authority.group()) if authority else 0))
    if at >= 0 or parts["username"] or parts["password"]:
        raise AddressProblem(f"identifiant avant « @ » ; un navigateur irait chez « {parts['hostname']} » et "
                             "ignorerait ce qui précède", at if at >= 0 else start.end())
    written = _written_host(authority.group() if authority else "")
    if written.lower() != parts["hostname"] and written.lower() != _host_in_unicode(parts["hostname"]):
        raise AddressProblem(f"hôte « {written} » qu'un navigateur lit « {parts['hostname']} » ; écrivez-le "
                             "comme il est lu", start.end())
    host = _display_host(parts["hostname"])
    label = (host + _display_path(parts["pathname"])).removeprefix("www.").rstrip("/")
    return WebAddress(parts["href"], parts["hostname"], label or parts["href"])


def _refuse_characters(value: str) -> None:
    for offset, char in enumerate(value):
        if char == "\\":
            raise AddressProblem("barre oblique inverse (\\) ; un navigateur la lit comme « / », et l'adresse "
                                 "ne mènerait pas où elle semble mener", offset)
        if _invisible(char):
            what = "espace" if char == " " else f"caractère invisible ou de contrôle {code_point(char)}"
            hint = " (écrire %20)" if char == " " else ""
            raise AddressProblem(f"{what}{hint}", offset)


def web_address(value: Any) -> WebAddress | None:
    """The parsed URL, or None when the registry would refuse it (or it is not a text)."""
    if not isinstance(value, str):
        return None
    read = _read_address(value)
    return None if isinstance(read, AddressProblem) else read


# One reading per text for the whole build: validation fills it, and the pages and the exports (written by
# a child forked after validation) find every address already read. Sized for the 10,000-company target's
# 53,000 distinct addresses.
@functools.lru_cache(maxsize=1 << 17)
def _read_address(value: str) -> WebAddress | AddressProblem:
    try:
        return parse_web_address(value)
    except AddressProblem as problem:
        return problem


def _written_host(authority: str) -> str:
    """The host as written in the authority (without the port)."""
    if authority.startswith("["):
        return authority[:authority.find("]") + 1] if "]" in authority else authority
    return authority.rsplit(":", 1)[0] if ":" in authority else authority


def _display_host(hostname: str) -> str:
    """A host in Unicode when it is written in Latin letters (café.fr); otherwise as the browser shows it
    (xn--…), so that no look-alike letter from another script passes for a Latin one."""
    decoded = _host_in_unicode(hostname)
    return decoded if all(ord(char) < 0x250 for char in decoded) else hostname


def _host_in_unicode(hostname: str) -> str:
    """IDNA decoding; a host without a punycode label ("xn--") reads the same either way."""
    return ada_url.idna_to_unicode(hostname) if "xn--" in hostname else hostname


def _display_path(path: str) -> str:
    decoded = unquote(path)
    if decoded.isascii():
        safe = _ASCII_INVISIBLE.search(decoded) is None
    else:
        safe = not any(_invisible(char) for char in decoded)
    return decoded if safe else path


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
# Characters a text never holds: bidirectional embeddings, overrides and isolates reorder what is shown
# around them (a name could read backwards); zero-width ones are invisible (a name of them looks empty).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def _check_text(value: str, multiline: bool) -> str:
    """A record's text: no control character (but tab and line feed in a multi-line text), no bidirectional
    control, and something visible in it. The first offending character is named, with its offset."""
    for offset, char in enumerate(value):
        if char in BIDI_CONTROLS:
            raise PydanticCustomError(
                "bidi-control", "caractère de mise en forme bidirectionnelle {char} : il peut changer l'ordre dans "
                "lequel le texte s'affiche ; retirez-le", {"char": code_point(char), "offset": offset})
        if multiline and char in "\t\n":
            continue
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F or char in _LINE_BREAKS:
            if char in _LINE_BREAKS and not multiline:
                what = "retour à la ligne : ce champ s'écrit sur une seule ligne"
            elif char in _LINE_BREAKS:
                what = f"fin de ligne {code_point(char)} : les lignes se séparent par un simple retour à la ligne"
            elif char == "\t":
                what = "tabulation : ce champ s'écrit sur une seule ligne, avec des espaces"
            else:
                what = f"caractère de contrôle {code_point(char)} : un texte n'en contient pas"
            raise PydanticCustomError("control-character", "{what}", {"what": what, "offset": offset})
    if all(char.isspace() or char in ZERO_WIDTH for char in value):
        raise PydanticCustomError("empty-value", "la valeur est vide : seulement des espaces ou des caractères "
                                  "invisibles")
    return value


def _single_line(value: str) -> str:
    return _check_text(value, multiline=False)


def _multiline(value: str) -> str:
    return _check_text(value, multiline=True)


# A name, a title, a number, a scope: one line of visible text.
Text = Annotated[str, Field(min_length=1), AfterValidator(_single_line)]
# Notes, a summary, a claim: prose, where tabs and line feeds are allowed.
MultilineText = Annotated[str, Field(min_length=1), AfterValidator(_multiline)]
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
