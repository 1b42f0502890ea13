"""/api/v1/certificates.csv, its Table Schema (schema.data.gouv.fr conventions) and the data package."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.export.paths import CERTIFICATES_CSV, CERTIFICATES_SCHEMA, LICENCE, SITE_NAME, page_url
from generator.model import ID_REGEX, SourceRef
from generator.registry import Registry
from generator.site import SiteInfo


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
_DATE_AS_WRITTEN = "AAAA-MM-JJ, ou AAAA-MM / AAAA quand les sources ne sont pas plus précises"

COLUMNS: tuple[Column, ...] = (
    Column("company_id", "Identifiant de l'entreprise",
           "Identifiant de la fiche de l'entreprise dans le registre (adresse de sa page).",
           "string", "entreprise-exemple", required=True, extra=(("constraints", {"pattern": ID_REGEX[1:-1]}),)),
    Column("company_name", "Nom de l'entreprise", "Nom de l'entreprise.", "string", "Entreprise Exemple",
           required=True),
    Column("siren", "SIREN", "Numéro SIREN de l'entreprise (9 chiffres, texte), quand une source le donne.",
           "string", "012345674", extra=(("constraints", {"pattern": "[0-9]{9}"}),)),
    Column("certificate_index", "Rang du certificat",
           "Position du certificat dans la fiche de l'entreprise, à partir de 0 (même ordre que registry.json).",
           "integer", "0", required=True, extra=(("constraints", {"minimum": 0}),)),
    Column("standard_id", "Identifiant du référentiel", "Identifiant de la fiche du référentiel.", "string",
           "relation-client-france", required=True, extra=(("constraints", {"pattern": ID_REGEX[1:-1]}),)),
    Column("standard_name", "Référentiel", "Nom du référentiel (norme, certification, label ou prix).", "string",
           "Relation Client France", required=True),
    Column("certifier_id", "Identifiant du certificateur",
           "Identifiant de l'organisme certificateur ; vide quand aucune source ne le nomme.", "string",
           "afnor-certification", extra=(("constraints", {"pattern": ID_REGEX[1:-1]}),)),
    Column("certifier_name", "Organisme certificateur",
           "Nom de l'organisme certificateur ; vide quand aucune source ne le nomme.", "string",
           "AFNOR Certification"),
    Column("number", "Numéro du certificat", "Numéro du certificat, quand une source le donne.", "string", "12345"),
    Column("scope", "Périmètre", "Périmètre certifié (sites, activités), quand une source le précise.", "string",
           "Centres de relation client de Lyon"),
    Column("issued", "Date d'attribution", f"Date d'attribution telle qu'écrite : {_DATE_AS_WRITTEN}.",
           "string", "2021-12", extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("reported", "Date de signalement",
           "Date d'une source qui signale le certificat comme détenu, quand aucune ne donne la date "
           f"d'attribution : {_DATE_AS_WRITTEN}.", "string", "2015",
           extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("declared_expires", "Fin de validité déclarée",
           f"Date de fin de validité donnée par une source, telle qu'écrite : {_DATE_AS_WRITTEN}.", "string",
           "2025-11-30", extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("expires", "Dernier jour de validité",
           "Dernier jour de validité calculé (compris), vide quand il est inconnu (date d'attribution ou durée "
           "de validité inconnue).", "date", "2025-11-30", extra=(("format", "default"),)),
    Column("declared_status", "Statut déclaré",
           "Statut déclaré dans la fiche : active, suspended (suspendu) ou withdrawn (retiré).", "string",
           "active", required=True, extra=(("constraints", {"enum": ["active", "suspended", "withdrawn"]}),)),
    Column("status_date", "Date de suspension ou de retrait",
           f"Date de la suspension ou du retrait, telle qu'écrite : {_DATE_AS_WRITTEN}.", "string", "2024-05",
           extra=(("constraints", {"pattern": _CSV_PARTIAL_DATE}),)),
    Column("status", "Statut calculé",
           "Statut au jour computed_on : valid (valide), expiring (expire dans 90 jours ou moins), expired "
           "(expiré), suspended (suspendu), withdrawn (retiré) ou unknown (dernier jour de validité inconnu).",
           "string", "valid", required=True,
           extra=(("constraints", {"enum": ["valid", "expiring", "expired", "suspended", "withdrawn",
                                            "unknown"]}),)),
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
                       "donnent, dernier jour de validité et statut calculés.",
        "countryCode": "FR",
        "homepage": site.url("donnees/"),
        "path": site.url(CERTIFICATES_SCHEMA),
        "resources": [{"title": "Fichier complet", "path": site.url(CERTIFICATES_CSV)}],
        "sources": [{"title": SITE_NAME, "path": site.url("")}],
        "version": "1.0.0",
        "contributors": [{"title": SITE_NAME, "role": "author"}],
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["company_id", "certificate_index"],
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
                "certificate_index": view.index,
                "standard_id": certificate.standard,
                "standard_name": standard.name if standard else None,
                "certifier_id": certificate.certifier,
                "certifier_name": certifier.name if certifier else None,
                "number": certificate.number,
                "scope": certificate.scope,
                "issued": certificate.issued,
                "reported": certificate.reported,
                "declared_expires": certificate.expires,
                "expires": view.last_day,
                "declared_status": certificate.status,
                "status_date": certificate.status_date,
                "status": view.status,
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
    # With "\n" as line terminator the csv module leaves a lone "\r" unquoted: readers then split the row.
    return str(value).replace("\r\n", "\n").replace("\r", "\n")
