"""Every problem in the registry at once, each at its line and column: one path, sequential or parallel.

First pass (`fields`): each document against its model; pydantic reports every field error with its
`loc`, walked back to a position. Second pass (`rules`): rules that span fields or records, on the
validated record, or on what can be salvaged of an invalid one (`salvage`), so that a type error on
one field hides none of the others. Company files are checked in chunks by the same function,
in this process or in worker processes; the cross-record rules run once on what the chunks gathered.
Bad data never raises: it becomes diagnostics.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from generator.diagnostics import Diagnostic, sort_by_place
from generator.load import Document, Entry, Listing, PathKey, entry_text, load_entry, scan_registry, with_changes
from generator.model import MODELS, Certifier, Company, Record, Standard
from generator.validate.fields import check_model
from generator.validate.rules import STALE_AFTER, Checker, Claims, cross_check, latest_allowed_expiry
from generator.validate.salvage import salvage

__all__ = ["STALE_AFTER", "Valid", "latest_allowed_expiry", "validate_listing", "validate_registry"]

# Below this many company files, starting workers costs more than it saves.
PARALLEL_THRESHOLD = 2000


@dataclass
class Valid:
    """The records that passed their model, with the documents they came from (when kept)."""

    companies: dict[str, tuple[Company, Document]] = field(default_factory=dict)
    standards: dict[str, tuple[Standard, Document]] = field(default_factory=dict)
    certifiers: dict[str, tuple[Certifier, Document]] = field(default_factory=dict)


@dataclass
class _Context:
    """What checking a chunk of files needs: picklable, sent to each worker."""

    ids: dict[str, set[str]]
    standards: dict[str, Standard]
    today: date
    keep: bool
    names: dict[str, dict[str, list[str]]] | None = None  # names and aliases of standards and certifiers


@dataclass
class _ChunkResult:
    diagnostics: list[Diagnostic]
    claims: Claims
    records: list[tuple[str, str, Record, Document]]  # (kind, id, record, document), when kept


def validate_registry(root: str, today: date, *, changes: Mapping[str, tuple[str, str, str]] | None = None,
                      workers: int = 1, keep: bool = True) -> tuple[Valid, list[Diagnostic]]:
    """Every diagnostic of the registry in `root` (with `changes` applied: {path: (kind, id, new text)},
    nothing written), sorted by place, and its valid records when `keep`."""
    listing = scan_registry(root)
    if changes:
        listing = with_changes(listing, changes)
    return validate_listing(listing, today, workers=workers, keep=keep)


def validate_listing(listing: Listing, today: date, *, workers: int = 1,
                     keep: bool = True) -> tuple[Valid, list[Diagnostic]]:
    diagnostics = list(listing.diagnostics)
    valid = Valid()
    # Standards and certifiers first, here: every company check reads the standards.
    others = [e for e in listing.entries if e.kind != "companies"]
    companies = [e for e in listing.entries if e.kind == "companies"]
    first = _check_entries(others, _Context(listing.ids, {}, today, keep=True))
    standards = {record_id: record for kind, record_id, record, _ in first.records
                 if kind == "standards" and isinstance(record, Standard)}
    names = {kind: {record_id: [getattr(record, "name", ""), *getattr(record, "aliases", [])]
                    for k, record_id, record, _ in first.records if k == kind}
             for kind in ("standards", "certifiers")}
    context = _Context(listing.ids, standards, today, keep, names)
    results = [first]
    if workers > 1 and len(companies) >= PARALLEL_THRESHOLD:
        chunks = [companies[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context()) as pool:
            results += list(pool.map(_check_entries, chunks, [context] * len(chunks)))
    else:
        results.append(_check_entries(companies, context))
    claims = Claims()
    for result in results:
        diagnostics.extend(result.diagnostics)
        claims.extend(result.claims)
        for kind, record_id, record, document in result.records:
            if keep or kind != "companies":
                getattr(valid, kind)[record_id] = (record, document)
    texts = {entry.path: entry for entry in listing.entries}
    diagnostics += cross_check(claims, lambda path, key: _position(texts.get(path), path, key))
    return valid, sort_by_place(diagnostics)


def _check_entries(entries: list[Entry], context: _Context) -> _ChunkResult:
    """Read and check record files: the one function that checks, in this process or in a worker."""
    checker = Checker(context.ids, context.standards, context.today, context.names)
    diagnostics: list[Diagnostic] = []
    records: list[tuple[str, str, Record, Document]] = []
    for entry in entries:
        document = load_entry(entry, diagnostics)
        if document is None:
            continue
        record = check_model(document, diagnostics)
        if record is not None:
            if context.keep:
                records.append((document.kind, document.id, record, document))
            checker.check_record(record, document)
            continue
        partial = salvage(MODELS[document.kind], document.data)
        if partial is not None:
            checker.check_record(partial, document)
    return _ChunkResult(diagnostics + checker.diagnostics, checker.claims, records)


def _position(entry: Entry | None, path: str, key: PathKey) -> tuple[int, int]:
    """Where a value stands in the text that was validated (only reported problems need it)."""
    text = entry_text(entry) if entry is not None else None
    if text is None:
        return (1, 1)
    return Document("", "", path, text, {}).value_at(key)


def _worker_context() -> multiprocessing.context.BaseContext:
    # A fresh server process forks the workers: safe whatever threads this process runs (a plain fork
    # copies locks held by other threads), and the modules are imported once, in the server.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["generator.validate"])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - platforms without fork


def default_workers() -> int:
    return min(2, os.cpu_count() or 1)
