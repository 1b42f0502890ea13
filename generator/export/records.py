"""/api/v1/registry.json and /api/v1/entreprises/<id>.json: every record, with what is computed for the day."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel

from generator.dates import PartialDate
from generator.export.paths import page_url
from generator.model import Company, SourceRef
from generator.registry import CertificateView, Registry
from generator.schema import registry_url
from generator.site import SiteInfo
from generator.wording import segment_words, short_label


def data_json(data: Any) -> str:
    """The data files in compact JSON: about a third smaller than indented, and written by the C encoder."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def registry_document(registry: Registry, site: SiteInfo) -> dict[str, Any]:
    """The content of /api/v1/registry.json."""
    return {
        "$schema": registry_url(site),
        "generated_on": registry.today.isoformat(),
        "companies": [company_object(registry, company_id, site) for company_id in registry.companies],
        "standards": [
            {"id": standard_id, "url": page_url(site, "standard", standard_id), **_fields(standard)}
            for standard_id, standard in registry.standards.items()
        ],
        "certifiers": [
            {"id": certifier_id, "url": page_url(site, "certifier", certifier_id), **_fields(certifier)}
            for certifier_id, certifier in registry.certifiers.items()
        ],
    }


def company_object(registry: Registry, company_id: str, site: SiteInfo) -> dict[str, Any]:
    """A company as exported: every field of the record, its certificates with what is computed for the day."""
    company = registry.companies[company_id]
    data = {"id": company_id, "url": page_url(site, "company", company_id), **_fields(company)}
    data["certifications"] = [certification_object(view, company)
                              for view in registry.certificates.get(company_id, [])]
    return data


def certification_object(view: CertificateView, company: Company) -> dict[str, Any]:
    data = _fields(view.certificate)
    data["id"] = view.id
    data["declared_status"] = data.pop("status")
    data["declared_expires"] = data.pop("expires")
    data["expires"] = _iso(view.last_day)
    data["status"] = view.status
    data["status_basis"] = view.basis
    data["current"] = view.current
    data["timeline"] = [
        {**segment.as_json(), "label": short_label(segment),
         "text": segment_words(segment, view.facts, view.certificate, renewal_missing=view.current,
                               checked=company.checked)}
        for segment in view.timeline
    ]
    return data


def _fields(record: BaseModel) -> dict[str, Any]:
    """Every field of a record under its YAML name, null or [] when left out."""
    return {
        field.alias or name: _plain(getattr(record, name))
        for name, field in type(record).model_fields.items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, SourceRef):
        # A detailed source is kept as written: only the keys it has.
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, BaseModel):
        return _fields(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, PartialDate):
        return str(value)
    return value


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
