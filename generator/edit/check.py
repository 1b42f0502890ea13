"""Validate the registry as it would be after a change, before anything is written.

The registry is validated by the one validation path with the new texts read in place of the
files they replace: no copy of the registry folder, the diagnostics name the real files, and their
lines and columns are those of the text about to be written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from datetime import date

from generator.diagnostics import Diagnostic
from generator.load import EXTENSION
from generator.validate import Valid, validate_registry


def record_path(root: str, kind: str, record_id: str) -> str:
    """A record's file as the loader names it: the registry argument joined with its place."""
    return os.path.join(root, kind, record_id + EXTENSION)


def validate_changes(root: str, today: date,
                     changes: Mapping[str, tuple[str, str, str]]) -> tuple[Valid, list[Diagnostic]]:
    """Every diagnostic of the registry in `root` once `changes` are applied (nothing is written)."""
    return validate_registry(root, today, changes=changes)


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
