"""« vouliez-vous dire … ? » for an id typed in a command, found among the records' ids, names and aliases
(`generator.suggest`, which the validator uses too)."""

from __future__ import annotations

import os

from generator.load import EXTENSION, load_entry, scan_registry
from generator.suggest import closest

# What the validator says of an unknown id, by the folder of the record it names.
UNKNOWN = {
    "companies": "entreprise inconnue",
    "standards": "référentiel inconnu",
    "certifiers": "certificateur inconnu",
}
def record_names(root: str, kind: str) -> dict[str, list[str]]:
    """{id: [name, aliases…]} of the records of `kind` under `root` (a record that cannot be read: its id)."""
    names: dict[str, list[str]] = {}
    for entry in scan_registry(root).entries:
        if entry.kind != kind:
            continue
        document = load_entry(entry, [])
        data = document.data if document is not None else {}
        aliases = data.get("aliases")
        texts = [data.get("name"), *(aliases if isinstance(aliases, list) else [])]
        names[entry.id] = [text for text in texts if isinstance(text, str)]
    return names


def unknown_id(root: str, kind: str, typed: str) -> str | None:
    """None when a record of `kind` has the id `typed` under `root`; else what to say, as the validator does."""
    if typed in scan_registry(root).ids.get(kind, set()):
        return None
    hints = closest(typed, record_names(root, kind))
    if hints:
        return f"{UNKNOWN[kind]} « {typed} » : vouliez-vous dire {' ou '.join(f'« {h} »' for h in hints)} ?"
    message = f"{UNKNOWN[kind]} « {typed} » (aucun fichier {os.path.join(root, kind, typed + EXTENSION)})"
    if kind == "companies":
        message += " ; une nouvelle fiche se crée avec « python -m generator new company \"Nom\" »"
    return message
