"""The comparison's criteria on a standard: each a value with its sources, or a pointer to a dispute.

Each allowed value is written once, in its Literal; CRITERIA gives it its French label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from generator.fields import MultilineText, Text
from generator.model.base import Obligation, Record, Sources

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
    note: MultilineText | None = Field(None, description=_NOTE)


class AuditMethodsFinding(Record):
    value: Annotated[list[AuditMethod], Field(min_length=1)] = Field(description=_VALUE + " Une ou plusieurs.")
    sources: Sources = Field(description=_SOURCES)
    note: MultilineText | None = Field(None, description=_NOTE)


class AuditFrequencyFinding(Record):
    value: AuditFrequency = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: MultilineText | None = Field(None, description=_NOTE)


class LocationFinding(Record):
    value: LocationRequirement = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: MultilineText | None = Field(None, description=_NOTE)


class ObligationFinding(Record):
    value: Obligation = Field(description=_VALUE)
    sources: Sources = Field(description=_SOURCES)
    note: MultilineText | None = Field(None, description=_NOTE)


class DisputedFinding(Record):
    dispute: Text = Field(
        description="Quand les sources divergent sur ce critère : le sujet (« topic ») du désaccord de la fiche "
        "qui donne chaque version avec ses sources."
    )
    note: MultilineText | None = Field(None, description=_NOTE)


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
