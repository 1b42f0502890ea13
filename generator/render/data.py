"""/donnees/: the open data, its files and the field tables, derived from the model."""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.export.table import SPREADSHEET_NOTE
from generator.fields import literal_values
from generator.model import (
    Certification,
    Certifier,
    Claim,
    Company,
    Comparison,
    Dispute,
    DisputedFinding,
    HistoryEvent,
    SourceRef,
    Standard,
    Term,
    YesNoFinding,
    nested_models,
)
from generator.render.base import Page, Renderer


def allowed_values(info: FieldInfo) -> tuple[str, ...]:
    """The values a field allows: its own Literal, or that of its `value` (a comparison criterion)."""
    values = literal_values(info.annotation)
    forms = nested_models(info.annotation)
    if not values and forms and "value" in forms[0].model_fields:
        values = literal_values(forms[0].model_fields["value"].annotation)
    return values


def field_rows(model: type[BaseModel], values: bool = True) -> list[tuple[str, bool, str, tuple[str, ...]]]:
    """(name in YAML, required, description, allowed values) for every field of a record model."""
    return [(info.alias or name, info.is_required(), info.description or "", allowed_values(info) if values else ())
            for name, info in model.model_fields.items()]


def open_data_page(r: Renderer) -> Page:
    models = [
        ("company", "Entreprise (registry/companies/<id>.yml)", field_rows(Company)),
        ("certification", "Certificat (chaque élément de « certifications »)", field_rows(Certification)),
        ("standard", "Référentiel (registry/standards/<id>.yml)", field_rows(Standard)),
        ("comparison", "Critères du comparatif (« comparison » d'un référentiel)", field_rows(Comparison)),
        # Every criterion's sourced form has the same fields; only its allowed values differ (table above).
        ("finding", "Critère établi (chaque critère de « comparison »)", field_rows(YesNoFinding, values=False)),
        ("disputed-finding", "Critère discuté (un critère de « comparison » sur lequel les sources divergent)",
         field_rows(DisputedFinding)),
        ("term", "Changement de durée (chaque élément de « terms »)", field_rows(Term)),
        ("history", "Étape (chaque élément de « history »)", field_rows(HistoryEvent)),
        ("certifier", "Certificateur (registry/certifiers/<id>.yml)", field_rows(Certifier)),
        ("source", "Source (une URL, ou ce tableau)", field_rows(SourceRef)),
        ("dispute", "Divergence (chaque élément de « disputes »)", field_rows(Dispute)),
        ("claim", "Version des faits (chaque élément de « claims »)", field_rows(Claim)),
    ]
    return r.page("donnees/index.md", "data.html", "Données ouvertes", models=models,
                  spreadsheet_note=SPREADSHEET_NOTE)
