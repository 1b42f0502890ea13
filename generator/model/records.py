"""The records maintainers write: companies and their certificates, standards, certifiers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated

from pydantic import Field
from slugify import slugify

from generator.fields import Date, Id, MultilineText, Siren, Text, Url
from generator.model.base import DeclaredStatus, Dispute, Kind, Record, Sources
from generator.model.comparison import Comparison


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
    notes: MultilineText | None = Field(None, description="Remarques en texte simple.")


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
    notes: MultilineText | None = Field(None, description="Remarques en texte simple.")
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
    summary: MultilineText | None = Field(None, description="Ce que le référentiel garantit, en quelques phrases.")
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
    notes: MultilineText | None = Field(None, description="Remarques en texte simple.")


def derived_certificate_ids(certificates: Sequence[Certification]) -> list[str]:
    """The ids the certificates of one company get when first given one: standard and date as written, then
    the scope, the category, the number, where two would otherwise share an id. Stored once in the record (`id`), an
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
    ids = with_part(ids, lambda c: c.category)
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
    notes: MultilineText | None = Field(None, description="Remarques en texte simple.")
