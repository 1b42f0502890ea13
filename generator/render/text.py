"""Text that is safe wherever it lands: HTML text and attributes, URLs, JSON inside <script>, titles.

Everything a record contains is untrusted: it is escaped here, never trusted as Markdown, HTML or
template syntax.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from typing import Any

from markupsafe import Markup, escape

from generator.fields import web_address

_NEWLINES = re.compile(r"\r\n|\r|\n")
# What PyYAML accepts in a scalar; the rest is dropped from front matter titles.
_NOT_PRINTABLE = re.compile("[^\x09\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def html_text(value: Any) -> Markup:
    """Escaped text; braces as entities (no macro or template syntax survives), newlines as <br>."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        raise TypeError("None reached a template: guard it with {% if %}")
    text = _no_template(str(escape(value)))  # a plain str: Markup's own methods would escape their arguments
    if "\n" in text or "\r" in text:
        text = _NEWLINES.sub("<br>", text)
    return Markup(text)


def html_attr(value: Any) -> Markup:
    """Escaped text for an attribute value: newlines become spaces."""
    return html_text(_NEWLINES.sub(" ", str(value)))


def _no_template(text: str) -> str:
    """Braces as entities: no macro or template syntax survives in what a page shows."""
    return text.replace("{", "&#123;").replace("}", "&#125;") if "{" in text or "}" in text else text


def _markup_escaped(text: str) -> str:
    """&, < and > as entities: what text inside an element needs (its quotes may stay quotes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code_text(code: str) -> Markup:
    """HTML source shown as text (inside <code>): escaped, but its quotes stay quotes, 5 bytes fewer each."""
    return Markup(_no_template(_markup_escaped(code)))


def json_attribute(data: Any) -> Markup:
    """JSON as a whole attribute value, quoted with ' so that JSON's many " stay one byte each (data-words='…').
    &, <, >, ' and the braces are escaped: the value ends only at its closing quote, and no template
    syntax survives."""
    text = _markup_escaped(json.dumps(data, ensure_ascii=False)).replace("'", "&#39;")
    return Markup(f"'{_no_template(text)}'")


def safe_url(value: Any) -> str | None:
    """The URL when browsers read it as the validator did (`fields.web_address`), else None."""
    return value if web_address(value) is not None else None


def json_for_script(data: Any) -> Markup:
    """JSON that cannot close its <script> element nor look like template syntax."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if _has_brace(data):  # rare: only then tell the JSON's own braces from those inside strings
        return Markup(_JSON_STRING.sub(_escape_json_string, text))
    # Outside strings JSON holds none of these characters: plain replacements are enough.
    for char, code in _JSON_REPLACEMENTS:
        if char in text:
            text = text.replace(char, code)
    return Markup(text)


def _has_brace(data: Any) -> bool:
    if isinstance(data, str):
        return "{" in data or "}" in data
    if isinstance(data, dict):
        return any(_has_brace(k) or _has_brace(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_brace(v) for v in data)
    return False


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b",
                               "}": "\\u007d", "\u2028": "\\u2028", "\u2029": "\\u2029"})
_JSON_REPLACEMENTS = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                      ("\u2029", "\\u2029"))


def _escape_json_string(match: re.Match[str]) -> str:
    return match.group(0).translate(_JSON_ESCAPES)


def front_matter_title(value: str) -> str:
    """A YAML double-quoted title holding HTML-escaped text.

    MkDocs' theme environment has no autoescape and Material prints `page.meta.title` as is
    (in <title> and the header), so the title must already be HTML.
    """
    text = _NOT_PRINTABLE.sub("", " ".join(value.split()))
    return json.dumps(str(html_attr(text)), ensure_ascii=False)


_COMBINING = re.compile("[\u0300-\u036f]")  # what the browser removes too (table.js)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics, as the browser's filter folds a query."""
    return " ".join(_COMBINING.sub("", unicodedata.normalize("NFD", text)).lower().split())


def page_root(path: str) -> str:
    """The relative path from a page's URL to the site root ('entreprises/edf.md' -> '../../')."""
    parts = path.split("/")
    depth = len(parts) - 1 if parts[-1] in ("index.md", "index.html") else len(parts)
    return "../" * depth


# Pagefind joins the text of adjacent cells without a space ("SecteurÉnergie", "NuméroNF345ZETAAttribution"):
# a space closes each cell's text, which a browser does not render at the end of a block.
# Written to start with "<", so that the search skips to each "<" (a leading look-behind tried every character:
# 20 times slower on a company page).
_CELL_END = re.compile(r"<(?<!\s<)/(?:dt|dd|th|td|li|h[1-6])>")


def compact_lines(html: str) -> str:
    """HTML with each line stripped and blank lines dropped: a raw block Markdown keeps whole.

    Only LF separates lines: a record's U+0085 or U+2028 is text, not a line break (str.splitlines()
    would cut a JSON string in two). Each cell's text ends with a space, so that the text extracted
    from the page (the search index) keeps a label and its value apart.
    """
    html = _CELL_END.sub(r" \g<0>", html)
    lines = (line.strip(" \t\r") for line in html.split("\n"))
    return "\n".join(line for line in lines if line)


_TICKS = re.compile(r"`([^`]*)`")


def code_ticks(value: str) -> Markup:
    """Escaped text where `word` becomes <code>word</code> (the field reference's allowed values)."""
    return Markup(_TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", str(html_text(value))))
