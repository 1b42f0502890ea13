"""JSON Schemas: the record formats and the open data's registry.json, both derived from the model.

The record schemas describe the YAML files maintainers write (an unquoted year is
a number there); the registry schema describes what `export` publishes, where
every date is a string as written and the computed fields sit beside the record's.
Copies of the record schemas are committed in `generator/schemas/` for editors;
`python -m generator.schema` regenerates them and a test checks they are current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import CoreSchema

from generator.model import ID_REGEX, KIND_BY_NAME, CertificateStatus, Record
from generator.site import SiteInfo, read_site_info
from generator.status import Basis

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = tuple(KIND_BY_NAME)
MODELS: dict[str, type[Record]] = {name: kind.model for name, kind in KIND_BY_NAME.items()}

# The site_url of the project's mkdocs.yml, for an installed package that has no mkdocs.yml beside it.
DEFAULT_SITE_URL = "https://registre-relation-client.github.io/registre/"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_FOLDER = Path(__file__).resolve().parent / "schemas"

PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

# Each model class as a definition: its name in "$defs", a French title and description.
DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "Company": ("company", "Entreprise", "Une entreprise et ses certificats, labels et prix."),
    "Certification": (
        "certification", "Certificat", "Un certificat, label ou prix détenu par l'entreprise, avec ses sources.",
    ),
    "Standard": (
        "standard", "Référentiel", "Une norme, une certification, un label ou un prix, et ce qu'il garantit.",
    ),
    "Certifier": ("certifier", "Organisme certificateur", "Un organisme qui délivre des certificats."),
    "SourceRef": (
        "source_ref", "Source détaillée", "Une source décrite : titre obligatoire, adresse, éditeur et dates.",
    ),
    "Dispute": (
        "dispute", "Divergence entre sources",
        "Un point sur lequel les sources ne s'accordent pas : chaque version est donnée avec ses sources.",
    ),
    "Claim": ("claim", "Version des faits", "Ce qu'affirment certaines sources, avec ces sources."),
    "Term": ("term", "Changement de durée", "La durée de validité en vigueur à partir d'une date."),
    "Suspension": ("suspension", "Suspension", "Une suspension du certificat : son début, son rétablissement et "
                   "leurs sources."),
    "HistoryEvent": ("history_event", "Étape", "Une étape de l'histoire du référentiel."),
    "Comparison": (
        "comparison", "Critères du comparatif",
        "Les critères qui comparent les référentiels ; un critère absent n'a été trouvé dans aucune source.",
    ),
    "YesNoFinding": ("yes_no_finding", "Critère oui ou non", "Oui ou non, avec ses sources."),
    "AuditMethodsFinding": ("audit_methods_finding", "Méthodes d'audit", "Les méthodes d'audit, avec leurs sources."),
    "AuditFrequencyFinding": (
        "audit_frequency_finding", "Fréquence des audits", "Le rythme des audits, avec ses sources.",
    ),
    "LocationFinding": (
        "location_finding", "Exigence de localisation", "L'exigence de localisation en France, avec ses sources.",
    ),
    "ObligationFinding": ("obligation_finding", "Obligation", "Obligation de moyens ou de résultat, avec ses sources."),
    "DisputedFinding": (
        "disputed_finding", "Critère discuté",
        "Un critère sur lequel les sources divergent : il renvoie au désaccord de la fiche.",
    ),
}

RECORD_TITLES = {
    "company": ("Fiche d'entreprise", "registry/companies/<id>.yml"),
    "standard": ("Fiche de référentiel", "registry/standards/<id>.yml"),
    "certifier": ("Fiche d'organisme certificateur", "registry/certifiers/<id>.yml"),
}

PAGE_FOLDERS = {name: kind.page_folder for name, kind in KIND_BY_NAME.items()}


class _WithoutFieldTitles(GenerateJsonSchema):
    """Pydantic titles every property after its English name ("Former Ids"); descriptions say it in French."""

    def field_title_should_be_set(self, schema: CoreSchema) -> bool:
        return False


def _model_schema(model: type[Record]) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}", schema_generator=_WithoutFieldTitles)
    return _rename_definitions(raw)


def _definition(class_name: str) -> tuple[str, str, str]:
    if class_name not in DEFINITIONS:
        raise KeyError(f"model class {class_name} has no entry in generator.schema.DEFINITIONS")
    return DEFINITIONS[class_name]


def _rename_definitions(node: Any) -> Any:
    """Definitions named and titled in French terms: '#/$defs/SourceRef' becomes '#/$defs/source_ref'."""
    if isinstance(node, list):
        return [_rename_definitions(item) for item in node]
    if not isinstance(node, dict):
        return node
    renamed: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
            renamed[key] = "#/$defs/" + _definition(value.removeprefix("#/$defs/"))[0]
        elif key == "$defs":
            renamed[key] = {}
            for class_name, definition in value.items():
                name, title, description = _definition(class_name)
                renamed[key][name] = {**_rename_definitions(definition), "title": title, "description": description}
        else:
            renamed[key] = _rename_definitions(value)
    return renamed


def record_schema(kind: str, site: SiteInfo) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a YAML record: kind is 'company', 'standard' or 'certifier'."""
    if kind not in MODELS:
        raise ValueError(f"unknown record kind {kind!r}: expected one of {', '.join(KINDS)}")
    schema = _model_schema(MODELS[kind])
    title, location = RECORD_TITLES[kind]
    schema.update({
        "$schema": DIALECT,
        "$id": site.schema_url(kind),
        "title": f"{title} du Registre de la relation client",
        "description": f"Format d'une fiche {location}, généré depuis le modèle du générateur "
                       "(generator/model/). Dates : AAAA-MM-JJ, ou AAAA-MM / AAAA quand les sources "
                       "ne sont pas plus précises.",
    })
    return schema


def registry_url(site: SiteInfo) -> str:
    return site.url("api/v1/registry.schema.json")


def registry_schema(site: SiteInfo) -> dict[str, Any]:
    """The JSON Schema of /api/v1/registry.json; '#/$defs/company' describes each /api/v1/entreprises/<id>.json."""
    definitions: dict[str, Any] = {}
    for kind in KINDS:
        schema = _model_schema(MODELS[kind])
        definitions.update(schema.pop("$defs", {}))
        name, title, description = _definition(MODELS[kind].__name__)
        definitions[name] = {**schema, "title": title, "description": description}
    definitions = {name: _exported(definition) for name, definition in definitions.items()}
    for name, definition in definitions.items():
        if name != "source_ref":
            # Every field is written, null or [] when the record leaves it out; a detailed source stays as written.
            definition["required"] = list(definition["properties"])
    for kind in KINDS:
        properties = definitions[kind]["properties"]
        properties["id"] = {
            "type": "string", "pattern": ID_REGEX,
            "description": "Identifiant de la fiche : le nom de son fichier et de l'adresse de sa page.",
        }
        properties["url"] = {
            "type": "string", "format": "uri",
            "description": f"Adresse de sa page sur le site (/{PAGE_FOLDERS[kind]}/<id>/).",
        }
        definitions[kind]["required"] = ["id", "url", *definitions[kind]["required"]]
    _certification_export(definitions["certification"])
    definitions["company"]["properties"].update({
        "$schema": {
            "type": "string", "format": "uri",
            "description": "Dans /api/v1/entreprises/<id>.json seulement : l'adresse de ce schéma.",
        },
        "generated_on": {
            "type": "string", "format": "date", "pattern": DAY_PATTERN,
            "description": "Dans /api/v1/entreprises/<id>.json seulement : le jour pour lequel les statuts "
                           "sont calculés.",
        },
    })
    return {
        "$schema": DIALECT,
        "$id": registry_url(site),
        "title": "Registre de la relation client : données ouvertes",
        "description": "Toutes les fiches du registre (entreprises, référentiels, organismes certificateurs) "
                       "avec, pour chaque certificat, son dernier jour de validité et son statut calculés pour "
                       "le jour generated_on. Licence Ouverte 2.0 (Etalab).",
        "type": "object",
        "additionalProperties": False,
        "required": ["generated_on", "companies", "standards", "certifiers"],
        "properties": {
            "$schema": {"type": "string", "format": "uri", "description": "L'adresse de ce schéma."},
            "generated_on": {
                "type": "string", "format": "date", "pattern": DAY_PATTERN,
                "description": "Le jour pour lequel les statuts sont calculés.",
            },
            "companies": {"type": "array", "items": {"$ref": "#/$defs/company"},
                          "description": "Les entreprises, par id."},
            "standards": {"type": "array", "items": {"$ref": "#/$defs/standard"},
                          "description": "Les référentiels, par id."},
            "certifiers": {"type": "array", "items": {"$ref": "#/$defs/certifier"},
                           "description": "Les organismes certificateurs, par id."},
        },
        "$defs": definitions,
    }


def _certification_export(definition: dict[str, Any]) -> None:
    """The record's `status` and `expires` become `declared_*`; the computed ones take their names."""
    properties = definition["properties"]
    declared_status = properties.pop("status")
    declared_status["description"] = (
        "Statut déclaré dans la fiche : active ou withdrawn (retiré)."
    )
    declared_expires = properties.pop("expires")
    declared_expires["description"] = "Date de fin de validité donnée par une source, telle qu'écrite, ou null."
    properties["id"] = {
        "type": "string", "pattern": ID_REGEX,
        "description": "Identifiant stable du certificat dans sa fiche : son champ « id », sinon celui que le "
                       "registre dérive du référentiel, de la date et du périmètre.",
    }
    segment = {
        "type": "object", "additionalProperties": False,
        "required": ["from", "until", "status", "basis", "label", "text"],
        "properties": {
            "from": {"type": "string", "format": "date", "pattern": DAY_PATTERN,
                     "description": "Premier jour du segment (compris)."},
            "until": {"anyOf": [{"type": "string", "format": "date", "pattern": DAY_PATTERN}, {"type": "null"}],
                      "description": "Premier jour après le segment (exclu) ; null pour le dernier, sans fin."},
            "status": {"type": "string", "enum": list(get_args(CertificateStatus)),
                       "description": "Le statut pendant tout le segment."},
            "basis": {"type": "string", "enum": list(get_args(Basis)),
                      "description": "Ce sur quoi repose le statut : source (dates données par les sources), term "
                                     "(dernier jour calculé avec la durée du référentiel), partial-date (date "
                                     "connue au mois ou à l'année seulement : période incertaine), declared "
                                     "(suspension ou retrait inscrit dans la fiche)."},
            "label": {"type": "string", "description": "Le statut en un ou deux mots, en français."},
            "text": {"type": "string", "description": "Le statut en une phrase, en français, avec ses dates."},
        },
    }
    properties.update({
        "declared_status": declared_status,
        "declared_expires": declared_expires,
        "expires": {
            "anyOf": [{"type": "string", "format": "date", "pattern": DAY_PATTERN}, {"type": "null"}],
            "description": "Dernier jour de validité calculé (compris), ou null quand il est inconnu.",
        },
        "status": {
            "type": "string", "enum": list(get_args(CertificateStatus)),
            "description": "Statut du jour generated_on, lu sur timeline : valid (valide), expiring (expire dans "
                           "90 jours ou moins), expired (expiré ou échéance dépassée), suspended (suspendu), "
                           "withdrawn (retiré) ou unknown (inconnu).",
        },
        "status_basis": {
            "type": "string", "enum": list(get_args(Basis)),
            "description": "Ce sur quoi repose le statut du jour generated_on (voir timeline).",
        },
        "timeline": {
            "type": "array", "items": segment,
            "description": "La chronologie du certificat : ses segments datés, dans l'ordre, sans trou, du premier "
                           "jour où il peut exister jusqu'à un dernier segment sans fin. Le statut d'un jour J "
                           "est celui du segment où from <= J < until ; avant le premier, le certificat "
                           "n'existait pas encore.",
        },
        "current": {
            "type": "boolean",
            "description": "false quand un certificat plus récent du même référentiel et du même périmètre "
                           "le remplace (historique).",
        },
    })
    definition["required"] = list(properties)


def _exported(node: Any) -> Any:
    """A record schema as published: dates are strings as written, and no defaults (every key is written)."""
    if isinstance(node, list):
        return [_exported(item) for item in node]
    if not isinstance(node, dict):
        return node
    if _is_record_date(node):
        return {
            "type": "string", "pattern": PARTIAL_DATE_PATTERN,
            "description": node.get("description", "AAAA-MM-JJ, ou AAAA-MM / AAAA, tel qu'écrit dans la fiche"),
        }
    return {key: _exported(value) for key, value in node.items() if key != "default"}


def _is_record_date(node: dict[str, Any]) -> bool:
    """The model's date: a text AAAA[-MM[-JJ]] or, in YAML, a bare year read as a number."""
    alternatives = node.get("anyOf")
    if not isinstance(alternatives, list) or len(alternatives) != 2:
        return False
    kinds = {alternative.get("type"): alternative for alternative in alternatives if isinstance(alternative, dict)}
    return set(kinds) == {"string", "integer"} and kinds["string"].get("pattern") == PARTIAL_DATE_PATTERN


def json_text(data: Any) -> str:
    """JSON as every export writes it: sorted keys, UTF-8 text, two-space indent, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def project_site_info() -> SiteInfo:
    """The project's own SiteInfo: mkdocs.yml at the repository root, else the published site_url."""
    config = PROJECT_ROOT / "mkdocs.yml"
    return read_site_info(config) if config.is_file() else SiteInfo(site_url=DEFAULT_SITE_URL)


def record_schema_texts(site: SiteInfo) -> dict[str, str]:
    """{'company.schema.json': text, ...}: the record schemas as files."""
    return {f"{kind}.schema.json": json_text(record_schema(kind, site)) for kind in KINDS}


def write_committed_schemas(folder: Path = SCHEMAS_FOLDER, site: SiteInfo | None = None) -> list[Path]:
    """Write the record schemas into `folder` (the committed copies by default); return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in record_schema_texts(site or project_site_info()).items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def stale_committed_schemas(folder: Path = SCHEMAS_FOLDER, site: SiteInfo | None = None) -> list[str]:
    """The names of the committed schemas that are missing or differ from the model; [] when current."""
    stale = []
    for name, text in record_schema_texts(site or project_site_info()).items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(name)
    return stale


def main() -> None:
    for path in write_committed_schemas():
        print(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path)


if __name__ == "__main__":
    main()
