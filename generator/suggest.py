"""« vouliez-vous dire … ? »: the ids a mistyped one most likely meant, among the records' ids, names and
aliases. The validator (an id written in a record) and the editing commands (an id typed at the command
line) ask the same question and get the same answer: a maintainer types names as often as ids
("NF 345", "Société Générale"), so what was written is compared with each record's name and aliases
written as ids are (lower case, accents transliterated), and with their initials.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from slugify import slugify

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


def did_you_mean(hints: Sequence[str]) -> str:
    """' : vouliez-vous dire « a » ou « b » ?'"""
    return " : vouliez-vous dire " + " ou ".join(f"« {h} »" for h in hints) + " ?"
