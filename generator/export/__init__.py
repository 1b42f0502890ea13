"""The open data under /api/v1/: JSON, CSV with its Table Schema, Atom, iCalendar and the JSON Schemas.

Every file is a function of the registry and its day: no clock, sorted keys, the same bytes on
every run. Record text is data everywhere: JSON-encoded, quoted in CSV, XML-escaped in Atom,
escaped and folded as RFC 5545 asks in iCalendar. One module per format over `paths` (where each
file lives) and `events` (what the feed and the calendar tell).
"""

from __future__ import annotations

from pathlib import Path

from generator.export.atom import atom_feed
from generator.export.ical import expirations_calendar
from generator.export.lookup import lookup_files
from generator.export.paths import (
    CALENDAR,
    CERTIFICATES_CSV,
    CERTIFICATES_SCHEMA,
    COMPANY_JSON,
    DATAPACKAGE,
    FEED,
    ID,
    RECORD_SCHEMA,
    REGISTRY_JSON,
    REGISTRY_SCHEMA,
)
from generator.export.records import data_json, registry_document
from generator.export.table import certificates_csv, datapackage, table_schema
from generator.registry import Registry
from generator.schema import KINDS, json_text, record_schema, registry_schema, registry_url
from generator.site import SiteInfo


def write_exports(registry: Registry, site: SiteInfo, out_dir: Path) -> list[str]:
    """Write the open data into the built site folder `out_dir`; return the relative paths written, sorted."""
    files = build_exports(registry, site)
    for relative, content in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sorted(files)


def build_exports(registry: Registry, site: SiteInfo) -> dict[str, bytes]:
    """{relative path: file content} of every open-data file, without touching the disk."""
    for company_id in registry.companies:
        # Ids come from validated file names; a path is never built from anything else.
        if not ID.fullmatch(company_id):
            raise ValueError(f"invalid company id {company_id!r}")
    files: dict[str, bytes] = {}
    document = registry_document(registry, site)
    files[REGISTRY_JSON] = _utf8(data_json(document))
    files[REGISTRY_SCHEMA] = _utf8(json_text(registry_schema(site)))
    company_schema = registry_url(site) + "#/$defs/company"
    for company in document["companies"]:
        alone = {"$schema": company_schema, "generated_on": document["generated_on"], **company}
        files[COMPANY_JSON.format(id=company["id"])] = _utf8(data_json(alone))
    files[CERTIFICATES_CSV] = _utf8(certificates_csv(registry, site))
    files[CERTIFICATES_SCHEMA] = _utf8(json_text(table_schema(site)))
    files[DATAPACKAGE] = _utf8(json_text(datapackage(site)))
    files[FEED] = atom_feed(registry, site)
    files[CALENDAR] = expirations_calendar(registry, site)
    for kind in KINDS:
        files[RECORD_SCHEMA.format(kind=kind)] = _utf8(json_text(record_schema(kind, site)))
    files.update({path: _utf8(text) for path, text in lookup_files(registry).items()})  # /verifier/'s look-ups
    return files


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
