"""/donnees/: the open data, its files and the field tables, derived from the model."""

from __future__ import annotations

from pydantic import BaseModel

from generator.model import Certification, Certifier, Claim, Company, Dispute, HistoryEvent, SourceRef, Standard, Term
from generator.render.base import Page, Renderer


def field_rows(model: type[BaseModel]) -> list[tuple[str, bool, str]]:
    """(name in YAML, required, description) for every field of a record model."""
    return [(info.alias or name, info.is_required(), info.description or "")
            for name, info in model.model_fields.items()]


def open_data_page(r: Renderer) -> Page:
    models = [
        ("company", "Entreprise (registry/companies/<id>.yml)", field_rows(Company)),
        ("certification", "Certificat (chaque élément de « certifications »)", field_rows(Certification)),
        ("standard", "Référentiel (registry/standards/<id>.yml)", field_rows(Standard)),
        ("term", "Changement de durée (chaque élément de « terms »)", field_rows(Term)),
        ("history", "Étape (chaque élément de « history »)", field_rows(HistoryEvent)),
        ("certifier", "Certificateur (registry/certifiers/<id>.yml)", field_rows(Certifier)),
        ("source", "Source (une URL, ou ce tableau)", field_rows(SourceRef)),
        ("dispute", "Divergence (chaque élément de « disputes »)", field_rows(Dispute)),
        ("claim", "Version des faits (chaque élément de « claims »)", field_rows(Claim)),
    ]
    return r.page("donnees/index.md", "data.html", "Données ouvertes", models=models)
