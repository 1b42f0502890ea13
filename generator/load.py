"""Registry files -> plain data, with the line and column of every key and value.

YAML is read with the YAML 1.2 core schema whatever the parser: libyaml (through
PyYAML's C parser, the fast path) only tokenises; the scalars are resolved here.
Timestamps stay strings (the model parses dates), so `2021-02-30` is reported
at its place instead of failing inside the loader. Records are plain data:
anchors, aliases and tags are refused, which also stops alias bombs and object
construction.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from yaml import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    MarkedYAMLError,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    YAMLError,
)

try:  # libyaml is bundled in PyYAML's wheels; the pure parser gives the same events, slower.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml.parser import Parser as _BaseParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _BaseParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _BaseParser.__init__(self)

        def dispose(self) -> None:
            pass

from yaml.parser import Parser as PythonParser
from yaml.reader import Reader
from yaml.scanner import Scanner

from generator.diagnostics import Diagnostic

KINDS = ("companies", "standards", "certifiers")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EXTENSION = ".yml"
MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 32

PathKey = tuple[str | int, ...]
# (key line, key column, value line, value column), 1-based. For a list item the "key" is the item.
Mark = tuple[int, int, int, int]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
# A plain scalar starting with any other character is a string in the core schema.
_MAYBE_NOT_STR = frozenset("-+.0123456789~nNtTfF")
_MAX_INT_DIGITS = 1000


def resolve_plain(value: str) -> Any:
    """The YAML 1.2 core schema's reading of a plain (unquoted) scalar."""
    if value and value[0] not in _MAYBE_NOT_STR:
        return value
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    if _INT.fullmatch(value):
        # Beyond this many digits Python refuses int(); it is a number all the same.
        return int(value) if len(value) <= _MAX_INT_DIGITS else math.inf
    if _OCT.fullmatch(value):
        return int(value[2:], 8) if len(value) <= _MAX_INT_DIGITS else math.inf
    if _HEX.fullmatch(value):
        return int(value[2:], 16) if len(value) <= _MAX_INT_DIGITS else math.inf
    if _FLOAT.fullmatch(value):
        return float(value)
    if _INF.fullmatch(value):
        return -math.inf if value[0] == "-" else math.inf
    if _NAN.fullmatch(value):
        return math.nan
    return value


@dataclass
class Document:
    """One record file: its data and where each piece of it stands."""

    kind: str
    id: str
    path: str  # as shown to the user: the --registry argument joined with the file's place in it
    text: str
    data: dict[str, Any]
    _marks: dict[PathKey, Mark] | None = field(default=None, repr=False)

    @property
    def marks(self) -> dict[PathKey, Mark]:
        """Positions of every key and value, found again on demand (only problems need them)."""
        if self._marks is None:
            builder = _Builder(self.path)
            builder.build(self.text)
            self._marks = builder.marks
        return self._marks

    def value_at(self, path: PathKey) -> tuple[int, int]:
        """Where the value at `path` starts, or its nearest known ancestor."""
        mark = self._nearest(path)
        return (mark[2], mark[3]) if mark else (1, 1)

    def key_at(self, path: PathKey) -> tuple[int, int]:
        """Where the key of the entry at `path` stands (for a list item: its dash)."""
        mark = self.marks.get(path)
        if mark is None:
            return self.value_at(path)
        if isinstance(path[-1], int):
            return self._dash_before(mark[0], mark[1])
        return (mark[0], mark[1])

    def holder_at(self, path: PathKey) -> tuple[int, int]:
        """Where the mapping at `path` is named: its key, its list dash, or 1:1 at the top."""
        return self.key_at(path) if path else (1, 1)

    def _nearest(self, path: PathKey) -> Mark | None:
        while path:
            mark = self.marks.get(path)
            if mark is not None:
                return mark
            path = path[:-1]
        return None

    def _dash_before(self, line: int, column: int) -> tuple[int, int]:
        # A block sequence item's content starts after "- "; the dash is the first
        # non-blank character before it on the same line (flow items have none).
        lines = self.text.splitlines()
        if 0 < line <= len(lines):
            text = lines[line - 1]
            index = column - 2
            while index >= 0 and text[index] == " ":
                index -= 1
            if index >= 0 and text[index] == "-":
                return (line, index + 1)
        return (line, column)


@dataclass(frozen=True)
class Entry:
    """A well-named record file, not read yet."""

    kind: str
    id: str
    path: str
    size: int


@dataclass
class Listing:
    entries: list[Entry]
    # Every well-named id, parsed or not: a record that fails to parse still exists for
    # the cross-record checks, so one broken file does not cascade into unknown-id errors.
    ids: dict[str, set[str]]
    diagnostics: list[Diagnostic]


@dataclass
class LoadResult:
    documents: list[Document]
    ids: dict[str, set[str]]
    diagnostics: list[Diagnostic]


def scan_registry(root: str) -> Listing:
    """The record files under `root` (companies/, standards/, certifiers/); any other entry is a problem."""
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind in KINDS:
        folder = os.path.join(root, kind)
        if not os.path.isdir(folder) or os.path.islink(folder):
            diagnostics.append(
                Diagnostic(folder, 1, 1, "error", "missing-folder",
                           f"le dossier « {kind}/ » est absent du registre")
            )
            continue
        for entry, record_id in _entries(folder, diagnostics):
            ids[kind].add(record_id)
            entries.append(Entry(kind, record_id, entry.path, entry.stat(follow_symlinks=False).st_size))
    return Listing(entries, ids, diagnostics)


def load_entry(entry: Entry, diagnostics: list[Diagnostic]) -> Document | None:
    return load_file(entry.path, entry.kind, entry.id, entry.size, diagnostics)


def load_registry(root: str) -> LoadResult:
    """Read every record under `root`."""
    listing = scan_registry(root)
    diagnostics = listing.diagnostics
    documents = [d for d in (load_entry(e, diagnostics) for e in listing.entries) if d is not None]
    return LoadResult(documents, listing.ids, diagnostics)


def _entries(folder: str, diagnostics: list[Diagnostic]) -> Iterator[tuple[os.DirEntry[str], str]]:
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        stem, extension = os.path.splitext(entry.name)
        problem = None
        if entry.is_symlink():
            problem = "est un lien symbolique : un registre ne contient que des fichiers ordinaires"
        elif entry.is_dir(follow_symlinks=False):
            problem = "est un dossier : un registre ne contient pas de sous-dossier"
        elif not entry.is_file(follow_symlinks=False):
            problem = "n'est pas un fichier ordinaire"
        elif extension != EXTENSION or not ID_PATTERN.fullmatch(stem):
            problem = (
                "n'est pas un nom de fiche valide : attendu <id>.yml, où l'id ne contient que "
                "des minuscules ASCII, des chiffres et des tirets simples"
            )
        if problem:
            diagnostics.append(
                Diagnostic(entry.path, 1, 1, "error", "bad-filename", f"« {entry.name} » {problem}")
            )
            continue
        yield entry, stem


def load_file(path: str, kind: str, record_id: str, size: int,
              diagnostics: list[Diagnostic]) -> Document | None:
    """Read one record file; on any problem report it and return None (or partial data)."""
    def fail(code: str, message: str, line: int = 1, column: int = 1) -> None:
        diagnostics.append(Diagnostic(path, line, column, "error", code, message))

    if size > MAX_FILE_BYTES:
        fail("file-too-large", f"le fichier pèse {size} octets : une fiche ne dépasse pas 1 Mio")
        return None
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        fail("unreadable-file", f"le fichier ne peut pas être lu : {error.strerror or error}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        fail("file-too-large", "le fichier dépasse 1 Mio : une fiche ne dépasse pas 1 Mio")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        fail("not-utf8", f"le fichier n'est pas encodé en UTF-8 (octet invalide à la position {error.start})")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_document(text, path, kind, record_id, diagnostics)


def parse_document(text: str, path: str, kind: str, record_id: str,
                   diagnostics: list[Diagnostic]) -> Document | None:
    """Parse the text of one record; None when it cannot be used as a record."""
    try:
        # Fast path: no positions, and any oddity sends the file to the careful path below.
        return Document(kind, record_id, path, text, _fast_build(text))
    except (_Abort, YAMLError):
        pass
    builder = _Builder(path)
    try:
        data = builder.build(text)
    except MarkedYAMLError as error:
        too_deep = _depth_beyond_limit(text)
        if too_deep is not None:
            # libyaml's own nesting limit (1000 since 0.2.6) can fire before ours: ours is the contract.
            builder.report("too-deep", f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", *too_deep)
        else:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = " ".join((error.problem or "erreur").split())
            context = f" ({' '.join(error.context.split())})" if error.context else ""
            builder.report("yaml-syntax", f"syntaxe YAML invalide : {problem}{context}", line, column)
        data = None
    except YAMLError as error:  # libyaml reports a few reader errors without a mark
        builder.report("yaml-syntax", f"syntaxe YAML invalide : {' '.join(str(error).split())}", 1, 1)
        data = None
    diagnostics.extend(builder.diagnostics)
    if builder.fatal or data is None:
        return None
    return Document(kind, record_id, path, text, data, builder.marks)


def _depth_beyond_limit(text: str) -> tuple[int, int] | None:
    """Where the text first nests deeper than MAX_DEPTH, read by PyYAML's pure-Python parser (no limit of its own).

    Only called for a file libyaml refused: whatever libyaml's version, the project's limit is reported first.
    """
    parser = _PurePythonParser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, StreamEndEvent):
                return None
    except YAMLError:
        return None


class _PurePythonParser(Reader, Scanner, PythonParser):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        PythonParser.__init__(self)


def _fast_build(text: str) -> dict[str, Any]:
    """Plain data from a well-formed record, or _Abort for anything the careful builder must report."""
    parser = _Parser(text)
    try:
        root: Any = None
        documents = 0
        # Each frame: [container, is_mapping, pending key]
        stack: list[list[Any]] = []
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Abort
                if kind is ScalarEvent:
                    value: Any = resolve_plain(event.value) if event.implicit[0] else event.value
                else:
                    value = {} if kind is MappingStartEvent else []
                if stack:
                    frame = stack[-1]
                    if frame[1]:
                        if frame[2] is None:
                            if kind is not ScalarEvent or event.value in frame[0]:
                                raise _Abort
                            frame[2] = event.value
                            continue
                        frame[0][frame[2]] = value
                        frame[2] = None
                    else:
                        frame[0].append(value)
                else:
                    root = value
                if kind is not ScalarEvent:
                    if len(stack) >= MAX_DEPTH:
                        raise _Abort
                    stack.append([value, kind is MappingStartEvent, None])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Abort
            elif kind is StreamEndEvent:
                break
            elif kind is AliasEvent:
                raise _Abort
        if not isinstance(root, dict):
            raise _Abort
        return root
    finally:
        parser.dispose()


class _Abort(Exception):
    """The rest of the file cannot be read as a record; already reported."""


class _Builder:
    """Turns parser events into dicts, lists and scalars, noting every position."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.marks: dict[PathKey, Mark] = {}
        self.fatal = False

    def report(self, code: str, message: str, line: int, column: int) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, column, "error", code, message))
        self.fatal = True

    def build(self, text: str) -> dict[str, Any] | None:
        parser = _Parser(text)
        try:
            return self._run(parser)
        except _Abort:
            return None
        finally:
            parser.dispose()

    def _run(self, parser: Any) -> dict[str, Any] | None:
        marks = self.marks
        root: Any = None
        documents = 0
        # Each frame: [container, path, is_mapping, pending key, pending key mark]
        stack: list[list[Any]] = []
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent \
                    or kind is AliasEvent:
                start = event.start_mark
                line, column = start.line + 1, start.column + 1
                if kind is AliasEvent:
                    self.report("yaml-alias", "les alias YAML (*nom) sont interdits : une fiche est "
                                "faite de données simples, recopiez la valeur", line, column)
                    raise _Abort
                if event.anchor is not None:
                    self.report("yaml-anchor", f"les ancres YAML (&{event.anchor}) sont interdites : "
                                "une fiche est faite de données simples", line, column)
                if event.tag is not None:
                    self.report("yaml-tag", f"les étiquettes YAML ({event.tag}) sont interdites : "
                                "une fiche est faite de données simples", line, column)
                if kind is ScalarEvent:
                    value: Any = resolve_plain(event.value) if event.implicit[0] else event.value
                else:
                    value = {} if kind is MappingStartEvent else []
                if not stack:
                    root = value
                    path: PathKey = ()
                else:
                    frame = stack[-1]
                    container = frame[0]
                    if frame[2]:
                        if frame[3] is None:
                            # This node is a key.
                            if kind is not ScalarEvent:
                                self.report("yaml-complex-key", "une clé doit être un simple texte",
                                            line, column)
                                raise _Abort
                            key = event.value
                            if key in container:
                                first = marks.get(frame[1] + (key,))
                                where = f" (déjà à la ligne {first[0]})" if first else ""
                                self.report("duplicate-key", f"clé « {key} » en double{where}",
                                            line, column)
                                frame[3] = _DUPLICATE
                            else:
                                frame[3] = key
                            frame[4] = (line, column)
                            continue
                        key = frame[3]
                        frame[3] = None
                        if key is _DUPLICATE:
                            path = frame[1] + (_DUPLICATE,)
                        else:
                            path = frame[1] + (key,)
                            container[key] = value
                            key_line, key_column = frame[4]
                            marks[path] = (key_line, key_column, line, column)
                    else:
                        path = frame[1] + (len(container),)
                        container.append(value)
                        marks[path] = (line, column, line, column)
                if kind is not ScalarEvent:
                    if len(stack) >= MAX_DEPTH:
                        self.report("too-deep", f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                                    line, column)
                        raise _Abort
                    stack.append([value, path, kind is MappingStartEvent, None, None])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    start = event.start_mark
                    self.report("multiple-documents", "un fichier ne contient qu'une seule fiche "
                                "(un seul document YAML)", start.line + 1, start.column + 1)
                    raise _Abort
            elif kind is StreamEndEvent:
                break
        if documents == 0:
            self.report("empty-file", "le fichier est vide (ou ne contient que des commentaires)", 1, 1)
            return None
        if not isinstance(root, dict):
            self.report("not-a-mapping", "une fiche est un tableau clé: valeur au premier niveau", 1, 1)
            return None
        return root


# Stands for the key of a duplicate entry: its value is read (to find further problems) and dropped.
_DUPLICATE = "\x00duplicate"
