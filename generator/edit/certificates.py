"""Changes to a company's certificates: add, renew, withdraw (or suspend), reinstate.

Each works on the round-trip document of the company (what is written) and reads the validated
model (what it means: which certificate is current). Dates and numbers are written quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.dates import PartialDate
from generator.edit.canonical import field_order
from generator.edit.ids import new_certificate_id
from generator.edit.yamlio import (
    EditError,
    append_item,
    insert_key,
    put_following_lines,
    quoted,
    take_following_lines,
)
from generator.model import Certification, Company, Standard, Suspension
from generator.status import current_flags, line_key, scope_key

COMPANY_ORDER = field_order(Company)
CERTIFICATION_ORDER = field_order(Certification)
SUSPENSION_ORDER = field_order(Suspension)


@dataclass(frozen=True)
class Renewal:
    standard: str
    issued: PartialDate
    source: str
    certifier: str | None = None
    number: str | None = None
    expires: PartialDate | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Addition:
    """A certificate as `add` writes it: its date, and the source that establishes it."""

    standard: str
    when: PartialDate
    source: str
    reported: bool = False  # `when` is the day a source reports it held (`reported`), not its issue (`issued`)
    certifier: str | None = None
    number: str | None = None
    expires: PartialDate | None = None
    scope: str | None = None
    category: str | None = None


class NothingCurrent(EditError):
    """The company has no current certificate of the standard (and scope) named."""


def _describe(certificate: Certification) -> str:
    when = certificate.issued or certificate.reported
    scope = f", périmètre « {certificate.scope} »" if certificate.scope else ""
    return f"{certificate.standard} du {when}{scope}" if when else f"{certificate.standard}{scope}"


def current_of_standard(company_id: str, company: Company, standards: dict[str, Standard], standard: str,
                        scope: str | None, what: str) -> int:
    """The index of the current certificate of `standard` (and `scope`, when given): exactly one."""
    flags = current_flags(company.certifications, standards)
    candidates = [index for index, certificate in enumerate(company.certifications)
                  if flags[index] and certificate.standard == standard]
    if scope is not None:
        candidates = [index for index in candidates
                      if scope_key(company.certifications[index].scope) == scope_key(scope)]
    if not candidates:
        scoped = f" de périmètre « {scope} »" if scope is not None else ""
        held = sorted({c.standard for index, c in enumerate(company.certifications) if flags[index]})
        others = f" (ses certificats en cours : {', '.join(held)})" if held and standard not in held else ""
        raise NothingCurrent(f"« {company_id} » n'a aucun certificat « {standard} »{scoped} en cours à {what}"
                             f"{others}")
    if len(candidates) > 1:
        scopes = ", ".join(f"« {company.certifications[i].scope or ''} »" for i in candidates)
        raise EditError(f"« {company_id} » a plusieurs certificats « {standard} » en cours, de périmètres "
                        f"différents ({scopes}) : précisez lequel avec --scope")
    return candidates[0]


def _certifications(document: CommentedMap) -> CommentedSeq:
    certifications = document.get("certifications")
    if not isinstance(certifications, CommentedSeq):
        raise EditError("la fiche n'a pas de liste « certifications »")
    return certifications


def _add_source(entry: CommentedMap, source: str) -> None:
    sources = entry.get("sources")
    if not isinstance(sources, CommentedSeq):
        sources = CommentedSeq()
        insert_key(entry, "sources", sources, CERTIFICATION_ORDER)
    if source not in sources:
        append_item(sources, source)


def mark_checked(document: CommentedMap, today: date) -> None:
    added = "checked" not in document
    insert_key(document, "checked", quoted(today.isoformat()), COMPANY_ORDER)
    if added:
        _under_its_template(document, "checked")


def _under_its_template(document: CommentedMap, key: str) -> None:
    """Move a key just added under the commented lines that describe it in a record `new` made, if any."""
    keys = list(document.keys())
    position = keys.index(key)
    lines = take_following_lines(document, key)
    template = re.search(rf"(?m)^# {re.escape(key)}:.*\n", lines)
    if template is None or position == 0:
        put_following_lines(document, key, lines)
        return
    put_following_lines(document, keys[position - 1], lines[:template.end()])
    put_following_lines(document, key, lines[template.end():])


def renew(document: CommentedMap, company_id: str, company: Company, standards: dict[str, Standard],
          renewal: Renewal, today: date) -> str:
    """Add the new certificate after the existing ones; the one it renews stays as history."""
    # The certificate renewed: the current one of that scope, or the only current one of the standard.
    try:
        try:
            index = current_of_standard(company_id, company, standards, renewal.standard, renewal.scope,
                                        "renouveler")
        except NothingCurrent:
            if renewal.scope is None:
                raise
            index = current_of_standard(company_id, company, standards, renewal.standard, None, "renouveler")
    except NothingCurrent as error:
        raise NothingCurrent(f"{error} : un certificat qui n'en renouvelle aucun s'ajoute avec « python -m "
                             f"generator add {company_id} --standard {renewal.standard} … »") from None
    previous = company.certifications[index]
    addition = Addition(
        standard=renewal.standard, when=renewal.issued, source=renewal.source,
        certifier=renewal.certifier or previous.certifier, number=renewal.number, expires=renewal.expires,
        scope=renewal.scope if renewal.scope is not None else previous.scope,
        category=previous.category,  # a prize's category is part of what a renewal continues
    )
    _append_certificate(document, addition, company.certifications)
    mark_checked(document, today)
    return f"certificat {renewal.standard} du {renewal.issued} ajouté ; il renouvelle celui de {_describe(previous)}"


def add(document: CommentedMap, existing: Sequence[Certification], addition: Addition, today: date) -> str:
    """Add a certificate after `existing` (the company's certificates, none for a record just created).

    Any certificate may be added, a first one or one older than those already written (an earlier edition
    of a prize): only the same certificate twice is refused.
    """
    wanted = (addition.standard, scope_key(addition.scope), addition.category or "", str(addition.when))
    for certificate in existing:
        when = certificate.issued if certificate.issued is not None else certificate.reported
        if (*line_key(certificate), str(when)) == wanted:
            raise EditError(f"la fiche a déjà ce certificat : {_describe(certificate)}"
                            + (f", catégorie « {certificate.category} »" if certificate.category else ""))
    _append_certificate(document, addition, existing)
    mark_checked(document, today)
    basis = " (date de signalement)" if addition.reported else ""
    return f"certificat {addition.standard} du {addition.when}{basis} ajouté"


def _append_certificate(document: CommentedMap, addition: Addition, existing: Sequence[Certification]) -> None:
    """Write `addition` as the last certificate, its fields in canonical order, its dates and number quoted."""
    entry = CommentedMap()
    values = {
        "standard": addition.standard,
        "id": new_certificate_id(addition.standard, addition.when, addition.scope, existing),
        "certifier": addition.certifier,
        "reported" if addition.reported else "issued": quoted(str(addition.when)),
        "expires": quoted(str(addition.expires)) if addition.expires is not None else None,
        "number": quoted(addition.number) if addition.number is not None else None,
        "scope": addition.scope,
        "category": addition.category,
    }
    for key in CERTIFICATION_ORDER:
        if values.get(key) is not None:
            entry[key] = values[key]
    sources = CommentedSeq()
    sources.append(addition.source)
    insert_key(entry, "sources", sources, CERTIFICATION_ORDER)
    certifications = document.get("certifications")
    if isinstance(certifications, CommentedSeq) and len(certifications):
        append_item(certifications, entry)
    elif certifications is None or isinstance(certifications, CommentedSeq):
        # The first certificate. Absent, `certifications` is the last field of a company: it goes at the
        # end, under the commented lines of the template that introduce it. Empty (`[]`), it is written out.
        document["certifications"] = CommentedSeq([entry])
    else:
        raise EditError("« certifications » n'est pas une liste")


def withdraw(document: CommentedMap, company_id: str, company: Company, standards: dict[str, Standard],
             standard: str, day: PartialDate, source: str, suspend: bool, scope: str | None) -> str:
    """Withdraw the current certificate of `standard` from `day`, or open a suspension there."""
    index = current_of_standard(company_id, company, standards, standard, scope,
                                "suspendre" if suspend else "retirer")
    certificate = company.certifications[index]
    entry = _certifications(document)[index]
    if certificate.status == "withdrawn":
        raise EditError(f"le certificat {_describe(certificate)} est déjà retiré (depuis le "
                        f"{certificate.status_date})")
    if suspend:
        open_suspension = next((s for s in certificate.suspensions if s.to is None), None)
        if open_suspension is not None:
            raise EditError(f"le certificat {_describe(certificate)} est déjà suspendu (depuis le "
                            f"{open_suspension.from_})")
        suspension = CommentedMap()
        suspension["from"] = quoted(str(day))
        sources = CommentedSeq()
        sources.append(source)
        suspension["sources"] = sources
        _append_to(entry, "suspensions", suspension)
        return f"certificat {_describe(certificate)} suspendu à partir du {day}"
    insert_key(entry, "status", "withdrawn", CERTIFICATION_ORDER)
    insert_key(entry, "status_date", quoted(str(day)), CERTIFICATION_ORDER)
    _add_source(entry, source)
    return f"certificat {_describe(certificate)} retiré à partir du {day}"


def reinstate(document: CommentedMap, company_id: str, company: Company, standards: dict[str, Standard],
              standard: str, day: PartialDate, source: str, scope: str | None) -> str:
    """End the open suspension of the current certificate of `standard`: its `to` becomes `day`."""
    index = current_of_standard(company_id, company, standards, standard, scope, "rétablir")
    certificate = company.certifications[index]
    open_index = next((i for i, s in enumerate(certificate.suspensions) if s.to is None), None)
    if open_index is None:
        raise EditError(f"le certificat {_describe(certificate)} n'est pas suspendu : rien à rétablir")
    started = certificate.suspensions[open_index].from_
    if day.last_day <= started.first_day:
        raise EditError(f"la date de rétablissement ({day}) doit suivre le début de la suspension ({started})")
    suspension = _certifications(document)[index]["suspensions"][open_index]
    insert_key(suspension, "to", quoted(str(day)), SUSPENSION_ORDER)
    suspension_sources = suspension.get("sources")
    if isinstance(suspension_sources, CommentedSeq) and source not in suspension_sources:
        append_item(suspension_sources, source)
    return f"certificat {_describe(certificate)} rétabli le {day} (suspendu depuis le {started})"


def _append_to(entry: CommentedMap, key: str, item: CommentedMap) -> None:
    items = entry.get(key)
    if not isinstance(items, CommentedSeq):
        items = CommentedSeq()
        insert_key(entry, key, items, CERTIFICATION_ORDER)
    append_item(items, item)
