"""Registry files -> documents: the folder's record files, each read as plain data whose every key and
value can be placed (file, line, column). The YAML itself is read by `yaml_reader`."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic, code_point
from generator.model import KIND_BY_FOLDER, RECORD_KINDS, RESERVED_IDS
from generator.scalar_places import char_place
from generator.yaml_reader import MAX_DEPTH, Mark, PathKey, positions, read_careful, read_fast, tab_problems

__all__ = ["EXTENSION", "KINDS", "MAX_DEPTH", "MAX_FILE_BYTES", "Document", "Entry", "LoadResult", "PathKey",
           "entry_text", "load_registry", "parse_document", "scan_registry", "with_changes"]

KINDS = tuple(kind.folder for kind in RECORD_KINDS)
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EXTENSION = ".yml"
MAX_FILE_BYTES = 1 << 20


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
            self._marks = positions(self.text, self.path)
        return self._marks

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, split as YAML splits them (U+0085, U+2028 and U+2029 are never written raw)."""
        return re.split(r"\r\n|\r|\n", self.text)

    def value_at(self, path: PathKey) -> tuple[int, int]:
        """Where the value at `path` starts, or its nearest known ancestor."""
        mark = self._nearest(path)
        return (mark[2], mark[3]) if mark else (1, 1)

    def char_at(self, path: PathKey, offset: int) -> tuple[int, int]:
        """Where the character `offset` of the text at `path` is written; the value's start when unsure."""
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return self.value_at(path)
        line, column = self.value_at(path)
        if not isinstance(value, str) or path not in self.marks:
            return (line, column)
        return char_place(self.lines, line, column, value, offset)

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
        lines = self.lines
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
    """A well-named record file, not read yet; or the text a command is about to write there."""

    kind: str
    id: str
    path: str
    size: int
    text: str | None = None  # when set, read instead of the file


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


def with_changes(listing: Listing, changes: Mapping[str, tuple[str, str, str]]) -> Listing:
    """The listing with the files in `changes` ({path: (kind, id, new text)}) read from their new text."""
    entries = [e for e in listing.entries if e.path not in changes]
    diagnostics = [d for d in listing.diagnostics if d.path not in changes]
    ids = {kind: set(names) for kind, names in listing.ids.items()}
    for path, (kind, record_id, text) in sorted(changes.items()):
        ids.setdefault(kind, set()).add(record_id)
        entries.append(Entry(kind, record_id, path, len(text.encode("utf-8")), text))
    return Listing(entries, ids, diagnostics)


def load_entry(entry: Entry, diagnostics: list[Diagnostic]) -> Document | None:
    if entry.text is not None:
        if entry.size > MAX_FILE_BYTES:
            diagnostics.append(Diagnostic(entry.path, 1, 1, "error", "file-too-large",
                                          f"le fichier pèserait {entry.size} octets : une fiche ne dépasse pas 1 Mio"))
            return None
        return parse_document(entry.text, entry.path, entry.kind, entry.id, diagnostics)
    return load_file(entry.path, entry.kind, entry.id, entry.size, diagnostics)


def entry_text(entry: Entry) -> str | None:
    """The text of an entry as it was validated: its new text, else the file (None if unreadable)."""
    if entry.text is not None:
        return entry.text
    try:
        with open(entry.path, encoding="utf-8-sig") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


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
        if stem in RESERVED_IDS:
            page_folder = KIND_BY_FOLDER[os.path.basename(folder)].page_folder
            diagnostics.append(Diagnostic(
                entry.path, 1, 1, "error", "reserved-id",
                f"« {entry.name} » : l'id « {stem} » est le nom d'une page que le site génère lui-même "
                f"(/{page_folder}/{stem}) ; choisissez un autre id"))
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
        # Everything before the bad byte is valid UTF-8: it says on which line and column the byte stands.
        line, column = _line_and_column(raw[:error.start].decode("utf-8").removeprefix("\ufeff"), None)
        fail("not-utf8", f"octet 0x{raw[error.start]:02X} invalide : le fichier n'est pas encodé en UTF-8 "
                         "(enregistrez-le en UTF-8)", line, column)
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_document(text, path, kind, record_id, diagnostics)


# What YAML never allows written as is in a file (its printable set is tab, line ends, U+0020-U+007E, U+0085,
# U+00A0-U+D7FF, U+E000-U+FFFD and beyond U+FFFF): NUL, the other C0 controls, DEL, C1, U+FFFE/U+FFFF. And
# U+0085, U+2028, U+2029, which libyaml takes for line ends (YAML 1.1) and ruamel for text: never written
# raw, the two readings (and every line and column) agree.
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SEPARATORS = frozenset("\x85\u2028\u2029")


def _line_and_column(text: str, end: int | None) -> tuple[int, int]:
    """The 1-based line and column of the character at `end` (the end of the text when None), lines split as
    YAML splits them."""
    before = text if end is None else text[:end]
    lines = re.split(r"\r\n|\r|\n", before)
    return len(lines), len(lines[-1]) + 1


def _unreadable_characters(text: str, path: str, diagnostics: list[Diagnostic]) -> bool:
    """Report the first character YAML refuses (and how many there are); whether there was one."""
    first = _NOT_YAML.search(text)
    if first is None:
        return False
    count = len(_NOT_YAML.findall(text))
    more = f" ({count} dans le fichier)" if count > 1 else ""
    line, column = _line_and_column(text, first.start())
    char = first.group()
    if char in _SEPARATORS:
        what = (f"séparateur de ligne {code_point(char)}{more} : les lignes d'une fiche finissent par un simple "
                "retour à la ligne")
    else:
        what = f"caractère de contrôle {code_point(char)}{more} : un fichier de fiche n'en contient pas"
    diagnostics.append(Diagnostic(path, line, column, "error", "control-character", what))
    return True


def parse_document(text: str, path: str, kind: str, record_id: str,
                   diagnostics: list[Diagnostic]) -> Document | None:
    """Parse the text of one record; None when it cannot be used as a record."""
    if _unreadable_characters(text, path, diagnostics):
        return None
    data = read_fast(text)
    if data is not None:
        return _without_tabs(Document(kind, record_id, path, text, data), diagnostics)
    data, marks, problems = read_careful(text, path)
    diagnostics.extend(problems)
    if data is None:
        return None
    return _without_tabs(Document(kind, record_id, path, text, data, marks), diagnostics)


def _without_tabs(document: Document, diagnostics: list[Diagnostic]) -> Document | None:
    problems = tab_problems(document.text, document.path)
    diagnostics.extend(problems)
    return None if problems else document
