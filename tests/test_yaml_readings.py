"""One reading of YAML (issue 12, point 5): the loader (libyaml events, our YAML 1.2 core resolver) and the
editing commands' ruamel round-trip reader give the same value to every scalar the registry accepts.

A hypothesis test writes generated scalars in every style (plain, quoted, block) inside small documents;
whenever the registry's loader accepts the document, ruamel must read it, to the same values. The
disagreements it found are pinned below: numbers ruamel's resolver read otherwise (underscores, 0b, a signed
hex or octal, `+.5e2`), a `%YAML 1.1` directive, and tabs ruamel cannot read.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarbool import ScalarBoolean

from generator.diagnostics import Diagnostic
from generator.edit.yamlio import EditError, parse
from generator.load import parse_document
from generator.registry import build_registry
from tests.conftest import COMPANY, TODAY

REGISTRY = Path(__file__).resolve().parent.parent / "registry"


def loader(text: str) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The registry's reading: None when it refuses the text."""
    problems: list[Diagnostic] = []
    document = parse_document(text, "x.yml", "companies", "x", problems)
    return (document.data if document is not None else None), problems


def editor(text: str) -> Any:
    """The editing commands' reading, as plain Python values."""
    return plain(parse(text, "x.yml"))


def plain(value: Any) -> Any:
    if isinstance(value, (CommentedMap, dict)):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, (CommentedSeq, list)):
        return [plain(item) for item in value]
    if isinstance(value, (ScalarBoolean, bool)):
        return bool(value)
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(key for item in value.values() for key in keys(item))]
    if isinstance(value, list):
        return [key for item in value for key in keys(item)]
    return []


def same(first: Any, second: Any) -> bool:
    if isinstance(first, float) and isinstance(second, float) and math.isnan(first) and math.isnan(second):
        return True
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return list(first) == list(second) and all(same(first[key], second[key]) for key in first)
    if isinstance(first, list):
        return len(first) == len(second) and all(same(a, b) for a, b in zip(first, second, strict=True))
    return bool(first == second)


# --- what the differential test found, pinned --------------------------------------------------------------

@pytest.mark.parametrize(("written", "value"), [
    ("1_000", "1_000"), ("0b101", "0b101"), ("+0x1F", "+0x1F"), ("-0o7", "-0o7"), ("685.230_15e+03", "685.230_15e+03"),
    ("+.5e2", 50.0), ("0o17", 15), ("0x1F", 31), ("012", 12), ("-0", 0), ("1e3", 1000.0), (".inf", math.inf),
    ("yes", "yes"), ("on", "on"), ("1:20", "1:20"), ("2024-01-01", "2024-01-01"), ("~", None), ("<<", "<<"),
    ("=", "="), ("True", True), ("nULL", "nULL"),
])
def test_both_readings_resolve_plain_scalars_by_the_core_schema(written: str, value: Any) -> None:
    text = f"k: {written}\n"
    assert same(loader(text)[0], {"k": value})
    assert same(editor(text), {"k": value})


def test_a_yaml_1_1_directive_is_refused_where_ruamel_would_read_otherwise() -> None:
    text = "%YAML 1.1\n---\nk: 012\n"
    assert editor(text) == {"k": 10}  # octal under YAML 1.1: what the loader would not read
    data, problems = loader(text)
    assert data is None
    assert [(d.line, d.column, d.code) for d in problems] == [(1, 1, "yaml-version")]
    assert problems[0].message == "directive %YAML 1.1 : une fiche se lit en YAML 1.2, retirez cette ligne"
    assert loader("%YAML 1.2\n---\nk: 012\n")[0] == {"k": 12}


@pytest.mark.parametrize(("text", "line", "column"), [
    ("k:\ta\n", 1, 3), ("k: a\t# note\n", 1, 5), ("k: 'a'\t\n", 1, 7), ("l:\n  - x\n  - y: a\t\n", 3, 9),
])
def test_a_tab_ruamel_cannot_read_is_refused_at_its_place(text: str, line: int, column: int) -> None:
    with pytest.raises(EditError):
        editor(text)
    data, problems = loader(text)
    assert data is None
    assert [(d.line, d.column, d.code) for d in problems] == [(line, column, "yaml-tab")]


@pytest.mark.parametrize("text", ['k: "a\tb"\n', "k: 'a\tb'\n", "k: [a,\tb]\n", "k: |\n  a\tb\n", "# a\tb\nk: a\n"])
def test_tabs_inside_a_text_or_a_comment_stay_allowed(text: str) -> None:
    data, problems = loader(text)
    assert problems == [] and data is not None
    assert same(data, editor(text))


def test_a_record_with_a_tab_is_refused_by_validate(make_registry) -> None:
    root = make_registry({"companies/societe-electrique.yml": COMPANY.replace(
        "siren: '347384570'", "siren:\t'347384570'")})
    found = [(os.path.relpath(d.path, root), d.line, d.column, d.code) for d in build_registry(str(root), TODAY).errors]
    assert found == [("companies/societe-electrique.yml", 5, 7, "yaml-tab")]


def test_every_record_of_the_registry_reads_the_same_both_ways() -> None:
    files = sorted(REGISTRY.glob("*/*.yml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        data, problems = loader(text)
        assert problems == [] and data is not None, path
        assert same(data, editor(text)), path


# --- the differential test ------------------------------------------------------------------------------

TRICKY = ["", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "yes", "no", "on", "off",
          "y", "n", "0", "-0", "+0", "012", "0o17", "0o8", "0x1F", "0X1F", "0b101", "1_000", "+1", "-1", ".5", "+.5",
          "-.5", "1.", "1.e3", ".e3", "1e3", "1E3", "1e+3", "1e", "+.5e2", ".inf", "-.Inf", "+.INF", ".nan", ".NaN",
          "inf", "nan", "1:20", "1:20:30.5", "2024-01-01", "2024-01-01 10:00:00", "2024-1-1", "=", "<<", "-", "+", ".",
          "..", "0.0", "-0.0", "1__0", "0x", "0o", "١٢", "１２", "12\u00a0", "a b", "a  b", "a # b", "a#b", "@x", "`x",
          "!x", "&x", "*x", "%x", "|", ">", "?", "? x", ":", "x:", "x: y", "'x'", '"x"', "[x]", "{x}", ",", "x,y",
          "\u2028", "\u00e9", "\U0001f600", "\\", "\\n", "\u200b"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def scalars(draw: st.DrawFn) -> tuple[str, str]:
    """A scalar as some maintainer might write it: (its text, the style it is written in)."""
    value = draw(st.one_of(st.sampled_from(TRICKY), TEXT, st.from_regex(r"[-+]?[0-9_.]{1,6}([eE][-+]?[0-9]{1,2})?",
                                                                         fullmatch=True)))
    style = draw(st.sampled_from(["plain", "single", "double", "double-ascii", "literal", "folded"]))
    if style == "plain":
        return value, style
    if style == "single":
        return "'" + value.replace("'", "''") + "'", style
    if style in ("double", "double-ascii"):
        return json.dumps(value, ensure_ascii=style == "double-ascii"), style
    indicator = "|" if style == "literal" else ">"
    return f"{indicator}\n" + "".join(f"    {line}\n" for line in value.split("\n")), style


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    scalar, style = draw(scalars())
    block = style in ("literal", "folded")
    places = ["k: {s}\n", "k:\n  - {s}\n", "k:\n  a: {s}\n  b: fin\n"]
    if not block:
        places += ["k: [{s}]\n", "k: {{a: {s}}}\n", "k: {s} # note\n", "k: [a, {s}, b]\n", "- x\n"]
    place = draw(st.sampled_from(places))
    if place == "- x\n":
        text = f"k:\n  - {scalar}\n  - fin\n"
    else:
        if block:  # a block scalar's content is indented below its key
            scalar = scalar.replace("\n    ", "\n" + " " * (4 if place.startswith("k: ") else 6))
        text = place.format(s=scalar)
    return (text.replace("\n", "\r\n") if draw(st.booleans()) else text), style  # and Windows line ends


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(documents())
def test_whatever_the_loader_accepts_ruamel_reads_to_the_same_values(case: tuple[str, str]) -> None:
    text, style = case
    data, _ = loader(text)
    if data is None:
        event(f"refused by the loader ({style})")
        return
    if not all(re.fullmatch("[a-z_]+", key) for key in keys(data)):
        event("a key no field has: refused by validation")  # keys are read as text, fields are plain words
        return
    event(f"accepted ({style})")
    try:
        theirs = editor(text)
    except EditError as error:
        raise AssertionError(f"the loader reads {text!r} as {data!r}; the editing commands cannot: {error}") from None
    assert same(data, theirs), (text, data, theirs)
