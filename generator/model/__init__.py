"""The records as pydantic models: the one source of truth for the format.

The JSON Schemas, the maintainers' field reference, the CSV schema and the editing commands' field
lists all derive from these classes. Checks that need several fields or several records (date order,
known ids, term limits) live in `validate`, where positions are at hand. Field types (dates, SIREN,
URLs, text) are in `generator.fields`.

`base` holds what every record shares (sources, disputes, the status vocabularies), `records` the
records maintainers write, `comparison` the standards' comparison criteria, `kinds` the kinds of
records and the fields found by what they hold.
"""

from __future__ import annotations

from generator.fields import ID_REGEX, describe_value
from generator.model.base import (
    CertificateStatus,
    Claim,
    DeclaredStatus,
    Dispute,
    Kind,
    Obligation,
    Record,
    Source,
    SourceRef,
    Sources,
)
from generator.model.comparison import (
    CRITERIA,
    YES_NO_LABELS,
    AuditFrequencyFinding,
    AuditMethodsFinding,
    Comparison,
    Criterion,
    DisputedFinding,
    LocationFinding,
    ObligationFinding,
    YesNoFinding,
)
from generator.model.kinds import (
    KIND_BY_FOLDER,
    KIND_BY_NAME,
    MODELS,
    RECORD_KINDS,
    RESERVED_IDS,
    RecordKind,
    all_models,
    date_fields,
    nested_models,
    url_fields,
    yaml_fields,
)
from generator.model.records import (
    Certification,
    Certifier,
    Company,
    HistoryEvent,
    Standard,
    Suspension,
    Term,
    certificate_ids,
    derived_certificate_ids,
    term_on,
)

__all__ = [
    "CRITERIA", "ID_REGEX", "KIND_BY_FOLDER", "KIND_BY_NAME", "MODELS", "RECORD_KINDS", "RESERVED_IDS",
    "YES_NO_LABELS",
    "AuditFrequencyFinding", "AuditMethodsFinding", "CertificateStatus", "Certification", "Certifier", "Claim",
    "Company", "Comparison", "Criterion", "DeclaredStatus", "Dispute", "DisputedFinding", "HistoryEvent", "Kind",
    "LocationFinding", "Obligation", "ObligationFinding", "Record", "RecordKind", "Source", "SourceRef", "Sources",
    "Standard", "Suspension", "Term", "YesNoFinding", "all_models", "certificate_ids", "date_fields",
    "derived_certificate_ids", "describe_value", "nested_models", "term_on", "url_fields", "yaml_fields",
]
