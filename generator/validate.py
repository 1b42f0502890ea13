"""Every problem in the registry at once, each at its line and column.

First pass: each document against its model (pydantic reports every error with
its `loc`, walked back to a position). Second pass: rules that span fields or
records (dates, known ids, numbers), on the validated models. Bad data never
raises: it becomes diagnostics.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from generator.dates import PartialDate
from generator.diagnostics import Diagnostic, Severity
from generator.load import Document, LoadResult, PathKey
from generator.model import (
    MODELS,
    Certification,
    Certifier,
    Claim,
    Company,
    Dispute,
    HistoryEvent,
    Record,
    SourceRef,
    Standard,
    Term,
    describe_value,
)
from generator.status import latest_allowed_expiry

STALE_AFTER = timedelta(days=365)

# Which model a nested mapping follows, by the key that holds it.
_NESTED_MODELS: dict[str, type[Record]] = {
    "certifications": Certification,
    "sources": SourceRef,
    "disputes": Dispute,
    "claims": Claim,
    "terms": Term,
    "history": HistoryEvent,
}
# Pydantic's tags for the two forms of a source: they are in `loc` but not in the data.
_UNION_TAGS = frozenset(("url", "ref"))


@dataclass
class Valid:
    """The records that passed their model, with the documents they came from."""

    companies: dict[str, tuple[Company, Document]] = field(default_factory=dict)
    standards: dict[str, tuple[Standard, Document]] = field(default_factory=dict)
    certifiers: dict[str, tuple[Certifier, Document]] = field(default_factory=dict)


def validate(loaded: LoadResult, today: date) -> tuple[Valid, list[Diagnostic]]:
    """Check every loaded document; return the valid records and every diagnostic."""
    diagnostics = list(loaded.diagnostics)
    valid = Valid()
    for document in loaded.documents:
        model = MODELS[document.kind]
        try:
            record = model.model_validate(document.data)
        except ValidationError as error:
            diagnostics.extend(_model_diagnostics(document, model, error))
            continue
        getattr(valid, document.kind)[document.id] = (record, document)
    checker = _Checker(valid, loaded.ids, today)
    checker.run()
    return valid, diagnostics + checker.diagnostics


# --- first pass: pydantic errors at their place ---------------------------------------------

def _model_diagnostics(document: Document, model: type[Record],
                       error: ValidationError) -> Iterator[Diagnostic]:
    for item in error.errors(include_url=False):
        path, rest = _split_loc(document.data, item["loc"])
        kind = item["type"]
        value = item.get("input")
        if kind == "missing":
            line, column = document.holder_at(path)
            yield _diag(document, line, column, "missing-field",
                        f"champ obligatoire « {rest[-1] if rest else path[-1]} » manquant")
        elif kind == "extra_forbidden":
            line, column = document.key_at(path)
            name = str(path[-1])
            owner = _owner_model(path[:-1], model)
            known = [f.alias or n for n, f in owner.model_fields.items()]
            hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            suggestion = f" : vouliez-vous dire « {hint[0]} » ?" if hint else \
                f" (champs possibles : {', '.join(known)})"
            yield _diag(document, line, column, "unknown-field", f"champ inconnu « {name} »{suggestion}")
        else:
            line, column = document.value_at(path)
            code, message = _describe_error(kind, item, value)
            yield _diag(document, line, column, code, f"« {_field_name(path)} » : {message}")


def _split_loc(data: Any, loc: tuple[int | str, ...]) -> tuple[PathKey, PathKey]:
    """The part of a pydantic `loc` found in the data, and what is left of it."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        in_mapping = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            path.append(part)
            current = current[part]
        elif part in _UNION_TAGS:
            continue
        else:
            return tuple(path), tuple(p for p in loc[index:] if p not in _UNION_TAGS)
    return tuple(path), ()


def _owner_model(path: PathKey, model: type[Record]) -> type[Record]:
    for part in reversed(path):
        if isinstance(part, str):
            return _NESTED_MODELS.get(part, model)
    return model


def _field_name(path: PathKey) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "fiche"


def _describe_error(kind: str, item: Any, value: Any) -> tuple[str, str]:
    if kind in ("invalid-date", "invalid-siren", "siren-not-quoted", "invalid-url", "wrong-type"):
        return kind, str(item["msg"])
    if kind == "string_type":
        hint = " : mettez la valeur entre guillemets" if isinstance(value, (int, float)) else ""
        return "wrong-type", f"texte attendu, trouvé {describe_value(value)}{hint}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return "wrong-type", f"nombre entier attendu, trouvé {describe_value(value)}"
    if kind == "list_type":
        return "wrong-type", f"liste attendue (une ligne « - » par élément), trouvé {describe_value(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "wrong-type", f"tableau clé: valeur attendu, trouvé {describe_value(value)}"
    if kind == "literal_error":
        expected = str(item.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", " ou ")
        return "invalid-value", f"valeur « {value} » non reconnue : attendu {expected}"
    if kind == "too_short":
        if isinstance(value, list):
            return "empty-list", "au moins un élément est attendu"
        return "empty-value", "la valeur est vide"
    if kind == "string_pattern_mismatch":
        return "invalid-id", (f"id « {value} » invalide : lettres minuscules ASCII, chiffres et "
                              "tirets simples seulement")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "invalid-value", "nombre hors limites (entre 1 et 100)"
    return "wrong-type", str(item["msg"])


def _diag(document: Document, line: int, column: int, code: str, message: str,
          severity: Severity = "error") -> Diagnostic:
    return Diagnostic(document.path, line, column, severity, code, message)


# --- second pass: rules across fields and records --------------------------------------------

class _Checker:
    def __init__(self, valid: Valid, ids: dict[str, set[str]], today: date) -> None:
        self.valid = valid
        self.ids = ids
        self.today = today
        self.diagnostics: list[Diagnostic] = []

    def report(self, document: Document, where: tuple[int, int], code: str, message: str,
               severity: Severity = "error") -> None:
        self.diagnostics.append(_diag(document, where[0], where[1], code, message, severity))

    def run(self) -> None:
        for standard, document in self.valid.standards.values():
            self.check_standard(standard, document)
        for certifier, document in self.valid.certifiers.values():
            self.check_sources(certifier.sources, document, ("sources",))
            self.check_publisher(certifier.sources, document)
        former: dict[str, str] = {}
        numbers: dict[tuple[str, str], tuple[Document, PathKey]] = {}
        for company, document in self.valid.companies.values():
            self.check_company(company, document, former)
        # Duplicate numbers are reported at each later use, in file then line order.
        for company, document in sorted(self.valid.companies.values(), key=lambda r: r[1].path):
            for index, certificate in enumerate(company.certifications):
                if certificate.certifier is None or certificate.number is None:
                    continue
                key = (certificate.certifier, certificate.number)
                path: PathKey = ("certifications", index, "number")
                if key in numbers:
                    first_document, first_path = numbers[key]
                    line = first_document.value_at(first_path)[0]
                    self.report(document, document.value_at(path), "duplicate-number",
                                f"le numéro « {certificate.number} » de {certificate.certifier} est déjà "
                                f"utilisé ({first_document.path}, ligne {line})")
                else:
                    numbers[key] = (document, path)

    def check_standard(self, standard: Standard, document: Document) -> None:
        for name in ("supersedes", "superseded_by", "certifiers"):
            kind = "certifiers" if name == "certifiers" else "standards"
            for index, ref in enumerate(getattr(standard, name) or []):
                self.check_ref(document, (name, index), kind, ref)
        for index, event in enumerate(standard.history):
            self.check_sources(event.sources, document, ("history", index, "sources"))
        for index, term in enumerate(standard.terms):
            self.check_sources(term.sources, document, ("terms", index, "sources"))
        self.check_sources(standard.sources, document, ("sources",))
        self.check_disputes(standard.disputes, document, ("disputes",))
        self.check_publisher(standard.sources, document)

    def check_ref(self, document: Document, path: PathKey, kind: str, ref: str) -> bool:
        if ref in self.ids[kind]:
            return True
        known = sorted(self.ids[kind])
        hint = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
        what = "référentiel" if kind == "standards" else "certificateur"
        suggestion = f" : vouliez-vous dire « {hint[0]} » ?" if hint else \
            f" (aucun fichier {kind}/{ref}.yml)"
        code = "unknown-standard" if kind == "standards" else "unknown-certifier"
        self.report(document, document.value_at(path), code, f"{what} inconnu « {ref} »{suggestion}")
        return False

    def check_company(self, company: Company, document: Document, former: dict[str, str]) -> None:
        self.check_not_future(document, ("checked",), company.checked)
        if company.checked.last_day < self.today - STALE_AFTER:
            self.report(document, document.value_at(("checked",)), "stale-record",
                        f"fiche vérifiée pour la dernière fois le {company.checked} : plus d'un an",
                        "warning")
        for index, old in enumerate(company.former_ids):
            path: PathKey = ("former_ids", index)
            if old in self.ids["companies"]:
                self.report(document, document.value_at(path), "former-id-conflict",
                            f"l'ancien id « {old} » est l'id d'une fiche existante (companies/{old}.yml)")
            elif old in former and former[old] != document.id:
                self.report(document, document.value_at(path), "former-id-conflict",
                            f"l'ancien id « {old} » est déjà revendiqué par companies/{former[old]}.yml")
            else:
                former[old] = document.id
        self.check_sources(company.sources, document, ("sources",))
        self.check_publisher(company.sources, document)
        self.check_disputes(company.disputes, document, ("disputes",))
        for index, certificate in enumerate(company.certifications):
            self.check_certificate(certificate, document, ("certifications", index))

    def check_certificate(self, certificate: Certification, document: Document, path: PathKey) -> None:
        if certificate.issued is None and certificate.reported is None:
            self.report(document, document.holder_at(path), "missing-field",
                        "champ obligatoire « issued » manquant (ou « reported » quand aucune source "
                        "ne donne la date d'attribution)")
        if certificate.status != "active" and certificate.status_date is None:
            self.report(document, document.key_at(path + ("status",)), "missing-status-date",
                        f"statut « {certificate.status} » sans « status_date » : indiquez depuis quand")
        for name in ("issued", "reported", "status_date"):
            self.check_not_future(document, path + (name,), getattr(certificate, name))
        standard_known = self.check_ref(document, path + ("standard",), "standards", certificate.standard)
        standard = self.valid.standards.get(certificate.standard, (None, None))[0]
        if certificate.certifier is not None:
            known = self.check_ref(document, path + ("certifier",), "certifiers", certificate.certifier)
            if known and standard is not None and standard.certifiers is not None \
                    and certificate.certifier not in standard.certifiers:
                listed = ", ".join(standard.certifiers) or "aucun"
                self.report(document, document.value_at(path + ("certifier",)), "certifier-not-listed",
                            f"« {certificate.certifier} » n'est pas un certificateur connu de "
                            f"« {certificate.standard} » (listés : {listed})")
        if certificate.expires is not None and certificate.issued is not None:
            if certificate.expires.last_day <= certificate.issued.first_day:
                self.report(document, document.value_at(path + ("expires",)), "date-order",
                            f"« expires » ({certificate.expires}) tombe avant ou le jour de « issued » "
                            f"({certificate.issued})")
            elif standard_known and standard is not None:
                limit = latest_allowed_expiry(certificate, standard)
                if limit is not None and certificate.expires.first_day > limit:
                    self.report(document, document.value_at(path + ("expires",)), "expires-beyond-term",
                                f"« expires » ({certificate.expires}) dépasse la durée du référentiel : "
                                f"au plus tard le {limit.isoformat()}")
        self.check_sources(certificate.sources, document, path + ("sources",))
        self.check_disputes(certificate.disputes, document, path + ("disputes",))

    def check_not_future(self, document: Document, path: PathKey, day: PartialDate | None) -> None:
        if day is not None and day.first_day > self.today:
            self.report(document, document.value_at(path), "future-date",
                        f"« {_field_name(path)} » ({day}) est postérieur à aujourd'hui "
                        f"({self.today.isoformat()})")

    def check_sources(self, sources: list[Any], document: Document, path: PathKey) -> None:
        for index, source in enumerate(sources):
            if isinstance(source, SourceRef):
                for name in ("date", "retrieved"):
                    self.check_not_future(document, path + (index, name), getattr(source, name))

    def check_publisher(self, sources: list[Any], document: Document) -> None:
        if not any(isinstance(s, SourceRef) and s.publisher for s in sources):
            self.report(document, document.key_at(("sources",)), "source-without-publisher",
                        "aucune source de la fiche ne nomme son éditeur (« publisher ») : "
                        "le lecteur ne peut pas juger de sa fiabilité", "warning")

    def check_disputes(self, disputes: list[Dispute], document: Document, path: PathKey) -> None:
        for index, dispute in enumerate(disputes):
            where = path + (index,)
            if len(dispute.claims) < 2:
                self.report(document, document.key_at(where + ("claims",)), "short-dispute",
                            f"le désaccord « {dispute.topic} » n'a que {len(dispute.claims)} version(s) : "
                            "il en faut au moins deux, chacune avec ses sources")
            for claim_index, claim in enumerate(dispute.claims):
                self.check_sources(claim.sources, document, where + ("claims", claim_index, "sources"))
