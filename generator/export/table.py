"""/api/v1/certificates.csv, its Table Schema (schema.data.gouv.fr conventions) and the data package."""

from __future__ import annotations

import csv
import io
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.export.paths import CERTIFICATES_CSV, CERTIFICATES_SCHEMA, LICENCE, SITE_NAME, page_url
from generator.fields import is_date
from generator.model import ID_REGEX, CertificateStatus, Certification, Company, SourceRef, yaml_fields
from generator.registry import Registry
from generator.site import SiteInfo
from generator.status import Basis


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str
    example: str
    required: bool = False
    extra: tuple[tuple[str, Any], ...] = ()  # further Table Schema properties (format, constraints)


_CSV_PARTIAL_DATE = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
_DATE_AS_WRITTEN = "telle qu'écrite : AAAA-MM-JJ, ou AAAA-MM / AAAA quand les sources ne sont pas plus précises"
_ID_PATTERN = ID_REGEX[1:-1]


def _constraints(info: FieldInfo) -> dict[str, Any]:
    """What the model's type of a field says, as Table Schema constraints."""
    annotation = info.annotation
    literals = [a for a in typing.get_args(annotation) if typing.get_origin(a) is typing.Literal]
    if typing.get_origin(annotation) is typing.Literal:
        literals = [annotation]
    if literals:
        return {"enum": [value for literal in literals for value in typing.get_args(literal)]}
    if is_date(annotation):
        return {"pattern": _CSV_PARTIAL_DATE}
    text = repr(annotation)
    if "_parse_siren" in text:
        return {"pattern": "[0-9]{9}"}
    if "pattern=" in text or any(getattr(m, "pattern", None) == ID_REGEX for m in info.metadata):
        return {"pattern": _ID_PATTERN}
    return {}


def from_model(name: str, model: type[BaseModel], key: str, title: str, example: str, *,
               required: bool = False, description: str | None = None) -> Column:
    """A column holding a record field as written: its description and constraints come from the model."""
    info = yaml_fields(model)[key]
    text = description or (info.description or "").rstrip(".")
    if is_date(info.annotation):
        text += f", {_DATE_AS_WRITTEN}"
    constraints = _constraints(info)
    return Column(name, title, text.rstrip(".") + ".", "string", example, required,
                  (("constraints", constraints),) if constraints else ())


def _enum(values: Any) -> tuple[tuple[str, Any], ...]:
    return (("constraints", {"enum": list(typing.get_args(values))}),)


COLUMNS: tuple[Column, ...] = (
    Column("company_id", "Identifiant de l'entreprise",
           "Identifiant de la fiche de l'entreprise dans le registre (adresse de sa page).",
           "string", "entreprise-exemple", required=True, extra=(("constraints", {"pattern": _ID_PATTERN}),)),
    from_model("company_name", Company, "name", "Nom de l'entreprise", "Entreprise Exemple", required=True),
    from_model("siren", Company, "siren", "SIREN", "012345674"),
    Column("certificate_id", "Identifiant du certificat",
           "Identifiant stable du certificat dans la fiche de l'entreprise : son champ « id », sinon celui que "
           "le registre dérive du référentiel, de la date et du périmètre. Avec company_id, il identifie la "
           "ligne d'une publication à l'autre.",
           "string", "relation-client-france-2021", required=True,
           extra=(("constraints", {"pattern": _ID_PATTERN}),)),
    from_model("standard_id", Certification, "standard", "Identifiant du référentiel", "relation-client-france",
               required=True, description="Identifiant de la fiche du référentiel"),
    Column("standard_name", "Référentiel", "Nom du référentiel (norme, certification, label ou prix).", "string",
           "Relation Client France", required=True),
    from_model("certifier_id", Certification, "certifier", "Identifiant du certificateur", "afnor-certification"),
    Column("certifier_name", "Organisme certificateur",
           "Nom de l'organisme certificateur ; vide quand aucune source ne le nomme.", "string",
           "AFNOR Certification"),
    from_model("number", Certification, "number", "Numéro du certificat", "12345"),
    from_model("scope", Certification, "scope", "Périmètre", "Centres de relation client de Lyon"),
    from_model("category", Certification, "category", "Catégorie", "Plateforme de réservation"),
    from_model("issued", Certification, "issued", "Date d'attribution", "2021-12"),
    from_model("reported", Certification, "reported", "Date de signalement", "2015"),
    from_model("declared_expires", Certification, "expires", "Fin de validité déclarée", "2025-11-30"),
    Column("expires", "Dernier jour de validité",
           "Dernier jour sûrement valide (compris), calculé depuis le premier jour que la date d'attribution peut "
           "désigner ; vide quand il est inconnu (date d'attribution ou durée de validité inconnue).",
           "date", "2025-11-30", extra=(("format", "default"),)),
    from_model("declared_status", Certification, "status", "Statut déclaré", "active", required=True),
    from_model("status_date", Certification, "status_date", "Date du retrait", "2024-05"),
    Column("status", "Statut calculé",
           "Statut au jour computed_on, lu sur la chronologie du certificat (registry.json, « timeline ») : "
           "valid (valide), expiring (expire dans 90 jours ou moins), expired (expiré ou échéance dépassée), "
           "suspended (suspendu), withdrawn (retiré) ou unknown (inconnu).",
           "string", "valid", required=True, extra=_enum(CertificateStatus)),
    Column("status_basis", "Fondement du statut",
           "Ce sur quoi repose le statut : source (dates données par les sources), term (dernier jour calculé "
           "avec la durée du référentiel), partial-date (date connue au mois ou à l'année seulement), declared "
           "(suspension ou retrait inscrit dans la fiche).",
           "string", "term", required=True, extra=_enum(Basis)),
    Column("computed_on", "Jour du calcul", "Jour pour lequel le statut est calculé.", "date", "2026-11-25",
           required=True, extra=(("format", "default"),)),
    Column("current", "Certificat en cours",
           "false quand un certificat plus récent du même référentiel et du même périmètre le remplace "
           "(historique).", "boolean", "true", required=True,
           extra=(("trueValues", ["true"]), ("falseValues", ["false"]))),
    Column("source_urls", "Sources", "Adresses des sources du certificat, séparées par une espace.", "string",
           "https://example.org/communique https://example.org/article"),
    Column("company_url", "Page de l'entreprise", "Adresse de la page de l'entreprise sur le registre.", "string",
           "https://example.org/entreprises/entreprise-exemple/", required=True, extra=(("format", "uri"),)),
)
# The Table Schema's version: 2.0.0 replaced certificate_index (a place in a list) by certificate_id.
TABLE_VERSION = "2.0.0"


def table_schema(site: SiteInfo) -> dict[str, Any]:
    """The Table Schema of certificates.csv, in the schema.data.gouv.fr conventions."""
    fields = []
    for column in COLUMNS:
        field: dict[str, Any] = {
            "name": column.name, "title": column.title, "description": column.description,
            "type": column.type, "example": column.example,
        }
        field.update(dict(column.extra))
        if column.required:
            field["constraints"] = {**field.get("constraints", {}), "required": True}
        fields.append(field)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "registre-relation-client-certificats",
        "title": "Certificats de la relation client",
        "description": "Un certificat, label ou prix de la relation client détenu par une entreprise française, "
                       "par ligne : référentiel, organisme certificateur, dates telles que les sources les "
                       "donnent, dernier jour de validité et statut calculés. " + SPREADSHEET_NOTE,
        "countryCode": "FR",
        "homepage": site.url("donnees/"),
        "path": site.url(CERTIFICATES_SCHEMA),
        "resources": [{"title": "Fichier complet", "path": site.url(CERTIFICATES_CSV)}],
        "sources": [{"title": SITE_NAME, "path": site.url("")}],
        "version": TABLE_VERSION,
        "contributors": [{"title": SITE_NAME, "role": "author"}],
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["company_id", "certificate_id"],
    }


def datapackage(site: SiteInfo) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "registre-relation-client",
        "title": SITE_NAME,
        "description": "Les certifications, labels et prix français de la relation client : qui détient quoi, "
                       "depuis quand, certifié par qui, avec les sources. Le registre n'est pas exhaustif.",
        "homepage": site.url("donnees/"),
        "licenses": [LICENCE],
        "keywords": ["relation client", "certification", "label", "norme"],
        "sources": [{"title": SITE_NAME, "path": site.url("")}],
        "resources": [{
            "name": "certificates",
            "title": "Certificats",
            "description": "Un certificat par ligne.",
            "path": "certificates.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": "certificates.schema.json",
            "licenses": [LICENCE],
        }],
    }


def certificates_csv(registry: Registry, site: SiteInfo) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in COLUMNS])
    for row in certificate_rows(registry, site):
        writer.writerow([_csv_cell(row[column.name]) for column in COLUMNS])
    return buffer.getvalue()


def certificate_rows(registry: Registry, site: SiteInfo) -> Iterator[dict[str, Any]]:
    """One row per certificate: companies by id, certificates in the order of the record."""
    for company_id, company in registry.companies.items():
        for view in registry.certificates.get(company_id, []):
            certificate = view.certificate
            standard = registry.standards.get(certificate.standard)
            certifier = registry.certifiers.get(certificate.certifier) if certificate.certifier else None
            yield {
                "company_id": company_id,
                "company_name": company.name,
                "siren": company.siren,
                "certificate_id": view.id,
                "standard_id": certificate.standard,
                "standard_name": standard.name if standard else None,
                "certifier_id": certificate.certifier,
                "certifier_name": certifier.name if certifier else None,
                "number": certificate.number,
                "scope": certificate.scope,
                "category": certificate.category,
                "issued": certificate.issued,
                "reported": certificate.reported,
                "declared_expires": certificate.expires,
                "expires": view.last_day,
                "declared_status": certificate.status,
                "status_date": certificate.status_date,
                "status": view.status,
                "status_basis": view.basis,
                "computed_on": registry.today,
                "current": view.current,
                "source_urls": " ".join(_source_urls(certificate.sources)),
                "company_url": page_url(site, "company", company_id),
            }


def _source_urls(sources: list[str | SourceRef]) -> Iterator[str]:
    for source in sources:
        url = source if isinstance(source, str) else source.url
        if url:
            yield url


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    # Neutralised first (a leading "\r" is one of the formula starts), then: with "\n" as line terminator the
    # csv module leaves a lone "\r" unquoted, and readers would split the row.
    return spreadsheet_safe(str(value)).replace("\r\n", "\n").replace("\r", "\n")


# A cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS_IN_WORDS = {"\t": "une tabulation", "\r": "un retour chariot"}
_STARTS = [_STARTS_IN_WORDS.get(start, f"« {start} »") for start in FORMULA_STARTS]
# What the Table Schema and /donnees/ say of it, in French.
SPREADSHEET_NOTE = (
    f"Une cellule de texte qui commence par {', '.join(_STARTS[:-1])} ou {_STARTS[-1]} est précédée d'une "
    "apostrophe ('), pour qu'un tableur ne la prenne pas pour une formule ; les exports JSON gardent le texte exact."
)


def spreadsheet_safe(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
