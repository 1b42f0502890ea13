"""« vouliez-vous dire … ? » for an id typed in a command, found among the records' ids, names and aliases.

The validator suggests an id close to the one written in a record; a maintainer at the command line
types names as often as ids ("NF 345", "Société Générale"), so a command also compares what was typed
with each record's name and aliases, written as ids are (lower case, accents transliterated).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence

from slugify import slugify

from generator.load import EXTENSION, load_entry, scan_registry

# What the validator says of an unknown id, by the folder of the record it names.
UNKNOWN = {
    "companies": "entreprise inconnue",
    "standards": "référentiel inconnu",
    "certifiers": "certificateur inconnu",
}
CUTOFF = 0.6  # as the validator's suggestions


def as_id(text: str) -> str:
    """A name written as an id is: "NF 345" -> "nf-345", "Société Générale" -> "societe-generale"."""
    return slugify(text, lowercase=True, separator="-")


def closest(typed: str, names: Mapping[str, Sequence[str]]) -> list[str]:
    """The ids `typed` most likely meant, among `names` ({id: [name, alias, …]}): none, one, or those
    equally close ("iso-18295-1", "iso-18295-2" for "iso18295").

    An id, name, alias or initials of a name equal to what was typed (written as an id) wins; then the
    closest of them all; then the one record whose id, name or alias starts with what was typed
    ("bureau-veritas").
    """
    keys: dict[str, str] = {}  # each id, name, alias and initials written as an id -> the record's id
    for record_id in sorted(names):
        keys.setdefault(record_id, record_id)
    for record_id in sorted(names):
        for text in names[record_id]:
            key = as_id(text)
            if key:
                keys.setdefault(key, record_id)
    for record_id in sorted(names):  # initials last: "rcf" for Relation Client France, "edf" for Électricité de France
        for text in names[record_id]:
            initials = "".join(word[0] for word in as_id(text).split("-") if word)
            if len(initials) > 1:
                keys.setdefault(initials, record_id)
    wanted = as_id(typed) or typed
    if wanted in keys:
        return [keys[wanted]]
    scores: dict[str, float] = {}
    for key, record_id in keys.items():
        score = difflib.SequenceMatcher(None, wanted, key).ratio()
        if score >= CUTOFF:
            scores[record_id] = max(score, scores.get(record_id, 0.0))
    if scores:
        best = max(scores.values())
        return sorted(record_id for record_id, score in scores.items() if score == best)
    starting = {record_id for key, record_id in keys.items() if key.startswith(wanted + "-")}
    return sorted(starting) if len(starting) == 1 else []


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
