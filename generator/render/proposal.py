"""/contribuer/proposer/: the contribution form, and every table its script checks and writes with.

The browser applies no rule of its own making: the fields of a company, a certificate and a source in
the model's order, which of them are dates, URLs or quoted identifiers, the date pattern, the known
standards (with the certifiers each lists) and certifiers, the repository's addresses and the
transliteration the ids are made with are all computed here, from the model, the registry, mkdocs.yml
and python-slugify, and published in the page as one JSON block.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from pydantic import TypeAdapter

from generator.dates import MAX_YEAR, MIN_YEAR
from generator.edit.canonical import QUOTED_TEXT_FIELDS, field_order
from generator.fields import Date
from generator.model import Certification, Company, SourceRef, date_fields, url_fields
from generator.render.base import Page, Renderer
from generator.render.text import fold, json_for_script
from generator.site import SiteInfo

PATH = "contribuer/proposer/index.md"
ISSUE_TEMPLATE = "signaler-une-certification.yml"
# The ids of the fields of .github/ISSUE_TEMPLATE/signaler-une-certification.yml the form fills in.
ISSUE_FIELDS = {
    "company": "entreprise", "standard": "referentiel", "dates": "dates", "certifier": "certificateur",
    "sources": "sources", "details": "details", "record": "fiche",
}
# Longer addresses are refused by some browsers, proxies and GitHub itself (about 8 KB): beyond, the
# visitor copies the record into the issue form.
URL_LIMIT = 7000
# The longest text each field takes: far below ruamel's line width (4096), so the YAML the browser
# writes is never folded over several lines by `fmt`, and a proposal fits in an address.
MAX_LENGTHS = {"name": 200, "text": 300, "notes": 1000, "url": 1000}
MAX_SOURCES = 8

# Where python-slugify's transliteration is published, one character at a time: Latin letters with
# their accents, combining marks, punctuation, currency and letter-like signs. A name with any other
# character gets its id from the maintainers.
SLUG_RANGES = ((0x00A0, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20A0, 0x20C1),
               (0x2100, 0x2150))




def _unidecode(text: str) -> str:
    """python-slugify's transliteration (its "auto" backend): Unidecode when installed, else text-unidecode."""
    try:
        from unidecode import unidecode
    except ModuleNotFoundError:
        from text_unidecode import unidecode
    return str(unidecode(text))


@functools.cache
def slug_table() -> list[list[Any]]:
    """[[first code point, [its ASCII form, the next one's…]], …]: what `new_id` makes of each character
    before its ASCII steps (lower case, quotes, separators). A form made only of characters that
    separate words is written as one space: the steps after treat every such run alike."""
    table: list[list[Any]] = []
    for start, end in SLUG_RANGES:
        values = []
        for code in range(start, end):
            value = _unidecode(unicodedata.normalize("NFKD", chr(code)))
            if value and not any(c.isascii() and (c.isalnum() or c in "',") for c in value):
                value = " "
            values.append(value)
        table.append([start, values])
    return table


@functools.cache
def year_range() -> list[int]:
    """The years the registry supports: a date outside them is impossible for the validator too."""
    return [MIN_YEAR, MAX_YEAR]


def date_pattern() -> str:
    """The pattern of a date as the records' JSON Schema gives it (AAAA, AAAA-MM, AAAA-MM-JJ)."""
    schema = TypeAdapter(Date).json_schema()
    return str(next(option["pattern"] for option in schema["anyOf"] if "pattern" in option))


def new_file_base(site: SiteInfo) -> str | None:
    """GitHub's page creating a file in registry/companies/ (the branch and folder `edit_base` uses)."""
    if not site.repo_url or not site.edit_base:
        return None
    repo = site.repo_url.rstrip("/")
    return f"{repo}/new/{site.edit_base[len(repo) + len('/edit/'):]}companies"


def proposal_data(r: Renderer) -> dict[str, Any]:
    """The JSON block of the form: everything its script checks and writes with."""
    registry, site = r.registry, r.site
    standards = sorted(registry.standards.items(), key=lambda item: (fold(item[1].name), item[0]))
    certifiers = sorted(registry.certifiers.items(), key=lambda item: (fold(item[1].name), item[0]))
    repo = site.repo_url.rstrip("/") if site.repo_url else None
    return {
        "fields": {"company": field_order(Company), "certification": field_order(Certification),
                   "source": field_order(SourceRef)},
        "dates": sorted(date_fields(Company) | date_fields(Certification) | date_fields(SourceRef)),
        "urls": sorted(url_fields()),
        "years": year_range(),
        "quoted": sorted(QUOTED_TEXT_FIELDS),
        "date_pattern": date_pattern(),
        "standards": [{"id": sid, "name": s.name, "kind": s.kind, "certifiers": s.certifiers}
                      for sid, s in standards],
        "certifiers": [{"id": cid, "name": c.name} for cid, c in certifiers],
        "site": site.site_url,
        "new_file": new_file_base(site),
        "issue": f"{repo}/issues/new" if repo else None,
        "issue_template": ISSUE_TEMPLATE,
        "issue_fields": ISSUE_FIELDS,
        "url_limit": URL_LIMIT,
        "max_sources": MAX_SOURCES,
        "slug": slug_table(),
    }


def proposal_page(r: Renderer) -> Page:
    data = proposal_data(r)
    issue = f"{data['issue']}?template={ISSUE_TEMPLATE}" if data["issue"] else None
    return r.page(PATH, "proposal.html", "Proposer une certification", assets=("proposer.css", "proposer.js"),
                  data=json_for_script(data),
                  issue=issue, standards=data["standards"], certifiers=data["certifiers"],
                  max_lengths=MAX_LENGTHS, max_sources=MAX_SOURCES)
