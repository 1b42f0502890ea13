"""Validate the registry as it would be after a change, before anything is written.

The registry is loaded from disk once, the documents of the changed files are replaced by the
parse of their new text (the same `parse_document` the loader uses), and the whole is validated:
no copy of the registry folder, and the diagnostics name the real files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from datetime import date

from generator.diagnostics import Diagnostic, sort_by_place
from generator.load import EXTENSION, MAX_FILE_BYTES, LoadResult, load_registry, parse_document
from generator.validate import Valid, validate


def record_path(root: str, kind: str, record_id: str) -> str:
    """A record's file as the loader names it: the registry argument joined with its place."""
    return os.path.join(root, kind, record_id + EXTENSION)


def overlay(loaded: LoadResult, changes: Mapping[str, tuple[str, str, str]]) -> LoadResult:
    """`loaded` with the files in `changes` ({path: (kind, id, new text)}) read from their new text."""
    documents = [d for d in loaded.documents if d.path not in changes]
    diagnostics = [d for d in loaded.diagnostics if d.path not in changes]
    ids = {kind: set(names) for kind, names in loaded.ids.items()}
    for path, (kind, record_id, text) in sorted(changes.items()):
        ids.setdefault(kind, set()).add(record_id)
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            diagnostics.append(Diagnostic(path, 1, 1, "error", "file-too-large",
                                          f"le fichier pèserait {size} octets : une fiche ne dépasse pas 1 Mio"))
            continue
        document = parse_document(text, path, kind, record_id, diagnostics)
        if document is not None:
            documents.append(document)
    return LoadResult(documents, ids, diagnostics)


def validate_changes(root: str, today: date, changes: Mapping[str, tuple[str, str, str]],
                     loaded: LoadResult | None = None) -> tuple[Valid, list[Diagnostic]]:
    """Every diagnostic of the registry in `root` once `changes` are applied (nothing is written)."""
    valid, diagnostics = validate(overlay(loaded or load_registry(root), changes), today)
    return valid, sort_by_place(diagnostics)


def write_atomic(path: str, text: str) -> None:
    """Replace the file at `path` in one step: a reader sees the old text or the new, never half."""
    folder = os.path.dirname(path) or "."
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        if os.path.exists(path):
            os.chmod(temporary, os.stat(path).st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
