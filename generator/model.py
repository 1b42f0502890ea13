"""The records as pydantic models: the one source of truth for the format.

The JSON Schemas, the maintainers' field reference and the CSV schema all derive
from these classes. Checks that need several fields or several records (date
order, known ids, term limits) live in `validate`, where positions are at hand.
Field types (dates, SIREN, URLs, text) are in `generator.fields`.
"""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic.fields import FieldInfo
from slugify import slugify

from generator.fields import ID_REGEX, Date, Id, Siren, Text, Url, describe_value, is_date, is_list, is_url

__all__ = ["ID_REGEX", "describe_value"]

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
    claim: Text = Field(description="Ce qu'affirme cette version des faits.")
    sources: Sources = Field(description="Les sources qui l'affirment.")


class Dispute(Record):
    topic: Text = Field(description="Le point sur lequel les sources divergent.")
    claims: list[Claim] = Field(description="Chaque version, avec ses sources (au moins deux).")


class Suspension(Record):
    from_: Date = Field(alias="from", description="Premier jour de la suspension.")
    to: Date | None = Field(
        None, description="Jour où le certificat est rétabli (premier jour de nouveau valide) ; absent tant que la "
        "suspension dure.",
    )
    sources: Sources = Field(description="Les sources de la suspension et de son rétablissement.")


class Certification(Record):
    standard: Id = Field(description="Id du référentiel (fichier de registry/standards/).")
    id: Id | None = Field(
        None,
        description="Identifiant du certificat dans la fiche de l'entreprise : court, unique dans la fiche, attribué "
        "une fois pour toutes par les commandes (add, renew) et jamais recalculé quand une date ou un périmètre "
        "est corrigé. Il fait l'ancre du certificat sur sa page, ses entrées dans les flux et sa clé dans les "
        "exports.",
    )
    certifier: Id | None = Field(
        None, description="Id de l'organisme certificateur ; absent quand aucune source ne le nomme."
    )
    issued: Date | None = Field(None, description="Date d'attribution du certificat.")
    reported: Date | None = Field(
        None,
        description="Date d'une source qui signale le certificat comme détenu, quand aucune source ne "
        "donne la date d'attribution.",
    )
    expires: Date | None = Field(
        None,
        description="Date de fin de validité donnée par une source ; sans elle, la fin se calcule avec la durée du "
        "référentiel.",
    )
    number: Text | None = Field(None, description="Numéro du certificat (écrit entre guillemets dans la fiche).")
    scope: Text | None = Field(
        None, description="Périmètre certifié (sites, activités) ; des périmètres différents coexistent."
    )
    category: Text | None = Field(
        None,
        description="Catégorie d'un prix (par exemple « Plateforme de réservation »), telle que la source la nomme.",
    )
    status: DeclaredStatus = Field(
        "active", description="active (par défaut) ou withdrawn (retiré définitivement)."
    )
    status_date: Date | None = Field(
        None, description="Date du retrait ; obligatoire quand status vaut withdrawn."
    )
    suspensions: list[Suspension] = Field(
        default_factory=list,
        description="Les suspensions du certificat, chacune avec son début, son rétablissement quand il a eu lieu "
        "et ses sources.",
    )
    sources: Sources = Field(description="Les sources du certificat (au moins une).")
    disputes: list[Dispute] = Field(default_factory=list, description="Points sur lesquels les sources divergent.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")


class Company(Record):
    name: Text = Field(description="Nom de l'entreprise.")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Autres noms de l'entreprise (« Électricité de France » pour EDF), cherchés aussi.",
    )
    former_ids: list[Id] = Field(
        default_factory=list, description="Anciens ids de la fiche : leurs adresses redirigent vers la fiche actuelle."
    )
    siren: Siren | None = Field(None, description="Numéro SIREN : 9 chiffres, écrits entre guillemets dans la fiche.")
    website: Url | None = Field(None, description="Site web de l'entreprise.")
    sector: Text | None = Field(None, description="Secteur d'activité.")
    checked: Date = Field(
        description="Jour où un mainteneur a vérifié la fiche contre ses sources (les commandes d'édition le "
        "mettent à jour)."
    )
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


# --- The comparison's criteria -------------------------------------------------------------------
# Each allowed value is written once, in its Literal; CRITERIA below gives it its French label.

YesNo = Literal["oui", "non"]
AuditMethod = Literal["documents", "sur-site", "client-mystère"]
AuditFrequency = Literal["annuelle", "pluriannuelle", "unique"]
LocationRequirement = Literal["aucune", "partielle", "totale"]

_VALUE = "La valeur que les sources établissent, parmi celles que permet le critère."
_NOTE = "Précision en texte simple, montrée avec les sources."
_SOURCES = "Les sources qui l'établissent (au moins une)."


class YesNoFinding(Record):
    value: YesNo = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: Text | None = Field(None, description=_NOTE)


class AuditMethodsFinding(Record):
    value: Annotated[list[AuditMethod], Field(min_length=1)] = Field(description=_VALUE + " Une ou plusieurs.")
    sources: Sources = Field(description=_SOURCES)
    note: Text | None = Field(None, description=_NOTE)


class AuditFrequencyFinding(Record):
    value: AuditFrequency = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: Text | None = Field(None, description=_NOTE)


class LocationFinding(Record):
    value: LocationRequirement = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: Text | None = Field(None, description=_NOTE)


class ObligationFinding(Record):
    value: Obligation = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: Text | None = Field(None, description=_NOTE)


class DisputedFinding(Record):
    dispute: Text = Field(
        description="Quand les sources divergent sur ce critère : le sujet (« topic ») du désaccord de la fiche "
        "qui donne chaque version avec ses sources."
    )
    note: Text | None = Field(None, description=_NOTE)


def _finding_form(value: Any) -> str | None:
    if isinstance(value, DisputedFinding) or (isinstance(value, dict) and "dispute" in value):
        return "désaccord"
    if isinstance(value, (dict, Record)):
        return "valeur"
    return None


# A criterion is either a sourced value or a pointer to the record's dispute on it.
_EITHER = Discriminator(
    _finding_form,
    custom_error_type="wrong-type",
    custom_error_message="un critère est un tableau avec « value » et « sources », ou avec « dispute »",
)
_DISPUTED = Annotated[DisputedFinding, Tag("désaccord")]
YesNoCriterion = Annotated[Annotated[YesNoFinding, Tag("valeur")] | _DISPUTED, _EITHER]
AuditMethodsCriterion = Annotated[Annotated[AuditMethodsFinding, Tag("valeur")] | _DISPUTED, _EITHER]
AuditFrequencyCriterion = Annotated[Annotated[AuditFrequencyFinding, Tag("valeur")] | _DISPUTED, _EITHER]
LocationCriterion = Annotated[Annotated[LocationFinding, Tag("valeur")] | _DISPUTED, _EITHER]
ObligationCriterion = Annotated[Annotated[ObligationFinding, Tag("valeur")] | _DISPUTED, _EITHER]


class Comparison(Record):
    independent_audit: YesNoCriterion | None = Field(
        None, description="Un tiers (organisme certificateur, cabinet d'audit, institut d'études) vérifie le "
        "respect du référentiel, plutôt que l'entreprise ne le déclare elle-même : oui ou non."
    )
    audit_methods: AuditMethodsCriterion | None = Field(
        None, description="Comment le respect est vérifié : documents (revue de documents), sur-site (audit sur "
        "place), client-mystère (tests de clients mystères) ; une ou plusieurs."
    )
    audit_frequency: AuditFrequencyCriterion | None = Field(
        None, description="À quel rythme : annuelle (au moins une fois par an), pluriannuelle (moins d'une fois "
        "par an, au renouvellement), unique (à l'attribution seulement)."
    )
    location_requirement: LocationCriterion | None = Field(
        None, description="Exigence de localisation en France : aucune, partielle (une part minimale) ou totale."
    )
    obligation: ObligationCriterion | None = Field(
        None, description="Obligation de moyens ou de résultat : moyens ou résultat."
    )
    paid_by_holder: YesNoCriterion | None = Field(
        None, description="L'entreprise paie pour obtenir ou afficher la distinction : oui ou non."
    )
    criteria_public: YesNoCriterion | None = Field(
        None, description="Le texte des exigences est publié (en accès libre ou à l'achat) : oui ou non."
    )


@dataclass(frozen=True)
class Criterion:
    """A comparison criterion as the site names it: its heading, the French label of each value."""

    key: str  # the field of Comparison
    label: str  # heading, in French
    values: dict[str, str]  # each allowed value -> its short French label
    demanding: frozenset[str]  # the values that ask more of the holder ("which standard asks the most?")


YES_NO_LABELS = {"oui": "oui", "non": "non"}
CRITERIA: tuple[Criterion, ...] = (
    Criterion("independent_audit", "Contrôle par un tiers", YES_NO_LABELS, frozenset({"oui"})),
    Criterion("audit_methods", "Méthode d'audit",
              {"documents": "sur documents", "sur-site": "sur site", "client-mystère": "client mystère"},
              frozenset({"sur-site", "client-mystère"})),
    Criterion("audit_frequency", "Fréquence des audits",
              {"annuelle": "chaque année", "pluriannuelle": "au renouvellement", "unique": "une seule fois"},
              frozenset({"annuelle"})),
    Criterion("location_requirement", "Localisation en France",
              {"aucune": "aucune exigence", "partielle": "en partie", "totale": "totale"},
              frozenset({"partielle", "totale"})),
    Criterion("obligation", "Obligation",
              {"moyens": "de moyens", "résultat": "de résultat"}, frozenset({"résultat"})),
    Criterion("paid_by_holder", "Payé par le titulaire", YES_NO_LABELS, frozenset()),
    Criterion("criteria_public", "Exigences publiées", YES_NO_LABELS, frozenset()),
)


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
    comparison: Comparison = Field(
        default_factory=Comparison,
        description="Les critères du comparatif, chacun avec sa valeur et ses sources ; un critère absent "
        "signifie « non trouvé dans les sources ».",
    )
    supersedes: list[Id] = Field(default_factory=list, description="Ids des référentiels qu'il remplace.")
    superseded_by: list[Id] = Field(default_factory=list, description="Ids des référentiels qui le remplacent.")
    withdrawn: Date | None = Field(None, description="Date à laquelle le référentiel lui-même a pris fin.")
    history: list[HistoryEvent] = Field(default_factory=list, description="Les étapes de son histoire.")
    website: Url | None = Field(None, description="Site officiel.")
    sources: Sources = Field(description="Les sources du référentiel.")
    disputes: list[Dispute] = Field(default_factory=list, description="Points sur lesquels les sources divergent.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")


def derived_certificate_ids(certificates: Sequence[Certification]) -> list[str]:
    """The ids the certificates of one company get when first given one: standard and date as written, then
    the scope, then the number, where two would otherwise share an id. Stored once in the record (`id`), an
    id never changes after, even when a date or the scope is corrected; a certificate without a stored id
    is known by this derived one meanwhile. Depends on which certificates there are, not on their order.
    """
    def base(certificate: Certification) -> str:
        when = certificate.issued if certificate.issued is not None else certificate.reported
        return f"{certificate.standard}-{when}" if when is not None else certificate.standard

    def with_part(ids: list[str], part: Callable[[Certification], str | None]) -> list[str]:
        counts = Counter(ids)
        result = []
        for identity, certificate in zip(ids, certificates, strict=True):
            text = part(certificate) if counts[identity] > 1 else None
            slug = slugify(text, lowercase=True, max_length=24, word_boundary=True) if text else ""
            result.append(f"{identity}-{slug}" if slug else identity)
        return result

    ids = [base(certificate) for certificate in certificates]
    ids = with_part(ids, lambda c: c.scope)
    return with_part(ids, lambda c: c.number)


def certificate_ids(certificates: Sequence[Certification]) -> list[str]:
    """Each certificate's identity inside its company: its stored id, else the derived one."""
    return [certificate.id if certificate.id is not None else derived
            for certificate, derived in zip(certificates, derived_certificate_ids(certificates), strict=True)]


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
    siren: Siren | None = Field(None, description="Numéro SIREN : 9 chiffres, écrits entre guillemets dans la fiche.")
    website: Url | None = Field(None, description="Site web de l'organisme.")
    accreditation: Text | None = Field(None, description="Son accréditation (par exemple Cofrac).")
    lookup_url: Url | None = Field(
        None, description="Sa propre recherche publique de certificats, s'il en a une."
    )
    sources: Sources = Field(description="Les sources de la fiche.")
    notes: Text | None = Field(None, description="Remarques en texte simple.")


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
