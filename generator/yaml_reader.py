"""YAML text -> plain data, with the line and column of every key and value.

YAML is read with the YAML 1.2 core schema whatever the parser: libyaml (through PyYAML's C
parser, the fast path) only tokenises; the scalars are resolved here. Timestamps stay strings (the
model parses dates), so `2021-02-30` is reported at its place instead of failing inside the reader.
Records are plain data: anchors, aliases and tags are refused, which also stops alias bombs and
object construction. Two readings: a fast one that keeps no positions (most files), and a careful
one that notes every position and reports every problem (files with a problem, and on demand).
"""

from __future__ import annotations

import math
import re
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
# A record is read as YAML 1.2 whatever it says: a %YAML directive may only say so.
_VERSIONS = frozenset({None, (1, 2)})
# The same schema as (tag, whole-value pattern) pairs: the editing commands' ruamel reader resolves with
# these (generator.edit.yamlio), so that both readings of a file give every scalar the same value.
CORE_SCHEMA: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tag:yaml.org,2002:null", re.compile(r"(?:~|null|Null|NULL|)\Z")),
    ("tag:yaml.org,2002:bool", re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")),
    ("tag:yaml.org,2002:int", re.compile(rf"(?:{_INT.pattern}|{_OCT.pattern}|{_HEX.pattern})\Z")),
    ("tag:yaml.org,2002:float", re.compile(rf"(?:{_FLOAT.pattern}|{_INF.pattern}|{_NAN.pattern})\Z")),
)
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


def read_careful(text: str, path: str) -> tuple[dict[str, Any] | None, dict[PathKey, Mark], list[Diagnostic]]:
    """The data of a record's text (None when it cannot be used as a record), every position, every problem."""
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
    if builder.fatal:
        data = None
    return data, builder.marks, builder.diagnostics


def read_fast(text: str) -> dict[str, Any] | None:
    """The data of a well-formed record, or None for anything the careful reading must report."""
    try:
        return _fast_build(text)
    except (_Abort, YAMLError):
        return None


def tab_problems(text: str, path: str) -> list[Diagnostic]:
    """Where the editing commands' reader (ruamel) stops on a tab libyaml accepts (between a key and its value,
    after a value): the registry refuses what its own commands could not rewrite."""
    if "\t" not in text:
        return []
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        for _ in YAML(typ="rt").parse(text):
            pass
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return [Diagnostic(path, line, column, "error", "yaml-tab",
                           "tabulation hors d'un texte entre guillemets : l'indentation et les séparations d'une "
                           "fiche s'écrivent avec des espaces")]
    return []


def positions(text: str, path: str) -> dict[PathKey, Mark]:
    """Where every key and value of a record's text stands."""
    builder = _Builder(path)
    builder.build(text)
    return builder.marks


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
                if documents > 1 or event.version not in _VERSIONS:
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
        self.text = ""

    def report(self, code: str, message: str, line: int, column: int) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, column, "error", code, message))
        self.fatal = True

    def build(self, text: str) -> dict[str, Any] | None:
        self.text = text
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
                if event.version not in _VERSIONS:
                    # Under "%YAML 1.1", ruamel (the editing commands) would read 012 as 10 and yes as true.
                    line = next((number for number, text in enumerate(self.text.split("\n"), 1)
                                 if text.startswith("%YAML")), 1)
                    version = ".".join(str(part) for part in event.version)
                    self.report("yaml-version", f"directive %YAML {version} : une fiche se lit en YAML 1.2, "
                                "retirez cette ligne", line, 1)
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
