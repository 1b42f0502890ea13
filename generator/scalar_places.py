"""Where each character of a YAML scalar's value is written in the file: a problem inside a value (a control
character, a backslash in a URL) is reported at its own line and column, not only at the value's start.

Plain, single- and double-quoted scalars (escapes included) and literal blocks are followed exactly; where
folding makes the count uncertain (folded blocks, blank lines inside a quoted scalar), a place whose written
character is not the value's falls back to the value's start.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

# Each place: (0-based line, 0-based column, whether the written character is the value's character itself).
Place = tuple[int, int, bool]
_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}


def char_place(lines: Sequence[str], line: int, column: int, value: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `value[offset]`, for the scalar whose value starts at (line, column)."""
    if not 0 <= offset < len(value) or not 0 < line <= len(lines):
        return (line, column)
    for index, (row, col, exact) in enumerate(_places(lines, line - 1, column - 1)):
        if index == offset:
            written = lines[row][col] if row < len(lines) and col < len(lines[row]) else ""
            if exact and written != value[offset]:
                return (line, column)
            return (row + 1, col + 1)
    return (line, column)


def _places(lines: Sequence[str], row: int, col: int) -> Iterator[Place]:
    text = lines[row]
    first = text[col] if col < len(text) else ""
    if first in ("'", '"'):
        return _quoted(lines, row, col + 1, first)
    if first in ("|", ">"):
        return _block(lines, row)
    return _plain(lines, row, col)


def _plain(lines: Sequence[str], row: int, col: int) -> Iterator[Place]:
    while row < len(lines):
        text = lines[row]
        end = len(text.rstrip(" \t"))
        for index in range(col, end):
            yield (row, index, True)
        row += 1
        if row >= len(lines):
            return
        following = lines[row]
        col = len(following) - len(following.lstrip(" \t"))
        yield (row - 1, end, False)  # a line break folded into a space


def _quoted(lines: Sequence[str], row: int, col: int, quote: str) -> Iterator[Place]:
    while row < len(lines):
        text = lines[row]
        index = col
        # Trailing spaces before a folded line break are not part of the value.
        content_end = len(text.rstrip(" \t"))
        while index < len(text):
            char = text[index]
            if char == quote:
                if quote == "'" and text[index + 1:index + 2] == "'":
                    yield (row, index, False)
                    index += 2
                    continue
                return
            if quote == '"' and char == "\\":
                following = text[index + 1:index + 2]
                if following == "":  # an escaped line break: nothing, the next line's blanks skipped
                    break
                yield (row, index, False)
                index += _ESCAPE_LENGTHS.get(following, 2)
                continue
            if index >= content_end and _continues(text, index, quote):
                break
            yield (row, index, True)
            index += 1
        escaped_break = text.rstrip(" \t").endswith("\\") and quote == '"'
        row += 1
        if row >= len(lines):
            return
        following = lines[row]
        col = len(following) - len(following.lstrip(" \t"))
        if not escaped_break:
            yield (row - 1, min(content_end, len(text)), False)  # the folded line break


def _continues(text: str, index: int, quote: str) -> bool:
    """Whether only blanks remain on the line after `index` (the scalar goes on below)."""
    return quote not in text[index:] and not text[index:].strip(" \t")


def _block(lines: Sequence[str], row: int) -> Iterator[Place]:
    content = [text for text in lines[row + 1:]]
    indent = next((len(text) - len(text.lstrip(" ")) for text in content if text.strip()), 0)
    for offset, text in enumerate(content):
        if text.strip() and len(text) - len(text.lstrip(" ")) < indent:
            return
        for index in range(indent, len(text)):
            yield (row + 1 + offset, index, True)
        yield (row + 1 + offset, len(text), False)  # the line break
