"""Round-trip YAML as the registry is written: comments kept, YAML 1.2 core scalars, dates as text.

The round-trip loader reads the same scalars as `generator.load` (bool, int, float, null; no
timestamps), so `2024-02-30` stays a string for the model to report, and an unquoted date is written
back exactly as it was.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from generator.yaml_reader import CORE_SCHEMA

# Every first character, for every version: the patterns are tried in order on any plain scalar.
_CORE_RESOLVERS: dict[Any, list[tuple[str, Any]]] = {None: list(CORE_SCHEMA)}


class CoreResolver(VersionedResolver):
    """The YAML 1.2 core schema exactly as `generator.yaml_reader` resolves it (no timestamps, merge keys, `=`,
    underscores in numbers nor 0b), whatever `%YAML` directive a file carries: one reading of every scalar."""

    @property
    def versioned_resolver(self) -> Any:
        return _CORE_RESOLVERS


class EditError(Exception):
    """A change that cannot be made; the message (in French) says why."""


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = CoreResolver
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long text over several lines
    yaml.allow_duplicate_keys = False
    return yaml


def parse(text: str, path: str) -> CommentedMap:
    """The round-trip document of a record; EditError when it cannot be read as one."""
    try:
        data = make_yaml().load(text)
    except YAMLError as error:
        raise EditError(f"{path} : lecture YAML impossible ({' '.join(str(error).split())}) ; "
                        "lancez « python -m generator validate » pour situer le problème") from None
    if not isinstance(data, CommentedMap):
        raise EditError(f"{path} : une fiche est un tableau clé: valeur au premier niveau")
    return data


def dump(data: CommentedMap) -> str:
    stream = io.StringIO()
    make_yaml().dump(data, stream)
    return stream.getvalue()


def quoted(value: str) -> SingleQuotedScalarString:
    """A date or identifier as written by the tools: '2024-01-10'."""
    return SingleQuotedScalarString(value)


# --- comments follow the entries they stand before ----------------------------------------------
# ruamel attaches the comment lines (and blank lines) that follow an entry to that entry, even when
# they introduce the next one. Before an insertion or a deletion, those lines are moved so that they
# stay right above the entry that followed them.

def _comment_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the comment written after the entry `key` of `container` is kept."""
    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _comment_slot(value, last)
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _get_token(container: Any, key: Any, index: int) -> CommentToken | None:
    entry = container.ca.items.get(key)
    return entry[index] if entry and len(entry) > index else None


def take_following_lines(container: Any, key: Any) -> str:
    """Detach the full comment lines (and blank lines) written after the entry `key`."""
    holder, holder_key, index = _comment_slot(container, key)
    token = _get_token(holder, holder_key, index)
    if token is None:
        return ""
    text = token.value
    # What is before the first newline is the end-of-line comment of the entry itself: it stays.
    cut = text.find("\n") + 1
    if cut == 0 or cut == len(text):
        return ""
    end_of_line, lines = text[:cut], text[cut:]
    if end_of_line.strip():
        token.value = end_of_line
    else:
        entry = holder.ca.items[holder_key]
        entry[index] = None
        if not any(entry):
            del holder.ca.items[holder_key]
    return lines


def put_following_lines(container: Any, key: Any, lines: str) -> None:
    """Attach comment lines after the entry `key` (after its end-of-line comment, if any)."""
    if not lines:
        return
    holder, holder_key, index = _comment_slot(container, key)
    token = _get_token(holder, holder_key, index)
    if token is not None:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lines
        return
    entry = holder.ca.items.setdefault(holder_key, [None, None, None, None])
    entry[index] = CommentToken("\n" + lines, _FakeMark(), None)


class _FakeMark:
    """Where a new comment token starts: only its column is read, when dumping."""

    line = 0
    column = 0


def insert_key(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set `key` at its place in the canonical `order` (the comment lines keep their place)."""
    if key in mapping:
        mapping[key] = value
        return
    rank = {name: index for index, name in enumerate(order)}
    keys = list(mapping.keys())
    position = len(keys)
    for index, existing in enumerate(keys):
        if rank.get(existing, len(order)) > rank.get(key, len(order)):
            position = index
            break
    lines = take_following_lines(mapping, keys[position - 1]) if position > 0 else ""
    mapping.insert(position, key, value)
    put_following_lines(mapping, key, lines)


def delete_key(mapping: CommentedMap, key: str) -> None:
    """Remove `key`; the comment lines written after it move to the entry before it."""
    if key not in mapping:
        return
    keys = list(mapping.keys())
    lines = take_following_lines(mapping, key)
    mapping.ca.items.pop(key, None)
    del mapping[key]
    position = keys.index(key)
    if position > 0:
        put_following_lines(mapping, keys[position - 1], lines)


def append_item(sequence: CommentedSeq, value: Any) -> None:
    """Add `value` at the end of `sequence`; comment lines after the list stay after it."""
    lines = take_following_lines(sequence, len(sequence) - 1) if len(sequence) else ""
    sequence.append(value)
    put_following_lines(sequence, len(sequence) - 1, lines)


def dump_scalar(value: str) -> str:
    """A text as it is written after `key: ` (quoted only when YAML needs it)."""
    return dump(CommentedMap([("k", value)]))[3:].rstrip("\n")
