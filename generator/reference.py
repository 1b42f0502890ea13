"""The field reference, derived from the model: one table per record model, for the guide and /donnees/.

The guide (docs/contribuer.md) holds these tables in Markdown between markers; `python -m
generator.reference` rewrites them and a test checks they are current; /donnees/ renders the same rows.
So a field added to the model appears in both with its type and description, and neither can describe a
field the model does not have.
"""

from __future__ import annotations

import re
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.fields import URL_MARK, is_date, is_list, literal_values
from generator.model import (
    AuditFrequencyFinding,
    AuditMethodsFinding,
    Certification,
    Certifier,
    Claim,
    Company,
    Comparison,
    Dispute,
    DisputedFinding,
    HistoryEvent,
    LocationFinding,
    ObligationFinding,
    SourceRef,
    Standard,
    Suspension,
    Term,
    YesNoFinding,
    nested_models,
    yaml_fields,
)

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "contribuer.md"
# The models the guide describes, by the name its markers use.
TABLES: dict[str, type[BaseModel]] = {
    "source": SourceRef, "dispute": Dispute, "claim": Claim, "company": Company, "certification": Certification,
    "suspension": Suspension, "standard": Standard, "term": Term, "history": HistoryEvent, "certifier": Certifier,
    "comparison": Comparison, "finding": YesNoFinding, "disputed_finding": DisputedFinding,
}
# Each table's title, in reading order (the published page lists them so).
TITLES: dict[str, str] = {
    "company": "Entreprise (registry/companies/<id>.yml)",
    "certification": "Certificat (chaque élément de « certifications »)",
    "suspension": "Suspension (chaque élément de « suspensions »)",
    "standard": "Référentiel (registry/standards/<id>.yml)",
    "comparison": "Critères du comparatif (« comparison » d'un référentiel)",
    "finding": "Critère établi (chaque critère de « comparison »)",
    "disputed_finding": "Critère discuté (un critère sur lequel les sources divergent)",
    "term": "Changement de durée (chaque élément de « terms »)",
    "history": "Étape (chaque élément de « history »)",
    "certifier": "Certificateur (registry/certifiers/<id>.yml)",
    "source": "Source (une URL, ou ce tableau)",
    "dispute": "Divergence (chaque élément de « disputes »)",
    "claim": "Version des faits (chaque élément de « claims »)",
}
# Models that share another's table: every criterion's finding has the same fields, its value aside.
SHARED_TABLES: dict[type[BaseModel], str] = {
    AuditMethodsFinding: "finding", AuditFrequencyFinding: "finding", LocationFinding: "finding",
    ObligationFinding: "finding",
}
# Fields whose presence depends on another field: what "obligatoire" says for them.
CONDITIONS: dict[tuple[type[BaseModel], str], str] = {
    (Certification, "issued"): "l'un de `issued` et `reported`",
    (Certification, "reported"): "l'un de `issued` et `reported`",
    (Certification, "status_date"): "si `status` vaut `withdrawn`",
}
_MARKER = re.compile(r"(<!-- champs : (?P<name>[a-z_]+) -->\n).*?(<!-- fin des champs -->)", re.S)


def type_words(info: FieldInfo) -> str:
    """The type of a field in a few French words."""
    annotation = info.annotation
    nested = nested_models(annotation)
    if DisputedFinding in nested:  # a comparison criterion: its allowed values, or a pointer to a dispute
        findings = [m for m in nested if m is not DisputedFinding]
        allowed = [v for m in findings for v in literal_values(yaml_fields(m)["value"].annotation)]
        values = ", ".join(f"`{v}`" for v in dict.fromkeys(allowed))
        several = " (une liste : un ou plusieurs)" if AuditMethodsFinding in nested else ""
        return f"critère : {values}{several}"
    if is_list(annotation):
        if _item_name(annotation) == "sources":
            return "liste de sources"
        if nested:
            return f"liste de tableaux « {_label(nested[0])} »"
        words = _scalar_words(annotation, plural=True)
        return ("liste d'" if words[0] in "aeiou" else "liste de ") + words
    if nested:
        return f"tableau « {_label(nested[0])} »"
    if any(getattr(m, "pattern", None) for m in info.metadata):
        return "id"
    return _scalar_words(annotation, plural=False)


def _item_name(annotation: Any) -> str:
    return "sources" if "Tag('url')" in repr(annotation) or "Discriminator" in repr(annotation) else ""


def _label(model: type[BaseModel]) -> str:
    if model in SHARED_TABLES:
        return SHARED_TABLES[model]
    return next(name for name, candidate in TABLES.items() if candidate is model)


def _scalar_words(annotation: Any, plural: bool) -> str:
    literals = _literals(annotation)
    if literals:
        return ", ".join(f"`{value}`" for value in literals)
    text = repr(annotation)
    if is_date(annotation):
        return "dates" if plural else "date"
    if _mentions_url(annotation):
        return "adresses http(s)" if plural else "adresse http(s)"
    if "_parse_siren" in text:
        return "SIREN (9 chiffres, entre guillemets)"
    if "pattern=" in text:
        return "ids" if plural else "id"
    if "int" in text and "Text" not in text and "str" not in text:
        return "nombres entiers" if plural else "nombre entier"
    return "textes" if plural else "texte"


def _mentions_url(annotation: Any) -> bool:
    if annotation is URL_MARK:
        return True
    return any(_mentions_url(a) for a in typing.get_args(annotation))


def _literals(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [v for a in typing.get_args(annotation) for v in _literals(a)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@dataclass(frozen=True)
class FieldRow:
    name: str  # as written in YAML
    type: str  # in French words; values in `backquotes`
    required: str  # "oui", "non", or the condition
    description: str


# The table every criterion's finding shares says what its value is without naming one criterion's values.
SHARED_TYPES: dict[tuple[type[BaseModel], str], str] = {
    (YesNoFinding, "value"): "une des valeurs permises du critère (table des critères)",
}


def field_rows(model: type[BaseModel]) -> list[FieldRow]:
    return [FieldRow(key, SHARED_TYPES.get((model, key)) or type_words(info),
                     CONDITIONS.get((model, key), "oui" if info.is_required() else "non"), info.description or "")
            for key, info in yaml_fields(model).items()]


def field_table(model: type[BaseModel]) -> str:
    """The Markdown table of a model's fields, as the guide holds it."""
    lines = ["| champ | type | obligatoire | ce qu'il contient |", "| --- | --- | --- | --- |"]
    for row in field_rows(model):
        lines.append(f"| `{row.name}` | {_cell(row.type)} | {_cell(row.required)} | {_cell(row.description)} |")
    return "\n".join(lines) + "\n"


def current_guide(text: str) -> str:
    """The guide's text with every generated table as the model has it now."""
    def replace(match: re.Match[str]) -> str:
        model = TABLES[match.group("name")]
        return match.group(1) + field_table(model) + match.group(3)

    return _MARKER.sub(replace, text)


def described_models(text: str) -> set[str]:
    return {match.group("name") for match in _MARKER.finditer(text)}


def main() -> int:
    text = GUIDE.read_text(encoding="utf-8")
    updated = current_guide(text)
    if "--check" in sys.argv[1:]:
        if updated != text:
            print(f"{GUIDE} : les tables des champs ne suivent plus le modèle ; lancez python -m generator.reference")
            return 1
        return 0
    GUIDE.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
