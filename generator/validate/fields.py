"""First pass: each document against its model; pydantic's errors walked back to their line and column.

Value errors point at the value, unknown keys at the key (with a near-miss hint), missing fields at
the mapping that lacks them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from generator.diagnostics import Diagnostic, Severity
from generator.load import Document, PathKey
from generator.model import MODELS, Record, Standard, describe_value, nested_models, yaml_fields

# Pydantic's tags for the forms of a source and of a criterion: they are in `loc` but not in the data.
_UNION_TAGS = frozenset(("url", "ref", "valeur", "désaccord"))
# The free-text fields of standards that became sourced criteria of the comparison.
_MOVED = {"audit": "audit_methods, audit_frequency", "location_requirement": "location_requirement",
          "obligation": "obligation"}


def check_model(document: Document, diagnostics: list[Diagnostic]) -> Record | None:
    """The document as its model, or None with the model's errors at their places."""
    model = MODELS[document.kind]
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        diagnostics.extend(_model_diagnostics(document, model, error))
        return None


def _model_diagnostics(document: Document, model: type[Record],
                       error: ValidationError) -> Iterator[Diagnostic]:
    for item in error.errors(include_url=False):
        path, rest = _split_loc(document.data, item["loc"])
        kind = item["type"]
        value = item.get("input")
        if kind == "missing":
            line, column = document.holder_at(path)
            yield diag(document, line, column, "missing-field",
                        f"champ obligatoire « {rest[-1] if rest else path[-1]} » manquant")
        elif kind == "extra_forbidden":
            line, column = document.key_at(path)
            name = str(path[-1])
            owner = _owner_model(path[:-1], model, document.data)
            known = list(yaml_fields(owner))
            hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            suggestion = f" : vouliez-vous dire « {hint[0]} » ?" if hint else \
                f" (champs possibles : {', '.join(known)})"
            if owner is Standard and name in _MOVED:
                suggestion = f" : il est passé dans « comparison » ({_MOVED[name]}), avec ses sources"
            yield diag(document, line, column, "unknown-field", f"champ inconnu « {name} »{suggestion}")
        else:
            offset = (item.get("ctx") or {}).get("offset")
            # A problem at one character of a text (a control character, a backslash in a URL) is shown there.
            line, column = document.char_at(path, offset) if isinstance(offset, int) and not rest \
                else document.value_at(path)
            code, message = _describe_error(kind, item, value)
            yield diag(document, line, column, code, f"« {field_name(path)} » : {message}")


def _split_loc(data: Any, loc: tuple[int | str, ...]) -> tuple[PathKey, PathKey]:
    """The part of a pydantic `loc` found in the data, and what is left of it."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        in_mapping = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            path.append(part)
            current = current[part]
        elif part in _UNION_TAGS:
            continue
        else:
            return tuple(path), tuple(p for p in loc[index:] if p not in _UNION_TAGS)
    return tuple(path), ()


def _owner_model(path: PathKey, model: type[Record], data: Any) -> type[Record]:
    """The model of the mapping at `path`: followed down from the record's model, field by field (where a
    field holds one of several records, the one whose keys the data has)."""
    current, value = model, data
    for part in path:
        value = value[part] if isinstance(value, (dict, list)) and _has(value, part) else None  # type: ignore[index]
        if isinstance(part, int):
            continue
        info = yaml_fields(current).get(part)
        nested = nested_models(info.annotation) if info is not None else []
        if not nested:
            return current
        current = next((m for m in nested if isinstance(value, dict) and set(value) & _required(m)), nested[0])
    return current


def _has(container: Any, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(part, int) and 0 <= part < len(container)


def _required(model: type[Record]) -> set[str]:
    return {key for key, info in yaml_fields(model).items() if info.is_required()}


def field_name(path: PathKey) -> str:
    names = [part for part in path if isinstance(part, str)]
    if names[:1] == ["comparison"] and names[-1] == "value" and len(names) >= 2:
        return names[-2]  # a criterion's value is named after the criterion
    return names[-1] if names else "fiche"


def _describe_error(kind: str, item: Any, value: Any) -> tuple[str, str]:
    if "-" in kind:  # our own types' errors carry their code (pydantic's own are snake_case)
        return kind, str(item["msg"])
    if kind == "string_type":
        hint = " : mettez la valeur entre guillemets" if isinstance(value, (int, float)) else ""
        return "wrong-type", f"texte attendu, trouvé {describe_value(value)}{hint}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return "wrong-type", f"nombre entier attendu, trouvé {describe_value(value)}"
    if kind == "list_type":
        return "wrong-type", f"liste attendue (une ligne « - » par élément), trouvé {describe_value(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "wrong-type", f"tableau clé: valeur attendu, trouvé {describe_value(value)}"
    if kind == "literal_error" and value == "suspended":
        return "invalid-value", ("valeur « suspended » non reconnue : une suspension s'écrit dans « suspensions » "
                                 "(from, to, sources), le statut reste active")
    if kind == "literal_error":
        expected = str(item.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", " ou ")
        return "invalid-value", f"valeur « {value} » non reconnue : attendu {expected}"
    if kind == "too_short":
        if isinstance(value, list):
            return "empty-list", "au moins un élément est attendu"
        return "empty-value", "la valeur est vide"
    if kind == "string_pattern_mismatch":
        return "invalid-id", (f"id « {value} » invalide : lettres minuscules ASCII, chiffres et "
                              "tirets simples seulement")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "invalid-value", "nombre hors limites (entre 1 et 100)"
    return "wrong-type", str(item["msg"])


def diag(document: Document, line: int, column: int, code: str, message: str,
         severity: Severity = "error") -> Diagnostic:
    return Diagnostic(document.path, line, column, severity, code, message)
