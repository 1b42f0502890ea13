"""The open data under /api/v1/, read back with the tools reusers will use."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import frictionless
import icalendar
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry as SchemaRegistry
from referencing import Resource

from generator.export import build_exports, write_exports
from generator.registry import Registry, build_registry
from generator.schema import (
    DEFINITIONS,
    KINDS,
    SCHEMAS_FOLDER,
    record_schema,
    record_schema_texts,
    registry_schema,
    stale_committed_schemas,
    write_committed_schemas,
)
from generator.site import SiteInfo, read_site_info
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
SITE = SiteInfo(site_url="https://example.org/registre/")
API = "api/v1"

# Everything a record's free text may hold that means something to JSON, CSV, XML or iCalendar.
HOSTILE = 'Guillemets "doubles", \'simples\' ; <script>alert(1)</script> & </td> \\ fin'
HOSTILE_YAML = json.dumps(HOSTILE)  # a JSON string is a valid YAML double-quoted scalar
HOSTILE_LINES = "Ligne un, virgule ; point-virgule\nLigne deux <b>&amp;</b> \"cités\""

PRIX = """\
name: Prix de test
kind: prix
sources:
  - https://example.org/prix
"""

OTHER_CERTIFIER = """\
name: Bureau Test
sources:
  - https://example.org/bureau
"""

# Superseded, lapsed, withdrawn, partial dates, side-by-side scopes, hostile text, a SIREN with a leading zero.
HOLDER = f"""\
name: {HOSTILE_YAML}
siren: '012345674'
sector: Assurance
checked: '2026-10'
sources:
  - https://example.org/holder
notes: {json.dumps(HOSTILE_LINES)}
certifications:
  - standard: label-test
    certifier: bureau-test
    issued: '2018'
    sources:
      - https://example.org/2018
  - standard: label-test
    certifier: bureau-test
    issued: '2021-12'
    number: 'L-2021'
    sources:
      - title: Communiqué
        publisher: Bureau Test
        date: '2021-12-10'
  - standard: iso-test
    certifier: afnor
    issued: '2025-06-10'
    status: withdrawn
    status_date: '2026-03'
    sources:
      - https://example.org/withdrawn
  - standard: iso-test
    certifier: afnor
    issued: '2026-01-15'
    scope: {HOSTILE_YAML}
    sources:
      - https://example.org/lyon
"""


def forced(built: Registry, company_id: str, index: int | None = None, **fields: str) -> Registry:
    """The registry with fields of a company (or of its certificate `index`) set to text the validator refuses
    in a record (a scope on two lines, control characters): every export must still carry it safely."""
    company = built.companies[company_id]
    if index is None:
        built.companies[company_id] = company.model_copy(update=fields)
        return built
    view = built.certificates[company_id][index]
    certificate = view.certificate.model_copy(update=fields)
    built.certificates[company_id][index] = dataclasses.replace(view, certificate=certificate)
    certifications = list(company.certifications)
    certifications[index] = certificate
    built.companies[company_id] = company.model_copy(update={"certifications": certifications})
    return built

# Only `reported`, and a standard with no known term: the last valid day is unknown.
UNKNOWN = """\
name: Ancienne Maison
checked: '2026-11-01'
sources:
  - https://example.org/ancienne
certifications:
  - standard: prix-test
    issued: '2019-05'
    sources:
      - https://example.org/prix-2019
  - standard: label-test
    reported: '2015'
    sources:
      - https://example.org/reported
"""

FIXTURE = {
    "standards/prix-test.yml": PRIX,
    "certifiers/bureau-test.yml": OTHER_CERTIFIER,
    "companies/holder.yml": HOLDER,
    "companies/ancienne.yml": UNKNOWN,
}


@pytest.fixture
def registry(make_registry: Callable[..., Path]) -> Registry:
    built = build_registry(str(make_registry(FIXTURE)), TODAY)
    assert built.errors == []
    return forced(built, "holder", 3, scope=HOSTILE_LINES)


@pytest.fixture
def site_dir(registry: Registry, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    write_exports(registry, SITE, out)
    return out


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def certifications_of(document: dict[str, Any], company_id: str) -> list[dict[str, Any]]:
    (company,) = [c for c in document["companies"] if c["id"] == company_id]
    return company["certifications"]


# registry.json


def test_registry_json_holds_every_record_with_computed_fields(site_dir: Path) -> None:
    document = read_json(site_dir / API / "registry.json")
    assert document["$schema"] == "https://example.org/registre/api/v1/registry.schema.json"
    assert document["generated_on"] == "2026-11-25"
    assert [c["id"] for c in document["companies"]] == ["ancienne", "holder", "societe-electrique"]
    assert [s["id"] for s in document["standards"]] == ["iso-test", "label-test", "prix-test"]
    assert [c["id"] for c in document["certifiers"]] == ["afnor", "bureau-test"]

    holder = next(c for c in document["companies"] if c["id"] == "holder")
    assert holder["name"] == HOSTILE
    assert holder["notes"] == HOSTILE_LINES
    assert holder["siren"] == "012345674"
    assert holder["checked"] == "2026-10"
    assert holder["url"] == "https://example.org/registre/entreprises/holder/"
    assert holder["aliases"] == [] and holder["website"] is None

    old, renewed, withdrawn, lyon = holder["certifications"]
    timeline = old.pop("timeline")
    assert old == {
        "standard": "label-test", "certifier": "bureau-test", "issued": "2018", "reported": None,
        "expires": "2020-12-31", "declared_expires": None, "status": "expired", "declared_status": "active",
        "status_date": None, "current": False, "number": None, "scope": None, "category": None,
        "id": "label-test-2018", "status_basis": "term", "suspensions": [],
        "sources": ["https://example.org/2018"], "disputes": [], "notes": None,
    }
    # Issued some day of 2018, a 3-year term: valid from 2019 until 31 December 2020 at least, certainly
    # lapsed from 31 December 2021.
    assert [(s["from"], s["until"], s["status"], s["basis"], s["label"]) for s in timeline] == [
        ("2018-01-01", "2019-01-01", "unknown", "partial-date", "statut inconnu"),
        ("2019-01-01", "2020-10-02", "valid", "term", "valide"),
        ("2020-10-02", "2021-01-01", "expiring", "term", "expire bientôt"),
        ("2021-01-01", "2021-12-31", "unknown", "partial-date", "statut inconnu"),
        ("2021-12-31", None, "expired", "term", "échéance dépassée"),
    ]
    assert timeline[-1]["text"] == "échéance dépassée depuis le 31 décembre 2021 (calculée : attribué en 2018 + 3 ans)"
    assert (renewed["issued"], renewed["expires"], renewed["status"], renewed["current"]) == (
        "2021-12", "2024-11-30", "expired", True)
    # A detailed source stays as written: no null keys added.
    assert renewed["sources"] == [{"title": "Communiqué", "publisher": "Bureau Test", "date": "2021-12-10"}]
    assert (withdrawn["declared_status"], withdrawn["status_date"], withdrawn["status"]) == (
        "withdrawn", "2026-03", "withdrawn")
    assert (lyon["scope"], lyon["expires"], lyon["status"], lyon["current"]) == (
        HOSTILE_LINES, "2029-01-14", "valid", True)

    ancienne = certifications_of(document, "ancienne")
    # Reported in 2015 under a 3-year label: issued in 2015 at the latest, so certainly lapsed since 2019.
    assert [(c["expires"], c["status"]) for c in ancienne] == [(None, "unknown"), (None, "expired")]
    assert ancienne[1]["reported"] == "2015" and ancienne[1]["issued"] is None

    societe = certifications_of(document, "societe-electrique")
    assert (societe[0]["expires"], societe[0]["status"]) == ("2027-02-28", "valid")

    standards = {s["id"]: s for s in document["standards"]}
    assert standards["iso-test"]["certifiers"] == ["afnor"]
    assert standards["label-test"]["certifiers"] is None  # absent means unknown, not "none"
    assert standards["label-test"]["terms"][0]["from"] == "2009-12"
    assert standards["prix-test"]["url"] == "https://example.org/registre/referentiels/prix-test/"


def test_registry_json_validates_against_its_schema(site_dir: Path) -> None:
    schema = read_json(site_dir / API / "registry.schema.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://example.org/registre/api/v1/registry.schema.json"
    assert {"company", "certification", "standard", "certifier"} <= set(schema["$defs"])
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    document = read_json(site_dir / API / "registry.json")
    assert list(validator.iter_errors(document)) == []

    # The schema is strict enough to catch a computed field gone wrong.
    certifications_of(document, "holder")[0]["status"] = "active"
    assert list(validator.iter_errors(document))


def test_each_company_file_validates_against_the_company_definition(site_dir: Path) -> None:
    schema = read_json(site_dir / API / "registry.schema.json")
    resources = SchemaRegistry().with_resource(schema["$id"], Resource.from_contents(schema))
    document = read_json(site_dir / API / "registry.json")
    files = sorted((site_dir / API / "entreprises").glob("*.json"))
    assert [f.stem for f in files] == [c["id"] for c in document["companies"]]
    for path, company in zip(files, document["companies"], strict=True):
        data = read_json(path)
        assert data["$schema"] == schema["$id"] + "#/$defs/company"
        assert data["generated_on"] == "2026-11-25"
        validator = Draft202012Validator({"$ref": data["$schema"]}, registry=resources,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        assert list(validator.iter_errors(data)) == [], path.name
        del data["$schema"], data["generated_on"]
        assert data == company


def test_registry_schema_publishes_dates_as_strings() -> None:
    text = json.dumps(registry_schema(SITE))
    assert '"integer", "minimum": 1000' not in text and '"minimum": 1000' not in text


# certificates.csv, Table Schema and data package


def test_datapackage_and_csv_are_valid_for_frictionless(site_dir: Path) -> None:
    report = frictionless.validate(str(site_dir / API / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    package = read_json(site_dir / API / "datapackage.json")
    assert package["licenses"][0]["name"] == "etalab-2.0"
    table = read_json(site_dir / API / "certificates.schema.json")
    assert table["$schema"] == "https://frictionlessdata.io/schemas/table-schema.json"
    for field in table["fields"]:
        assert {"name", "title", "description", "type", "example"} <= set(field), field["name"]


def test_csv_rows_keep_text_dates_and_siren_as_written(site_dir: Path) -> None:
    resource = frictionless.Resource(
        path="certificates.csv", schema="certificates.schema.json", basepath=str(site_dir / API)
    )
    rows = resource.read_rows()
    assert len(rows) == 7
    holder = [row for row in rows if row["company_id"] == "holder"]
    assert [row["certificate_id"] for row in holder] == [
        "label-test-2018", "label-test-2021-12", "iso-test-2025-06-10", "iso-test-2026-01-15"]
    assert holder[0]["siren"] == "012345674"  # text: the leading zero stays
    assert holder[0]["company_name"] == HOSTILE
    assert (holder[0]["issued"], holder[0]["expires"], holder[0]["current"]) == ("2018", date(2020, 12, 31), False)
    assert (holder[1]["issued"], holder[1]["status"], holder[1]["current"]) == ("2021-12", "expired", True)
    assert holder[1]["source_urls"] is None  # a detailed source without url
    assert (holder[2]["declared_status"], holder[2]["status_date"], holder[2]["status"]) == (
        "withdrawn", "2026-03", "withdrawn")
    assert holder[3]["scope"] == HOSTILE_LINES
    unknown = [row for row in rows if row["company_id"] == "ancienne"]
    assert [(row["expires"], row["status"], row["certifier_id"]) for row in unknown] == [
        (None, "unknown", None), (None, "expired", None)]
    assert {row["computed_on"] for row in rows} == {TODAY}

    text = (site_dir / API / "certificates.csv").read_text(encoding="utf-8")
    assert "\r" not in text
    header, *_ = csv.reader(io.StringIO(text))
    assert header[:3] == ["company_id", "company_name", "siren"]


def test_csv_quotes_a_carriage_return(make_registry: Callable[..., Path], tmp_path: Path) -> None:
    registry = build_registry(str(make_registry(FIXTURE)), TODAY)
    assert registry.errors == []
    forced(registry, "holder", 3, scope='Lyon\rParis, "B"')
    write_exports(registry, SITE, tmp_path / "site")
    report = frictionless.validate(str(tmp_path / "site" / API / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = frictionless.Resource(path="certificates.csv", schema="certificates.schema.json",
                                 basepath=str(tmp_path / "site" / API)).read_rows()
    assert len(rows) == 7
    assert [row["scope"] for row in rows if row["scope"]] == ['Lyon\nParis, "B"']


# feed.atom


def test_feed_parses_newest_first_with_stable_ids(site_dir: Path, registry: Registry, tmp_path: Path) -> None:
    raw = (site_dir / API / "feed.atom").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    entries = feed.entries
    days = [entry.updated_parsed[:3] for entry in entries]
    assert days == sorted(days, reverse=True)
    assert feed.feed.updated == entries[0].updated
    ids = [entry.id for entry in entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("tag:example.org,2026:certificat/") for i in ids)

    by_id = {entry.id: entry for entry in entries}
    tag = "tag:example.org,2026:certificat/"
    # The 2021-12 certificate: new on the first day of its month; its computed last day falls some day between
    # 30 November and 30 December 2024, so it has certainly lapsed from 31 December.
    assert by_id[tag + "holder/label-test-2021-12/new"].updated.startswith("2021-12-01")
    lapse = by_id[tag + "holder/label-test-2021-12/lapse"]
    assert lapse.updated.startswith("2024-12-31")
    assert lapse.title.startswith("Échéance dépassée : ")
    assert "échéance dépassée depuis le 31 décembre 2024" in lapse.summary
    withdrawn = by_id[tag + "holder/iso-test-2025-06-10/withdrawn"]
    assert withdrawn.updated.startswith("2026-04-01")  # some day of March 2026: certain from April
    assert "retiré depuis mars 2026" in withdrawn.summary
    # The 2018 certificate may have run until December 2021, when its renewal began: no lapse.
    assert tag + "holder/label-test-2018/lapse" not in by_id
    # Nothing lapses before the registry's day, and withdrawn certificates do not lapse again.
    assert tag + "holder/iso-test-2025-06-10/lapse" not in by_id
    assert not any(i.endswith("/societe-electrique/iso-test-2024/lapse") for i in ids)

    reported = by_id[tag + "ancienne/label-test-2015/new"]
    assert reported.title == "Signalement : Ancienne Maison — Label de test"
    assert reported.updated.startswith("2015-01-01")

    lyon = by_id[tag + "holder/iso-test-2026-01-15/new"]
    assert lyon.title.startswith("Attribution : ")
    assert HOSTILE in lyon.title
    assert HOSTILE_LINES in lyon.summary
    assert lyon.link == "https://example.org/registre/entreprises/holder/#certificat-iso-test-2026-01-15"

    again = tmp_path / "again"
    write_exports(registry, SITE, again)
    assert [e.id for e in feedparser.parse((again / API / "feed.atom").read_bytes()).entries] == ids


RENEWED = """\
name: Renouvelée
checked: '2026-11-01'
sources:
  - https://example.org/renouvelee
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2016-01-10'
    sources:
      - https://example.org/2016
  - standard: iso-test
    certifier: afnor
    issued: '2018-12-01'
    sources:
      - https://example.org/2018-12
"""


def test_feed_has_no_lapse_for_a_certificate_renewed_in_time(make_registry: Callable[..., Path]) -> None:
    registry = build_registry(str(make_registry({**FIXTURE, "companies/renouvelee.yml": RENEWED})), TODAY)
    assert registry.errors == []
    ids = [entry.id for entry in feedparser.parse(build_exports(registry, SITE)[f"{API}/feed.atom"]).entries]
    renewed = [i.removeprefix("tag:example.org,2026:certificat/") for i in ids if "/renouvelee/" in i]
    # The first ended on 2019-01-09, after its renewal began; the renewal itself lapsed on 2021-12-01.
    assert renewed == ["renouvelee/iso-test-2018-12-01/lapse", "renouvelee/iso-test-2018-12-01/new",
                       "renouvelee/iso-test-2016-01-10/new"]


def test_feed_drops_characters_xml_cannot_carry(make_registry: Callable[..., Path], tmp_path: Path) -> None:
    registry = build_registry(str(make_registry(FIXTURE)), TODAY)
    assert registry.errors == []
    forced(registry, "holder", name="Nom\x01 \uFFFE\x1f propre")
    feed = feedparser.parse(build_exports(registry, SITE)[f"{API}/feed.atom"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert any("Nom  propre" in entry.title for entry in feed.entries)


# expirations.ics


def test_calendar_has_one_all_day_event_per_current_certificate(site_dir: Path) -> None:
    raw = (site_dir / API / "expirations.ics").read_bytes()
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    # Not the superseded 2018 label, not the withdrawn certificate, not the unknown last days.
    assert [str(e["uid"]) for e in events] == [
        "holder-label-test-2021-12@example.org",
        "societe-electrique-iso-test-2024@example.org",
        "holder-iso-test-2026-01-15@example.org",
    ]
    starts = [e["dtstart"].dt for e in events]
    assert starts == [date(2024, 11, 30), date(2027, 2, 28), date(2029, 1, 14)]
    for event, start in zip(events, starts, strict=True):
        assert type(event["dtstart"].dt) is date  # all-day
        assert event["dtend"].dt == start + timedelta(days=1)
        # From the data (the record's `checked`), never the build day: a daily rebuild rewrites no event.
        assert event["dtstamp"].dt.date() in (date(2026, 10, 1), date(2026, 11, 1))
        (alarm,) = event.walk("VALARM")
        assert alarm["trigger"].dt == timedelta(days=-90)
        assert str(alarm["action"]) == "DISPLAY"
    lyon = events[2]
    assert HOSTILE in str(lyon["summary"])
    assert HOSTILE_LINES in str(lyon["description"])
    assert str(lyon["url"]) == "https://example.org/registre/entreprises/holder/#certificat-iso-test-2026-01-15"
    # Commas, semicolons and line breaks are escaped, and long lines folded at 75 octets.
    assert b"virgule \\; point-virgule\\nLigne deux" in raw.replace(b"\r\n ", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


# Reproducible, and the files a reuser expects


def test_exports_are_byte_identical_across_runs(registry: Registry, tmp_path: Path) -> None:
    first = write_exports(registry, SITE, tmp_path / "one")
    second = write_exports(registry, SITE, tmp_path / "two")
    assert first == second == sorted(first)
    on_disk = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert on_disk == first
    for relative in first:
        assert (tmp_path / "one" / relative).read_bytes() == (tmp_path / "two" / relative).read_bytes(), relative
        if not relative.endswith(".ics"):
            assert b"\r" not in (tmp_path / "one" / relative).read_bytes(), relative
    assert {
        f"{API}/registry.json", f"{API}/registry.schema.json", f"{API}/entreprises/holder.json",
        f"{API}/certificates.csv", f"{API}/certificates.schema.json", f"{API}/datapackage.json",
        f"{API}/feed.atom", f"{API}/expirations.ics", f"{API}/schema/company.schema.json",
        f"{API}/schema/standard.schema.json", f"{API}/schema/certifier.schema.json",
    } <= set(first)


def test_an_empty_registry_exports_valid_empty_files(make_registry: Callable[..., Path], tmp_path: Path) -> None:
    registry = build_registry(str(make_registry(base=False)), TODAY)
    assert registry.errors == []
    write_exports(registry, SITE, tmp_path / "site")
    api = tmp_path / "site" / API
    assert read_json(api / "registry.json")["companies"] == []
    feed = feedparser.parse((api / "feed.atom").read_bytes())
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated.startswith("2026-11-25")
    assert list(icalendar.Calendar.from_ical((api / "expirations.ics").read_bytes()).walk("VEVENT")) == []
    assert frictionless.validate(str(api / "datapackage.json")).valid


# Record schemas


def test_committed_record_schemas_are_current() -> None:
    """If this fails, run `python -m generator.schema` and commit generator/schemas/."""
    project = read_site_info(ROOT / "mkdocs.yml")
    assert stale_committed_schemas(SCHEMAS_FOLDER, project) == []


def test_published_record_schemas_match_the_committed_copies(registry: Registry) -> None:
    project = read_site_info(ROOT / "mkdocs.yml")
    files = build_exports(registry, project)
    for kind in KINDS:
        committed = (SCHEMAS_FOLDER / f"{kind}.schema.json").read_bytes()
        assert files[f"{API}/schema/{kind}.schema.json"] == committed


def test_stale_schemas_are_reported_and_rewritten(tmp_path: Path) -> None:
    assert stale_committed_schemas(tmp_path, SITE) == [f"{kind}.schema.json" for kind in KINDS]
    write_committed_schemas(tmp_path, SITE)
    assert stale_committed_schemas(tmp_path, SITE) == []
    (tmp_path / "standard.schema.json").write_text("{}\n", encoding="utf-8")
    assert stale_committed_schemas(tmp_path, SITE) == ["standard.schema.json"]
    assert sorted(record_schema_texts(SITE)) == ["certifier.schema.json", "company.schema.json",
                                                 "standard.schema.json"]


def _property_schemas(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for where, node in [("", schema), *schema.get("$defs", {}).items()]:
        for name, prop in node.get("properties", {}).items():
            found.append((f"{where}.{name}", prop))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_record_schema_is_described_in_french(kind: str) -> None:
    schema = record_schema(kind, SITE)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://example.org/registre/api/v1/schema/{kind}.schema.json"
    assert "registre" in schema["title"].lower()
    for where, prop in _property_schemas(schema):
        assert prop.get("description"), where
        assert "title" not in prop, where  # no English titles from the Python names
    titles = {title for _, title, _ in DEFINITIONS.values()}
    assert all(d["title"] in titles for d in schema.get("$defs", {}).values())


def test_fixture_records_validate_against_record_schemas(make_registry: Callable[..., Path]) -> None:
    root = make_registry(FIXTURE)
    for kind, folder in (("company", "companies"), ("standard", "standards"), ("certifier", "certifiers")):
        validator = Draft202012Validator(record_schema(kind, SITE))
        for path in sorted((root / folder).glob("*.yml")):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert list(validator.iter_errors(record)) == [], path.name
    bad = yaml.safe_load(HOLDER.replace("sector: Assurance", "sectuer: Assurance"))
    assert list(Draft202012Validator(record_schema("company", SITE)).iter_errors(bad))


def test_record_schema_accepts_a_bare_year_as_yaml_reads_it() -> None:
    record = yaml.safe_load(HOLDER.replace("issued: '2018'", "issued: 2018"))
    assert record["certifications"][0]["issued"] == 2018
    assert list(Draft202012Validator(record_schema("company", SITE)).iter_errors(record)) == []


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown record kind"):
        record_schema("companies", SITE)


def test_moment_is_midnight_in_paris(site_dir: Path) -> None:
    feed = feedparser.parse((site_dir / API / "feed.atom").read_bytes())
    for entry in feed.entries:
        updated = datetime.fromisoformat(entry.updated)
        summer = 4 <= updated.month <= 9  # no event falls near a change of offset here
        assert (updated.hour, updated.utcoffset()) == (0, timedelta(hours=2 if summer else 1)), entry.updated
