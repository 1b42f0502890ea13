"""Certificate ids: given once, never recomputed.

A new certificate (`renew`, `add`) gets the id the model derives from its standard, date and scope,
made unique in its company; `assign-ids` writes that id into every certificate that has none yet, so
the ids published before (derived) and after (stored) are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.dates import PartialDate
from generator.edit.canonical import field_order
from generator.edit.yamlio import insert_key
from generator.model import Certification, certificate_ids, derived_certificate_ids

CERTIFICATION_ORDER = field_order(Certification)


def unique(candidate: str, taken: set[str]) -> str:
    """`candidate`, or `candidate-2`, `candidate-3`… when another certificate of the company has it."""
    result, number = candidate, 2
    while result in taken:
        result, number = f"{candidate}-{number}", number + 1
    return result


def new_certificate_id(standard: str, when: PartialDate, scope: str | None,
                       existing: Sequence[Certification]) -> str:
    """The id of a certificate of `standard` given (or reported) `when`, added after `existing` (the company's
    other certificates). Computed from the values alone: the new certificate need not be valid yet (the
    validator then says what is wrong with it)."""
    new = Certification.model_construct(standard=standard, issued=when, reported=None, scope=scope, sources=[])
    derived = derived_certificate_ids([*existing, new])[-1]
    return unique(derived, set(certificate_ids(existing)))


def assign_ids(document: CommentedMap, certificates: Sequence[Certification]) -> list[str]:
    """Write an `id` into each certificate of `document` that has none; return the ids written.

    Each gets the id it was already known by (derived from standard, date and scope), so nothing that
    used the derived ids changes; a collision with a stored id gets a numbered suffix.
    """
    entries = document.get("certifications")
    if not isinstance(entries, CommentedSeq) or len(entries) != len(certificates):
        return []
    derived = derived_certificate_ids(certificates)
    taken = {c.id for c in certificates if c.id is not None}
    written = []
    for entry, certificate, candidate in zip(entries, certificates, derived, strict=True):
        if certificate.id is not None or not isinstance(entry, CommentedMap):
            continue
        identity = unique(candidate, taken)
        taken.add(identity)
        insert_key(entry, "id", identity, CERTIFICATION_ORDER)
        written.append(identity)
    return written
