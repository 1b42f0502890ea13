"""Check a synthetic registry without the generator, so a benchmark never times an invalid input.

    python benchmarks/check_registry.py /tmp/reg10k

Independent of `generator/` on purpose: if the validator reports errors on this registry, one of
the two is wrong, and this file says which rule the data was meant to follow. It parses every file
with PyYAML (YAML 1.1) and ruamel.yaml (YAML 1.2) and requires the same data from both, which also
catches a value that the two YAML versions read differently (an unquoted `no`, a `2021-03-01`).
Prints one line per problem; exit 1 when there is any.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from make_registry import TODAY, anniversary, luhn_ok
from ruamel.yaml import YAML

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# The contract's field names (issue 3), to catch a typo in the generator of the data.
# fmt: off
FIELDS = {
    "companies": {"name", "aliases", "former_ids", "siren", "website", "sector", "checked",
                  "sources", "disputes", "notes", "certifications"},
    "standards": {"name", "aliases", "kind", "owner", "introduced", "validity_years", "terms",
                  "certifiers", "summary", "requirements", "comparison", "supersedes",
                  "superseded_by", "withdrawn", "history", "website", "sources", "disputes", "notes"},
    "certifiers": {"name", "siren", "website", "accreditation", "lookup_url", "sources", "notes"},
}
REQUIRED = {
    "companies": {"name", "checked", "sources", "certifications"},
    "standards": {"name", "kind", "sources"},
    "certifiers": {"name", "sources"},
}
CERTIFICATION_FIELDS = {"standard", "id", "certifier", "issued", "reported", "expires", "number", "scope",
                        "category", "status", "status_date", "suspensions", "sources", "disputes", "notes"}
SUSPENSION_FIELDS = {"from", "to", "sources"}
SOURCE_FIELDS = {"title", "url", "publisher", "date", "retrieved", "archive"}
# fmt: on


def period(text: object) -> tuple[date, date]:
    """First and last day a YYYY, YYYY-MM or YYYY-MM-DD string can mean; ValueError otherwise."""
    match = DATE_PATTERN.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"not a quoted ISO date: {text!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if day is not None:
        exact = date(year, month or 1, day)
        return exact, exact
    if month is not None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def load_all(directory: Path) -> dict[str, dict[str, Any]]:
    """{folder: {id: data}}, parsed by PyYAML; ruamel must agree on every file."""
    ruamel = YAML(typ="safe", pure=True)
    records: dict[str, dict[str, Any]] = {folder: {} for folder in FIELDS}
    for folder in FIELDS:
        for path in sorted((directory / folder).iterdir()):
            text = path.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            if ruamel.load(text) != data:
                raise ValueError(f"{path}: PyYAML and ruamel.yaml read different data")
            records[folder][path.stem] = data
    return records


def check_sources(where: str, sources: object) -> Iterator[str]:
    if not isinstance(sources, list) or not sources:
        yield f"{where}: sources must be a non-empty list"
        return
    for source in sources:
        if isinstance(source, str):
            source = {"title": "(url)", "url": source}
        if not isinstance(source, dict) or "title" not in source or set(source) - SOURCE_FIELDS:
            yield f"{where}: bad source {source!r}"
            continue
        for key in ("url", "archive"):
            if key in source and not str(source[key]).startswith("https://"):
                yield f"{where}: source {key} not https: {source[key]!r}"
        for key in ("date", "retrieved"):
            if key in source:
                yield from check_past(where, key, source[key])


def check_past(where: str, key: str, value: object) -> Iterator[str]:
    try:
        _, last = period(value)
    except ValueError as error:
        yield f"{where}: {key}: {error}"
        return
    if last > TODAY:
        yield f"{where}: {key} {value} is after {TODAY}"


def check_certificate(
    where: str,
    certificate: dict[str, Any],
    standards: dict[str, Any],
    certifiers: dict[str, Any],
    numbers: dict[tuple[str, str], str],
) -> Iterator[str]:
    if set(certificate) - CERTIFICATION_FIELDS:
        yield f"{where}: unknown fields {set(certificate) - CERTIFICATION_FIELDS}"
    standard = standards.get(str(certificate.get("standard")))
    if standard is None:
        yield f"{where}: unknown standard {certificate.get('standard')!r}"
        return
    certifier = certificate.get("certifier")
    if certifier is not None and (certifier not in certifiers or certifier not in standard["certifiers"]):
        yield f"{where}: certifier {certifier!r} unknown or not listed by {certificate['standard']}"
    if "issued" not in certificate and "reported" not in certificate:
        yield f"{where}: neither issued nor reported"
    for key in ("issued", "reported", "status_date"):
        if key in certificate:
            yield from check_past(where, key, certificate[key])
    introduced, _ = period(standard["introduced"])
    if "issued" in certificate:
        first, last = period(certificate["issued"])
        if first <= introduced:
            yield f"{where}: issued {certificate['issued']} not after the standard's introduction"
        if "expires" in certificate:
            expires, _ = period(certificate["expires"])
            limit = anniversary(max(first, introduced), standard["validity_years"]) - timedelta(days=1)
            if not last < expires <= limit:
                yield f"{where}: expires {certificate['expires']} outside ({last}, {limit}]"
    elif "expires" in certificate:
        yield f"{where}: expires without issued"
    status = certificate.get("status", "active")
    if status not in {"active", "withdrawn"} or (status != "active") != ("status_date" in certificate):
        yield f"{where}: status {status!r} and status_date do not match"
    for suspension in certificate.get("suspensions", []):
        if not isinstance(suspension, dict) or set(suspension) - SUSPENSION_FIELDS or "from" not in suspension:
            yield f"{where}: suspension {suspension!r} does not fit the contract"
            continue
        yield from check_past(where, "suspensions.from", suspension["from"])
        yield from check_sources(where, suspension.get("sources"))
    if "number" in certificate:
        number = (str(certifier), str(certificate["number"]))
        if not isinstance(certificate["number"], str) or certifier is None:
            yield f"{where}: number must be a string, with a certifier"
        elif number in numbers:
            yield f"{where}: number {certificate['number']} already used in {numbers[number]}"
        else:
            numbers[number] = where
    yield from check_sources(where, certificate.get("sources"))


def check(directory: Path) -> list[str]:
    try:
        records = load_all(directory)
    except (OSError, ValueError, yaml.YAMLError) as error:
        return [str(error)]
    problems: list[str] = []
    standards, certifiers, companies = records["standards"], records["certifiers"], records["companies"]
    all_ids = set(standards) | set(certifiers) | set(companies)
    for folder, by_id in records.items():
        for record_id, data in by_id.items():
            where = f"{folder}/{record_id}.yml"
            if not ID_PATTERN.match(record_id):
                problems.append(f"{where}: bad id")
            if not isinstance(data, dict):
                problems.append(f"{where}: not a mapping")
                continue
            if set(data) - FIELDS[folder] or REQUIRED[folder] - set(data):
                problems.append(f"{where}: fields {sorted(data)} do not fit the contract")
            siren = data.get("siren")
            if siren is not None and not (isinstance(siren, str) and re.fullmatch(r"\d{9}", siren) and luhn_ok(siren)):
                problems.append(f"{where}: bad SIREN {siren!r}")
            problems.extend(check_sources(where, data.get("sources")))
    for standard_id, standard in standards.items():
        where = f"standards/{standard_id}.yml"
        if standard.get("kind") not in {"norme", "certification", "label", "prix"}:
            problems.append(f"{where}: bad kind")
        linked = standard.get("certifiers", []) + standard.get("supersedes", []) + standard.get("superseded_by", [])
        problems.extend(f"{where}: unknown id {other!r}" for other in linked if other not in all_ids)
    numbers: dict[tuple[str, str], str] = {}
    names: set[str] = set()
    for company_id, company in companies.items():
        where = f"companies/{company_id}.yml"
        if company["name"] in names:
            problems.append(f"{where}: name {company['name']!r} used twice")
        names.add(company["name"])
        problems.extend(check_past(where, "checked", company["checked"]))
        for former in company.get("former_ids", []):
            if not ID_PATTERN.match(former) or former in all_ids:
                problems.append(f"{where}: former id {former!r} is invalid or another record's id")
        for dispute in company.get("disputes", []):
            if len(dispute.get("claims", [])) < 2:
                problems.append(f"{where}: dispute with fewer than two claims")
        certificates = company["certifications"]
        if not 2 <= len(certificates) <= 4:
            problems.append(f"{where}: {len(certificates)} certificates, expected 2 to 4")
        for position, certificate in enumerate(certificates, 1):
            problems.extend(
                check_certificate(f"{where} certificate {position}", certificate, standards, certifiers, numbers)
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    problems = check(args.directory)
    for problem in problems:
        print(problem)
    files = sum(1 for _ in args.directory.glob("*/*.yml"))
    print(f"{files} files, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
