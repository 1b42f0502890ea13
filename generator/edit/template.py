"""The commented template of a new record: the name filled in, every other field as a placeholder.

The template does not validate until it is filled in: the required fields are commented out, so
the validator's messages say what is missing.
"""

from __future__ import annotations

from pydantic.fields import FieldInfo
from slugify import slugify

from generator.edit.canonical import QUOTED_TEXT_FIELDS
from generator.edit.yamlio import dump_scalar
from generator.fields import is_list, literal_values
from generator.model import (
    KIND_BY_NAME,
    MODELS,
    Certification,
    Record,
    SourceRef,
    date_fields,
    nested_models,
    url_fields,
)

KIND_FOLDERS = {name: kind.folder for name, kind in KIND_BY_NAME.items()}
_TITLES = {
    "companies": "Fiche d'une entreprise certifiée",
    "standards": "Fiche d'un référentiel (norme, certification, label ou prix)",
    "certifiers": "Fiche d'un organisme certificateur",
}
# Certification fields are described one by one too: they are what maintainers add most often.
_DESCRIBED_ITEMS = (Certification,)


def new_id(name: str) -> str:
    """The record's id, derived once from its name (accents transliterated): it never changes after."""
    return slugify(name, lowercase=True, separator="-")


# Assigned by the editing commands (add, renew), never typed by hand.
_ASSIGNED = {(Certification, "id")}


def _fields(model: type[Record]) -> list[tuple[str, FieldInfo]]:
    return [(info.alias or name, info) for name, info in model.model_fields.items()
            if (model, info.alias or name) not in _ASSIGNED]


def _placeholder(model: type[Record], key: str) -> str:
    if key in date_fields(model):
        return "'AAAA-MM-JJ'"
    if key == "siren":
        return "'123456789'"
    if key in QUOTED_TEXT_FIELDS:
        return "'…'"
    if key in url_fields():
        return "https://…"
    if key == "status":
        return "active"
    return "…"


def _description(model: type[Record], key: str, info: FieldInfo) -> str:
    if model is Certification and key in ("issued", "reported"):
        required = "l'un de « issued » et « reported » est obligatoire"
    else:
        required = "obligatoire" if info.is_required() else "facultatif"
    return f"# {key} ({required}) : {info.description or ''}"


def _entry(model: type[Record], key: str, info: FieldInfo, indent: str) -> list[str]:
    """The placeholder lines (uncommented) of one field, at `indent`."""
    nested = nested_models(info.annotation)
    if key == "sources" and model is not Certification and not indent:
        return [f"{indent}sources:", f"{indent}  - https://…  # une URL, ou un tableau :",
                *_item(SourceRef, indent + "  ", described=False)]
    if key == "sources":
        return [f"{indent}sources:", f"{indent}  - https://…"]
    if nested and not is_list(info.annotation):
        # A mapping (the comparison, each criterion in its sourced form): its fields one level in.
        inner = indent + "  "
        return [f"{indent}{key}:", *(line for k, i in _fields(nested[0]) for line in _entry(nested[0], k, i, inner))]
    if nested:
        return [f"{indent}{key}:", *_item(nested[0], indent + "  ", described=nested[0] in _DESCRIBED_ITEMS)]
    allowed = literal_values(info.annotation)
    hint = f"  # {' | '.join(allowed)}" if allowed and key != "status" else ""
    if "list" in str(info.annotation):
        return [f"{indent}{key}:", f"{indent}  - …{hint}"]
    return [f"{indent}{key}: {_placeholder(model, key)}{hint}"]


def _item(model: type[Record], indent: str, described: bool) -> list[str]:
    """One list item of `model`, its first line starting with the dash at `indent`."""
    lines: list[str] = []
    for index, (key, info) in enumerate(_fields(model)):
        if described:
            lines.append(f"{indent}{'' if index == 0 else '  '}{_description(model, key, info)}")
        entry = _entry(model, key, info, indent + "  ")
        if index == 0:
            entry[0] = f"{indent}- {entry[0][len(indent) + 2:]}"
        lines += entry
    return lines


def render_template(kind: str, name: str, schema_url: str, command: str) -> str:
    """The text of a new record of `kind` (companies, standards, certifiers) named `name`."""
    model = MODELS[kind]
    lines = [
        f"# yaml-language-server: $schema={schema_url}",
        f"# {_TITLES[kind]}, créée par « {command} ».",
        "# Pour chaque champ que vos sources établissent : retirez les « # » devant ses lignes et",
        "# remplacez « … » ; supprimez les autres. Chaque fait cite une source.",
        "# Puis : python -m generator validate (ses messages disent ce qui manque encore).",
        f"name: {dump_scalar(name)}",
    ]
    for key, info in _fields(model):
        if key == "name":
            continue
        lines += ["", _description(model, key, info)]
        lines += [f"# {line}" for line in _entry(model, key, info, "")]
    return "\n".join(lines) + "\n"
