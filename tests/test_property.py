"""No input makes the loader or the validator raise: it reports instead."""

from __future__ import annotations

import os
import tempfile
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import parse_document
from generator.registry import build_registry
from tests.conftest import CERTIFIER, STANDARD, write_tree

TODAY = date(2026, 11, 25)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
    st.sampled_from(["2021", "2021-02-30", "2024-02-29", "07/12/2021", "012345678", "347384570",
                     "https://example.org", "javascript:x", "iso-test", "afnor", "withdrawn", "active"]),
)
keys = st.sampled_from(["name", "checked", "sources", "certifications", "standard", "certifier", "issued",
                        "reported", "expires", "status", "status_date", "number", "siren", "title",
                        "publisher", "disputes", "claims", "claim", "topic", "former_ids", "zzz"])
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=6)), max_leaves=25)
records = st.dictionaries(keys, values, max_size=10)


def _yaml(value, indent=0) -> str:
    """A YAML rendering of random data (flow style, JSON-compatible)."""
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    diagnostics: list = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    parse_document(text, "x.yml", "companies", "x", diagnostics)
    assert all(d.line >= 1 and d.column >= 1 for d in diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ,?%@`0123456789")), max_size=80))
def test_random_yaml_never_raises(text):
    diagnostics: list = []
    parse_document(text, "x.yml", "companies", "x", diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.binary(max_size=200))
def test_random_records_through_the_whole_validator(record, raw):
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(
            __import__("pathlib").Path(folder),
            {"standards/iso-test.yml": STANDARD, "certifiers/afnor.yml": CERTIFIER,
             "companies/random.yml": _yaml(record)},
        )
        with open(os.path.join(root, "companies", "raw.yml"), "wb") as handle:
            handle.write(raw)
        registry = build_registry(str(root), TODAY)
        for diagnostic in registry.diagnostics:
            assert diagnostic.path.startswith(str(root))
            assert diagnostic.line >= 1 and diagnostic.column >= 1
            assert diagnostic.message
