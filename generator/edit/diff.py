"""What a change does to the registry, in Markdown: what a reviewer reads on a pull request.

Both sides are whole registries computed for the same day, so a status that changes because a
certificate was withdrawn, renewed or corrected shows up next to the edit that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.french import plural
from generator.registry import CertificateView, Registry
from generator.wording import short_label

# A certificate is the same on both sides when its id is: a stored id survives a corrected date or scope.
CertificateKey = str
# The fields whose change is a correction of the same certificate.
CORRECTABLE = ("issued", "reported", "expires", "number", "scope", "category", "certifier")


def certificate_key(view: CertificateView) -> CertificateKey:
    return view.id


def _status(view: CertificateView) -> str:
    return short_label(view.segment) + ("" if view.current else ", historique")


@dataclass
class Summary:
    companies_added: list[str] = field(default_factory=list)
    companies_removed: list[str] = field(default_factory=list)
    companies_renamed: list[str] = field(default_factory=list)
    records_added: list[str] = field(default_factory=list)
    records_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    statuses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def _when(view: CertificateView) -> str:
    certificate = view.certificate
    if certificate.issued is not None:
        return f"du {certificate.issued}"
    return f"signalé en {certificate.reported}" if certificate.reported is not None else ""


def _name(registry: Registry, company_id: str) -> str:
    company = registry.companies.get(company_id)
    return f"{company.name} (`{company_id}`)" if company else f"`{company_id}`"


def _certificate(view: CertificateView, registry: Registry, with_company: bool = True,
                 with_status: bool = True) -> str:
    certificate = view.certificate
    standard = registry.standards.get(certificate.standard)
    parts = [standard.name if standard else certificate.standard, _when(view)]
    if certificate.scope:
        parts.append(f"(périmètre : {certificate.scope})")
    if certificate.certifier:
        certifier = registry.certifiers.get(certificate.certifier)
        parts.append(f"par {certifier.name if certifier else certificate.certifier}")
    text = " ".join(p for p in parts if p)
    status = _status(view)
    prefix = f"{_name(registry, view.company_id)} : " if with_company else ""
    return f"{prefix}{text} — {status}" if with_status else f"{prefix}{text}"


def summarize(base: Registry, head: Registry) -> Summary:
    summary = Summary()
    renamed_from = {old: company_id for company_id, company in head.companies.items()
                    for old in company.former_ids if old in base.companies and old not in head.companies}
    for company_id in sorted(set(head.companies) - set(base.companies)):
        views = head.certificates.get(company_id, [])
        previous = next((old for old, new in renamed_from.items() if new == company_id), None)
        if previous is not None:
            summary.companies_renamed.append(f"`{previous}` devient {_name(head, company_id)}")
        else:
            lines = "".join(f"\n  - {_certificate(v, head, with_company=False)}" for v in views)
            summary.companies_added.append(f"{_name(head, company_id)}{lines}")
    for company_id in sorted(set(base.companies) - set(head.companies)):
        if company_id not in renamed_from:
            summary.companies_removed.append(_name(base, company_id))
    for kind, label in (("standards", "référentiel"), ("certifiers", "certificateur")):
        before, after = getattr(base, kind), getattr(head, kind)
        summary.records_added += [f"{label} {after[i].name} (`{i}`)" for i in sorted(set(after) - set(before))]
        summary.records_removed += [f"{label} {before[i].name} (`{i}`)" for i in sorted(set(before) - set(after))]
    for company_id in sorted(head.companies):
        base_id = company_id if company_id in base.companies else next(
            (old for old, new in renamed_from.items() if new == company_id), None)
        if base_id is not None:
            _compare_company(summary, base, head, base_id, company_id)
    return summary


def _compare_company(summary: Summary, base: Registry, head: Registry, base_id: str, company_id: str) -> None:
    before = {certificate_key(v): v for v in base.certificates.get(base_id, [])}
    after = {certificate_key(v): v for v in head.certificates.get(company_id, [])}
    removed = [key for key in before if key not in after]
    for key, view in after.items():
        if key in before:
            _compare_certificate(summary, before[key], view, head)
            continue
        line = (view.standard_id, view.certificate.scope or "")
        same_line = [k for k, v in before.items() if (v.standard_id, v.certificate.scope or "") == line]
        renewed = [k for k in same_line if k in after and not after[k].current and before[k].current]
        corrected = [k for k in same_line if k in removed]
        if renewed:
            summary.renewed.append(f"{_certificate(view, head)} ; remplace le certificat {_when(before[renewed[0]])}")
        elif corrected:
            removed.remove(corrected[0])
            summary.corrected.append(f"{_certificate(view, head)} (était : {_when(before[corrected[0]])})")
        else:
            summary.added.append(_certificate(view, head))
    summary.removed += [_certificate(before[key], base) for key in removed]


def _compare_certificate(summary: Summary, old: CertificateView, new: CertificateView, head: Registry) -> None:
    before, after = old.certificate, new.certificate
    if before.status != after.status:
        action = "retiré" if after.status == "withdrawn" else "rétabli"
        since = f" le {after.status_date}" if after.status_date else ""
        summary.withdrawn.append(f"{_certificate(new, head, with_status=False)} : {action}{since}")
    for index, suspension in enumerate(after.suspensions):
        previous = before.suspensions[index] if index < len(before.suspensions) else None
        if previous is None:
            summary.withdrawn.append(f"{_certificate(new, head, with_status=False)} : suspendu le {suspension.from_}")
        if suspension.to is not None and (previous is None or previous.to is None):
            summary.withdrawn.append(f"{_certificate(new, head, with_status=False)} : rétabli le {suspension.to}")
    changed = [name for name in CORRECTABLE if getattr(before, name) != getattr(after, name)]
    if changed:
        fields = ", ".join(f"{name} : {getattr(before, name) or '—'} → {getattr(after, name) or '—'}"
                           for name in changed)
        summary.corrected.append(f"{_certificate(new, head)} ({fields})")
    if (old.status, old.basis, old.current) != (new.status, new.basis, new.current):
        standard = head.standards.get(new.standard_id)
        summary.statuses.append((
            _name(head, new.company_id), (standard.name if standard else new.standard_id) + " " + _when(new),
            _status(old), _status(new),
        ))


_SECTIONS = (
    ("companies_added", "Entreprises ajoutées"),
    ("companies_removed", "Entreprises supprimées"),
    ("companies_renamed", "Entreprises renommées"),
    ("added", "Certificats ajoutés"),
    ("renewed", "Certificats renouvelés"),
    ("withdrawn", "Certificats retirés, suspendus ou rétablis"),
    ("corrected", "Certificats corrigés"),
    ("removed", "Certificats supprimés"),
    ("records_added", "Référentiels et certificateurs ajoutés"),
    ("records_removed", "Référentiels et certificateurs supprimés"),
)


def to_markdown(summary: Summary, head: Registry, base_label: str, head_label: str) -> str:
    lines = [f"## Registre : changements de {base_label} à {head_label}", "",
             f"Statuts calculés au {head.today.isoformat()}.", ""]
    if head.errors:
        lines += [f"> **{plural(len(head.errors), 'erreur')} de validation** dans {head_label} : "
                  "les fiches en erreur sont absentes de ce résumé "
                  "(voir « python -m generator validate »).", ""]
    if summary.empty():
        lines += ["Aucun changement dans le registre.", ""]
        return "\n".join(lines)
    for name, title in _SECTIONS:
        items = getattr(summary, name)
        if items:
            lines += [f"### {title}", "", *(f"- {item}" for item in items), ""]
    if summary.statuses:
        lines += ["### Statuts modifiés", "", "| Entreprise | Certificat | Avant | Après |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in summary.statuses]
        lines.append("")
    return "\n".join(lines)
