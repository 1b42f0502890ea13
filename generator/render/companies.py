"""The companies: their index with filters, one page each, and the redirects of former ids."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from html import escape
from typing import Any

from markupsafe import Markup

from generator.export.paths import BADGE, COMPANY_CALENDAR, COMPANY_FEED
from generator.french import end_of, format_day
from generator.model import Company
from generator.registry import CertificateView
from generator.render.base import Holdings, Page, RenderedFile, Renderer
from generator.render.charts import Bar, certificates_chart
from generator.render.citations import Citations, dispute_views
from generator.render.text import code_text, compact_lines, fold, json_for_script, page_root, safe_url
from generator.render.verdict import verdict
from generator.render.wording import encode_timeline, stale
from generator.wording import computation, start_words


def companies_index(r: Renderer, holdings: Holdings) -> Page:
    rows = []
    sectors: set[str] = set()
    used_certifiers: set[str] = set()
    for company_id, company in r.registry.companies.items():
        # Each line's current certificate, its badge reading the line's timeline: on another day it shows
        # the certificate of that day (an earlier one before a renewal), hidden before the first.
        lines = r.lines
        held = [(h, replace(h.status, timeline=encode_timeline(lines.timeline(h.view)))
                 if lines.renewed(h.view) else h.status) for h in holdings.by_company[company_id] if h.view.current]
        numbers = [h.view.certificate.number for h in holdings.by_company[company_id] if h.view.certificate.number]
        used_certifiers.update(h.view.certifier_id for h, _ in held if h.view.certifier_id)
        if company.sector:
            sectors.add(company.sector)
        rows.append({
            "id": company_id,
            "company": company,
            "held": held,
            "search": fold(" ".join([company.name, *company.aliases, company.siren or "", *numbers])),
        })
    standards = [(sid, s.name) for sid, s in r.registry.standards.items()]
    certifiers = [(cid, c.name) for cid, c in r.registry.certifiers.items() if cid in used_certifiers]
    return r.page(
        "entreprises/index.md", "companies.html", "Entreprises", rows=rows,
        standards=sorted(standards, key=lambda p: (fold(p[1]), p[0])),
        certifiers=sorted(certifiers, key=lambda p: (fold(p[1]), p[0])),
        sectors=sorted(sectors, key=lambda s: (fold(s), s)),
    )


def company_page(r: Renderer, company_id: str) -> Page:
    company = r.registry.companies[company_id]
    citations = Citations()
    company_cites = citations.cite(company.sources)
    certificates: list[dict[str, Any]] = []
    views = sorted(r.registry.certificates[company_id],
                   key=lambda v: (not v.current, -v.order_day.toordinal(), v.index))
    for view in views:
        certificate = view.certificate
        certifier = r.registry.certifiers.get(certificate.certifier) if certificate.certifier else None
        certificates.append({
            "view": view,
            "c": certificate,
            "standard_name": r.standard_name(certificate.standard),
            "certifier": certifier,
            "status": r.status_view(view),
            "cites": citations.cite(certificate.sources),
            "disputes": dispute_views(certificate.disputes, citations),
            "end_words": end_words(view),
        })
    disputes = dispute_views(company.disputes, citations)
    path = f"entreprises/{company_id}.md"
    feed, calendar = COMPANY_FEED.format(id=company_id), COMPANY_CALENDAR.format(id=company_id)
    return r.page(
        path, "company.html", company.name, edit_path=r.registry.source_path("companies", company_id),
        alternates=(("application/atom+xml", f"{company.name} : certificats (Atom)", feed),
                    ("text/calendar", f"{company.name} : fins de validité (iCalendar)", calendar)),
        feed=feed, calendar=calendar, embeds=embeds(r, company_id, views),
        company=company, company_id=company_id, company_cites=company_cites,
        current=[c for c in certificates if c["view"].current],
        history=[c for c in certificates if not c["view"].current],
        disputes=disputes, sources=citations.entries, stale=stale(company, r.today),
        jsonld=company_jsonld(r, company_id, company, certificates),
        verdict=verdict(r.registry.certificates[company_id], r.lines,
                        {sid: s.name for sid, s in r.registry.standards.items()}, r.today),
        chart=certificates_chart([bar(r, v) for v in sorted(views, key=lambda v: (v.order_day, v.index))],
                                 r.today, company.name),
    )


def embeds(r: Renderer, company_id: str, views: list[CertificateView]) -> list[dict[str, Any]]:
    """The badges a company can put on its own site, each with the HTML to copy (a certificate's code names
    it and links to it; so does its standard's code, which follows renewals). A standard's badge stands for
    its certificate when that is the standard's only one on the page; every other certificate gets its own."""
    page = r.site.url(f"entreprises/{company_id}/")
    count = Counter(v.standard_id for v in views)
    found = [(f"Référentiel {r.standard_name(sid)}", sid, sid, page)
             for sid in dict.fromkeys(v.standard_id for v in views if v.current)]
    found += [(f"Certificat {v.id}", v.id, v.standard_id, f"{page}#certificat-{v.id}")
              for v in views if count[v.standard_id] > 1 or not v.current]
    shown = []
    for words, name, standard_id, link in found:
        path = BADGE.format(company=company_id, name=name)
        alt = r.standard_name(standard_id)  # what the badge says first; its status changes every day
        code = f'<a href="{escape(link)}"><img src="{escape(r.site.url(path))}" alt="{escape(alt)}"></a>'
        shown.append({"words": words, "path": path, "code": code_text(code)})
    return shown


def bar(r: Renderer, view: CertificateView) -> Bar:
    """A certificate in the chart: its standard, scope or category, and how it started."""
    c = view.certificate
    detail = c.scope or c.category
    label = r.standard_name(c.standard) + (f" ({detail})" if detail else "") + f", {start_words(c)}"
    return Bar(label, view.id, view.timeline)


def end_words(view: CertificateView) -> str:
    """The last day of validity as the sources give it or as it is computed, with how."""
    facts, certificate = view.facts, view.certificate
    if certificate.expires is not None:
        return f"jusqu'{end_of(certificate.expires)} (date de fin donnée par les sources)"
    if facts.last_earliest is not None and facts.last_latest is not None:
        if facts.last_earliest == facts.last_latest:
            when = f"le {format_day(facts.last_earliest)}"
        else:
            when = f"entre le {format_day(facts.last_earliest)} et le {format_day(facts.last_latest)}"
        return f"{when} (calculé : {computation(certificate, facts)}, durée du référentiel)"
    if facts.last_latest is not None:
        return f"au plus tard le {format_day(facts.last_latest)} (calculé : {computation(certificate, facts)})"
    return "inconnu : aucune source ne donne la fin de validité ni la durée du référentiel"


def company_jsonld(r: Renderer, company_id: str, company: Company, certificates: list[dict[str, Any]]) -> Markup:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "url": r.site.url(f"entreprises/{company_id}/"),
    }
    if company.aliases:
        data["alternateName"] = list(company.aliases)
    if company.siren:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "SIREN", "value": company.siren}
    if company.website and safe_url(company.website):
        data["sameAs"] = company.website
    certifications = []
    for item in certificates:
        view: CertificateView = item["view"]
        entry: dict[str, Any] = {
            "@type": "Certification",
            "name": item["standard_name"],
            "certificationStatus": "https://schema.org/" + (
                "CertificationActive" if view.in_force else "CertificationInactive"),
        }
        if view.start is not None:
            entry["validFrom"] = view.start.isoformat()
        if view.last_day is not None:
            entry["expires"] = view.last_day.isoformat()
        if view.certificate.number:
            entry["certificationIdentification"] = view.certificate.number
        if item["certifier"] is not None:
            # Names only: the standard's and the certifier's pages are linked in the page itself.
            entry["issuedBy"] = {"@type": "Organization", "name": item["certifier"].name}
        if view.status == "unknown":
            del entry["certificationStatus"]  # schema.org has no word for "not known"
        certifications.append(entry)
    data["hasCertification"] = certifications
    return json_for_script(data)


def redirects(r: Renderer) -> dict[str, RenderedFile]:
    files: dict[str, RenderedFile] = {}
    template = r.env.get_template("redirect.html")
    for company_id, company in r.registry.companies.items():
        target = r.site.url(f"entreprises/{company_id}/")
        for old in company.former_ids:
            path = f"entreprises/{old}/index.html"
            if path in files or old in r.registry.companies:
                continue  # the validator refuses both; the first claim wins if it ever runs anyway
            # Relative refresh: the redirect works wherever the site is served; canonical is absolute.
            html = template.render(target=target, relative=f"../{company_id}/", name=company.name,
                                   root=Markup(page_root(path)))
            files[path] = RenderedFile(compact_lines(html) + "\n")
    return files
