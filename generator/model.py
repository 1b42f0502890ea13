"""The records as pydantic models: the one source of truth for the format.

The JSON Schemas, the maintainers' field reference and the CSV schema all derive
from these classes. Checks that need several fields or several records (date
order, known ids, term limits) live in `validate`, where positions are at hand.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as stdnum_siren

from generator.dates import DateFormatError, PartialDate

ID_REGEX = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_REGEX)

CertificateStatus = Literal["valid", "expiring", "expired", "suspended", "withdrawn", "unknown"]
DeclaredStatus = Literal["active", "suspended", "withdrawn"]
Kind = Literal["norme", "certification", "label", "prix"]
Obligation = Literal["moyens", "résultat"]


@functools.lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> PartialDate:
    return PartialDate.parse(value)


def _parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    # YAML 1.2 reads an unquoted year (2008) as a number: it is a date all the same.
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "invalid-date", "date attendue (AAAA-MM-JJ, AAAA-MM ou AAAA), trouvé {found}",
            {"found": describe_value(value)},
        )
    try:
        return _parse_date_text(value)
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
Url = Annotated[
    str, PlainValidator(_parse_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=ID_REGEX)]


class Record(BaseModel):
    """Plain data: unknown keys are errors, and nothing is coerced (a number is not a text)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class SourceRef(Record):
    title: Text = Field(description="Titre de la source (article, page, document).")
    url: Url | None = Field(None, description="Adresse http(s) de la source.")
    publisher: Text | None = Field(None, description="Qui la publie (journal, organisme, entreprise).")
    date: Date | None = Field(None, description="Date de publication de la source.")
    retrieved: Date | None = Field(None, description="Jour où la source a été consultée.")
    archive: Url | None = Field(None, description="Adresse d'une copie archivée de la source.")


def _source_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "url"
    if isinstance(value, (dict, SourceRef)):
        return "ref"
    return None


Source = Annotated[
    Annotated[Url, Tag("url")] | Annotated[SourceRef, Tag("ref")],
    Discriminator(
        _source_kind,
        custom_error_type="wrong-type",
        custom_error_message="une source est une URL http(s) ou un tableau avec au moins « title »",
    ),
]
Sources = Annotated[list[Source], Field(min_length=1)]


class Claim(Record):
    claim: Text = Field(description="Ce qu'affirme cette version des faits.")
    sources: Sources = Field(description="Les sources qui l'affirment.")


class Dispute(Record):
    topic: Text = Field(description="Le point sur lequel les sources divergent.")
    claims: list[Claim] = Field(description="Chaque version, avec ses sources (au moins deux).")


class Certification(Record):
    standard: Id = Field(description="Id du référentiel (fichier de registry/standards/).")
    certifier: Id | None = Field(
        None, description="Id de l'organisme certificateur ; à omettre quand aucune source ne le nomme."
    )
    issued: Date | None = Field(None, description="Date d'attribution du certificat.")
    reported: Date | None = Field(
        None,
        description="Date d'une source qui signale le certificat comme détenu, quand aucune source ne "
        "donne la date d'attribution.",
    )
    expires: Date | None = Field(None, description="Date de fin de validité donnée par une source.")
    number: Text | None = Field(None, description="Numéro du certificat (texte entre guillemets).")
    scope: Text | None = Field(None, description="Périmètre certifié (sites, activités).")
    status: DeclaredStatus = Field(
        "active", description="active (par défaut), suspended (suspendu) ou withdrawn (retiré)."
    )
    status_date: Date | None = Field(
        None, description="Date de la suspension ou du retrait ; obligatoire quand status n'est pas active."
    )
    sources: Sources = Field(description="Les sources du certificat (au moins une).")
    disputes: list[Dispute] = Field(default_factory=list, description="Points sur lesquels les sources divergent.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")


class Company(Record):
    name: Text = Field(description="Nom de l'entreprise.")
    aliases: list[Text] = Field(default_factory=list, description="Autres noms de l'entreprise (cherchés aussi).")
    former_ids: list[Id] = Field(
        default_factory=list, description="Anciens ids de la fiche : leurs adresses redirigent vers la fiche actuelle."
    )
    siren: Siren | None = Field(None, description="Numéro SIREN, 9 chiffres entre guillemets.")
    website: Url | None = Field(None, description="Site web de l'entreprise.")
    sector: Text | None = Field(None, description="Secteur d'activité.")
    checked: Date = Field(description="Jour où un mainteneur a vérifié la fiche contre ses sources.")
    sources: Sources = Field(description="Sources des informations sur l'entreprise elle-même.")
    disputes: list[Dispute] = Field(default_factory=list, description="Points sur lesquels les sources divergent.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")
    certifications: Annotated[list[Certification], Field(min_length=1)] = Field(
        description="Les certificats, labels et prix de l'entreprise (au moins un)."
    )


class Term(Record):
    from_: Date = Field(alias="from", description="Date à partir de laquelle cette durée s'applique.")
    years: Annotated[int, Field(ge=1, le=100)] = Field(description="Durée de validité en années.")
    sources: Sources = Field(description="Les sources de ce changement de durée.")


class HistoryEvent(Record):
    date: Date = Field(description="Date de l'événement.")
    event: Text = Field(description="Ce qui s'est passé.")
    sources: Sources = Field(description="Les sources de l'événement.")


class Standard(Record):
    name: Text = Field(description="Nom du référentiel.")
    aliases: list[Text] = Field(default_factory=list, description="Autres noms sous lesquels il est connu.")
    kind: Kind = Field(description="norme, certification, label ou prix.")
    owner: Text | None = Field(None, description="Qui porte ou possède le référentiel.")
    introduced: Date | None = Field(None, description="Date de création ou de publication.")
    validity_years: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="Durée de validité d'un certificat, en années, quand elle est connue."
    )
    terms: list[Term] = Field(
        default_factory=list,
        description="Changements de durée : la durée en vigueur au début d'un certificat s'applique.",
    )
    certifiers: list[Id] | None = Field(
        None, description="Ids des organismes connus pour le certifier ; absent signifie inconnu."
    )
    summary: Text | None = Field(None, description="Ce que le référentiel garantit, en quelques phrases.")
    requirements: list[Text] = Field(default_factory=list, description="Les exigences principales.")
    audit: Text | None = Field(None, description="Comment et à quelle fréquence il est audité.")
    location_requirement: Text | None = Field(None, description="Exigence de localisation (en France…).")
    obligation: Obligation | None = Field(None, description="Obligation de moyens ou de résultat.")
    supersedes: list[Id] = Field(default_factory=list, description="Ids des référentiels qu'il remplace.")
    superseded_by: list[Id] = Field(default_factory=list, description="Ids des référentiels qui le remplacent.")
    withdrawn: Date | None = Field(None, description="Date à laquelle le référentiel lui-même a pris fin.")
    history: list[HistoryEvent] = Field(default_factory=list, description="Les étapes de son histoire.")
    website: Url | None = Field(None, description="Site officiel.")
    sources: Sources = Field(description="Les sources du référentiel.")
    disputes: list[Dispute] = Field(default_factory=list, description="Points sur lesquels les sources divergent.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")


def term_on(standard: Standard | None, start: date) -> int | None:
    """The term in force on `start`: the latest change on or before it, else `validity_years`."""
    if standard is None:
        return None
    years = standard.validity_years
    for term in sorted(standard.terms, key=lambda t: t.from_.first_day):
        if term.from_.first_day <= start:
            years = term.years
    return years


class Certifier(Record):
    name: Text = Field(description="Nom de l'organisme.")
    siren: Siren | None = Field(None, description="Numéro SIREN, 9 chiffres entre guillemets.")
    website: Url | None = Field(None, description="Site web de l'organisme.")
    accreditation: Text | None = Field(None, description="Son accréditation (par exemple Cofrac).")
    lookup_url: Url | None = Field(None, description="Sa propre recherche publique de certificats.")
    sources: Sources = Field(description="Les sources de la fiche.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")


MODELS: dict[str, type[Record]] = {"companies": Company, "standards": Standard, "certifiers": Certifier}
