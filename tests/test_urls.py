"""URLs are read as browsers read them (issue 11, point 7): one WHATWG parse (ada) validates, and gives the
label the site shows; what could send a browser elsewhere than the text seems to say is refused at its
character.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fields import AddressProblem, parse_web_address, web_address
from generator.registry import build_registry
from generator.render.citations import source_entry, url_label
from generator.render.text import safe_url
from tests.conftest import COMPANY, TODAY

FILE = "companies/societe-electrique.yml"
EVIL = "https://evil.example\\@www.afnor.org/"


def errors(root: Path) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.column, d.code, d.message) for d in build_registry(str(root), TODAY).errors
            if os.path.relpath(d.path, root) == FILE]


def with_website(make_registry, written: str) -> Path:
    return make_registry({FILE: COMPANY + f"website: {written}\n"})  # line 18, value at column 10


def test_python_and_browsers_disagree_on_the_hostile_example() -> None:
    assert urlsplit(EVIL).hostname == "www.afnor.org"  # what the old check read
    with pytest.raises(AddressProblem) as refused:
        parse_web_address(EVIL)
    assert refused.value.offset == EVIL.index("\\")


def test_a_backslash_is_refused_at_its_character(make_registry) -> None:
    assert errors(with_website(make_registry, f"'{EVIL}'")) == [
        (18, 11 + EVIL.index("\\"), "invalid-url",
         f"« website » : URL « {EVIL} » refusée : barre oblique inverse (\\) ; un navigateur la lit comme « / », "
         "et l'adresse ne mènerait pas où elle semble mener"),
    ]


@pytest.mark.parametrize("url", ["https://www.afnor.org@evil.example/", "https://user:secret@www.afnor.org/"])
def test_credentials_are_refused_at_the_at_sign(make_registry, url: str) -> None:
    [(line, column, code, message)] = errors(with_website(make_registry, url))
    host = urlsplit(url).hostname
    assert (line, column, code) == (18, 10 + url.index("@"), "invalid-url")
    assert message == (f"« website » : URL « {url} » refusée : identifiant avant « @ » ; un navigateur irait chez "
                       f"« {host} » et ignorerait ce qui précède")


@pytest.mark.parametrize(("written", "column", "what"), [
    ("'https://www.afnor.org/a b'", 10 + 1 + 23, "espace (écrire %20)"),
    ('"https://www.afnor.org/\\ta"', 10 + 1 + 22, "caractère invisible ou de contrôle U+0009"),
    ('"https://www.afnor.org/\\x1b[31m"', 10 + 1 + 22, "caractère invisible ou de contrôle U+001B"),
    ('"https://www.afnor.org/\\u0085"', 10 + 1 + 22, "caractère invisible ou de contrôle U+0085"),
    ("'https://www.af\u200bnor.org/'", 10 + 1 + 14, "caractère invisible ou de contrôle U+200B"),
    ("'https://www.afnor.org/\u202eexe.pdf'", 10 + 1 + 22, "caractère invisible ou de contrôle U+202E"),
    ("'https://www.afnor.org/\u00a0'", 10 + 1 + 22, "caractère invisible ou de contrôle U+00A0"),
])
def test_whitespace_and_control_characters_are_refused_at_their_character(make_registry, written: str,
                                                                         column: int, what: str) -> None:
    [(line, found_column, code, message)] = errors(with_website(make_registry, written))
    assert (line, found_column, code) == (18, column, "invalid-url")
    assert message.endswith(f"refusée : {what}")


def test_a_problem_in_a_source_list_item_is_placed_there(make_registry) -> None:
    root = make_registry({FILE: COMPANY.replace("https://example.org/a", "https://ex\\ample.org/a")})
    [(line, column, code, _)] = errors(root)
    assert (line, column, code) == (16, 9 + len("https://ex"), "invalid-url")


@pytest.mark.parametrize("url", ["https:example.org", "https:/example.org/", "https:///example.org/", "https://",
                                 "ftp://example.org/", "https://example.org:99999/", "//example.org/"])
def test_incomplete_or_other_addresses_are_refused(url: str) -> None:
    with pytest.raises(AddressProblem, match="seules les adresses http:// ou https:// complètes"):
        parse_web_address(url)
    assert safe_url(url) is None


@pytest.mark.parametrize(("url", "label"), [
    ("https://www.afnor.org/", "afnor.org"),
    ("HTTPS://WWW.AFNOR.ORG/a/../b", "afnor.org/b"),
    ("https://www.afnor.org/a/./b/?q=1#x", "afnor.org/a/b"),
    ("https://fr.wikipedia.org/wiki/%C3%89lectricit%C3%A9_de_France", "fr.wikipedia.org/wiki/Électricité_de_France"),
    ("https://café.example/menu", "café.example/menu"),
    ("https://xn--80ak6aa92e.com/", "xn--80ak6aa92e.com"),  # Cyrillic look-alike of apple.com: never shown as such
    ("https://example.org/a%0Ab", "example.org/a%0Ab"),  # a decoded control character is not shown
])
def test_the_label_comes_from_the_same_parse(url: str, label: str) -> None:
    assert url_label(url) == label
    assert safe_url(url) == url
    assert source_entry(url).title == label and source_entry(url).url == url


@pytest.mark.parametrize(("url", "read"), [("https://80/", "0.0.0.80"), ("https://0x7f.1/", "127.0.0.1"),
                                          ("https://exa%6Dple.org/", "example.org"),
                                          ("https://\uff45xample.org/", "example.org")])
def test_a_host_a_browser_reads_otherwise_is_refused(url: str, read: str) -> None:
    with pytest.raises(AddressProblem, match=f"qu'un navigateur lit « {read} »") as refused:
        parse_web_address(url)
    assert refused.value.offset == len("https://")


def test_what_is_refused_is_never_a_link() -> None:
    for url in (EVIL, "https://u@afnor.org/", "https://afnor.org/\x00", "javascript:alert(1)"):
        assert safe_url(url) is None
        assert web_address(url) is None
    assert web_address({"url": EVIL}) is None  # not a text at all


URL_PIECES = st.lists(st.sampled_from(["https://", "http://", "HTTPS://", "a", "b.c", "www.", "afnor.org", ".", "/",
                                       "\\", "@", ":", "80", "?", "#", "%2F", "%40", "%5C", "[", "]", "::1", "-",
                                       "..", "%", " ", "\t"]), max_size=12)


@settings(max_examples=600, deadline=None)
@given(URL_PIECES)
def test_what_is_accepted_python_reads_as_browsers_do(pieces: list[str]) -> None:
    """check-sources fetches with Python's urllib: on every accepted URL it goes where a browser would."""
    url = "".join(pieces)
    address = web_address(url)
    if address is None:
        return
    python = urlsplit(url)
    assert python.hostname == address.hostname.strip("[]")
    assert python.username is None and python.password is None
    assert python.scheme.lower() in ("http", "https")


def test_the_ascii_shortcut_refuses_exactly_what_the_full_rule_refuses() -> None:
    # parse_web_address skips its character-by-character check for ASCII text the shortcut finds clean:
    # the shortcut must agree with the full rule on every ASCII character, alone and inside a URL.
    from generator.fields import _ASCII_INVISIBLE, _invisible

    for code in range(128):
        char = chr(code)
        assert (_ASCII_INVISIBLE.fullmatch(char) is not None) == _invisible(char), repr(char)
        url = f"https://example.org/a{char}b"
        refused = char in "\\" or _invisible(char)
        try:
            parse_web_address(url)
        except AddressProblem as problem:
            assert refused or problem.offset is None, repr(char)  # a character refused is refused at its place
            if refused:
                assert problem.offset == len("https://example.org/a"), repr(char)
        else:
            assert not refused, repr(char)
