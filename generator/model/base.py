"""The records' common parts: plain-data records, sources, disputes, and the vocabularies of statuses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from generator.fields import Date, MultilineText, Text, Url

CertificateStatus = Literal["valid", "expiring", "expired", "suspended", "withdrawn", "unknown"]
DeclaredStatus = Literal["active", "withdrawn"]
Kind = Literal["norme", "certification", "label", "prix"]
Obligation = Literal["moyens", "résultat"]


class Record(BaseModel):
    """Plain data: unknown keys are errors, and nothing is coerced (a number is not a text)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class SourceRef(Record):
    title: Text = Field(description="Titre de la source (article, page, document).")
    url: Url | None = Field(None, description="Adresse http(s) de la source.")
    publisher: Text | None = Field(
        None, description="Qui la publie (journal, organisme, entreprise) ; au moins une source de chaque fiche le dit."
    )
    date: Date | None = Field(None, description="Date de publication de la source.")
    retrieved: Date | None = Field(None, description="Jour où la source a été consultée.")
    archive: Url | None = Field(
        None, description="Adresse d'une copie archivée de la source (Wayback Machine, archive.today…)."
    )


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
    claim: MultilineText = Field(description="Ce qu'affirme cette version des faits.")
    sources: Sources = Field(description="Les sources qui l'affirment.")


class Dispute(Record):
    topic: Text = Field(description="Le point sur lequel les sources divergent.")
    claims: list[Claim] = Field(description="Chaque version, avec ses sources (au moins deux).")
