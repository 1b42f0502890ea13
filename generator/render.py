"""Records -> the site's generated files: {path inside docs: RenderedFile}; templates beside it.

Pure: the day is `registry.today`, nothing is written, MkDocs is never imported, and the output
is the same for the same registry. Every page is a Markdown file whose body is one raw HTML
block rendered by Jinja2 with autoescape: record text is always a value, never Markdown or a
template, and the block holds no blank line (Python-Markdown may end a raw block there).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from pydantic import BaseModel

from generator.dates import PartialDate
from generator.french import STATUS_SHORT, describe_partial, format_day
from generator.model import (
    Certification,
    Certifier,
    Claim,
    Company,
    Dispute,
    HistoryEvent,
    SourceRef,
    Standard,
    Term,
    term_on,
)
from generator.registry import CertificateView, Registry
from generator.site import SiteInfo
from generator.status import EXPIRING_DAYS
from generator.validate import STALE_AFTER

ASSET_DIR = "assets/registre"  # where the stylesheet and scripts land inside the site
# The files this module's pages need, in load order (status.js first: the others read its results).
ASSETS = ("registre.css", "search.css", "status.js", "table.js", "verifier.js", "search.js")
LATEST_COUNT = 10  # home page: bounded lists, whatever the registry's size
LAPSING_COUNT = 20
# Company, standard and certifier pages are indexed (data-pagefind-body); only company pages carry
# the filter /verifier/ uses: one filter value keeps Pagefind's output byte-identical between runs.
PAGEFIND_COMPANY_FILTER = "type:entreprise"

KIND_WORDS = {"norme": "Norme", "certification": "Certification", "label": "Label", "prix": "Prix"}
OBLIGATION_WORDS = {"moyens": "obligation de moyens", "résultat": "obligation de résultat"}


@dataclass(frozen=True)
class RenderedFile:
    content: str
    edit_path: str | None = None  # the record inside the registry, e.g. "companies/edf.yml"
    # A page's body as finished HTML (the raw block inside `content`): an engine that can take
    # HTML as is need not run Markdown over it, which costs seconds on the largest pages.
    html: str | None = field(default=None, repr=False, compare=False)


def render_site(registry: Registry, site: SiteInfo) -> dict[str, RenderedFile]:
    """Every generated file of the site, by path inside docs, sorted by path."""
    return dict(sorted(_Renderer(registry, site).files().items()))


# --- text that is safe wherever it lands ------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|\r|\n")
# What PyYAML accepts in a scalar; the rest is dropped from front matter titles.
_NOT_PRINTABLE = re.compile("[^\x09\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def html_text(value: Any) -> Markup:
    """Escaped text; braces as entities (no macro or template syntax survives), newlines as <br>."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        raise TypeError("None reached a template: guard it with {% if %}")
    text = str(escape(value))  # a plain str from here: Markup's own methods would escape their arguments
    if "{" in text or "}" in text:
        text = text.replace("{", "&#123;").replace("}", "&#125;")
    if "\n" in text or "\r" in text:
        text = _NEWLINES.sub("<br>", text)
    return Markup(text)


def html_attr(value: Any) -> Markup:
    """Escaped text for an attribute value: newlines become spaces."""
    return html_text(_NEWLINES.sub(" ", str(value)))


def safe_url(value: Any) -> str | None:
    """The URL when it is a complete http(s) address without space or control character, else None."""
    if not isinstance(value, str) or re.search(r"[\s\x00-\x1f\x7f]", value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def json_for_script(data: Any) -> Markup:
    """JSON that cannot close its <script> element nor look like template syntax."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if _has_brace(data):  # rare: only then tell the JSON's own braces from those inside strings
        return Markup(_JSON_STRING.sub(_escape_json_string, text))
    # Outside strings JSON holds none of these characters: plain replacements are enough.
    for char, code in _JSON_REPLACEMENTS:
        if char in text:
            text = text.replace(char, code)
    return Markup(text)


def _has_brace(data: Any) -> bool:
    if isinstance(data, str):
        return "{" in data or "}" in data
    if isinstance(data, dict):
        return any(_has_brace(k) or _has_brace(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_brace(v) for v in data)
    return False


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b",
                               "}": "\\u007d", "\u2028": "\\u2028", "\u2029": "\\u2029"})


_JSON_REPLACEMENTS = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                      ("\u2029", "\\u2029"))


def _escape_json_string(match: re.Match[str]) -> str:
    return match.group(0).translate(_JSON_ESCAPES)


def front_matter_title(value: str) -> str:
    """A YAML double-quoted title holding HTML-escaped text.

    MkDocs' theme environment has no autoescape and Material prints `page.meta.title` as is
    (in <title> and the header), so the title must already be HTML.
    """
    text = _NOT_PRINTABLE.sub("", " ".join(value.split()))
    return json.dumps(str(html_attr(text)), ensure_ascii=False)


_COMBINING = re.compile("[\u0300-\u036f]")  # what the browser removes too (table.js)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics, as the browser's filter folds a query."""
    return " ".join(_COMBINING.sub("", unicodedata.normalize("NFD", text)).lower().split())


def page_root(path: str) -> str:
    """The relative path from a page's URL to the site root ('entreprises/edf.md' -> '../../')."""
    parts = path.split("/")
    depth = len(parts) - 1 if parts[-1] in ("index.md", "index.html") else len(parts)
    return "../" * depth


def on_day(day: PartialDate) -> str:
    """'le 3 mars 2008', 'en mars 2008', 'en 2008'."""
    return describe_partial(day)


def since(day: PartialDate) -> str:
    """'le 3 mars 2008', 'mars 2008', '2008': what follows 'depuis'."""
    text = describe_partial(day)
    return text if day.precision == "day" else text.removeprefix("en ")


def stale(company: Company, today: date) -> bool:
    return company.checked.last_day < today - STALE_AFTER


# --- statuses in words ------------------------------------------------------------------------


def known_facts(view: CertificateView, standard: Standard | None) -> str:
    """What is known of a certificate whose last valid day is not."""
    certificate = view.certificate
    if certificate.issued is not None:
        return f"attribué {on_day(certificate.issued)}, durée non connue"
    if certificate.reported is not None:
        return f"signalé {on_day(certificate.reported)}, date d'attribution non connue"
    return "aucune date connue"


def status_words(view: CertificateView, standard: Standard | None) -> str:
    """The contract's wording of a certificate's status on the registry's day."""
    certificate, last = view.certificate, view.last_day
    if view.status == "valid" and last is not None:
        return f"valide jusqu'au {format_day(last)}"
    if view.status == "expiring" and last is not None:
        return f"expire bientôt (le {format_day(last)})"
    if view.status == "expired" and last is not None:
        return f"expiré depuis le {format_day(last + timedelta(days=1))}"
    if view.status in ("suspended", "withdrawn") and certificate.status_date is not None:
        word = "suspendu" if view.status == "suspended" else "retiré"
        return f"{word} depuis {since(certificate.status_date)}"
    return f"statut inconnu : {known_facts(view, standard)}"


@dataclass(frozen=True)
class StatusView:
    status: str
    words: str
    short: str
    computed_on: str  # ISO day the words were computed for
    computed_on_words: str
    last_day: str  # ISO, or "" when unknown
    status_date: str  # as written (partial), or ""
    declared: str
    current: bool
    unknown_text: str  # what is known, kept by the browser while the status stays unknown
    checked: str  # the company's `checked` as words, for "no renewal found"

    @property
    def renewal_missing(self) -> bool:
        return self.status == "expired" and self.current

    def data_attributes(self) -> str:
        """The dates status.js recomputes from (see the report's data-* contract)."""
        attrs = ""
        if self.last_day:
            attrs += f' data-last-day="{self.last_day}"'
        if self.status_date:
            attrs += f' data-status-date="{escape(self.status_date)}"'
        if self.declared != "active":
            attrs += f' data-declared="{escape(self.declared)}"'
        return attrs

    @property
    def short_html(self) -> Markup:
        """The status in a table or a list: one word, the dates in attributes (the day is on an ancestor)."""
        return Markup(f'<span class="rr-status rr-status--{self.status}" data-rr-status{self.data_attributes()} '
                      f'data-short>{escape(self.short)}</span>')

    @property
    def html(self) -> Markup:
        """The status line of a certificate: words, the day they hold for, and the dates to recompute them."""
        attrs = self.data_attributes()
        if not self.last_day:
            attrs += f' data-known="{html_attr(self.unknown_text)}"'
        if not self.current:
            attrs += " data-history"
        renewal = ""
        if self.current:
            hidden = "" if self.renewal_missing else " hidden"
            renewal = (f'<span class="rr-status__renewal"{hidden}>. Aucun renouvellement n\'a été trouvé dans les '
                       f'sources à la date de vérification de la fiche ({escape(self.checked)}).</span>')
        return Markup(
            f'<p class="rr-status rr-status--{self.status}" data-rr-status data-status="{self.status}" '
            f'data-computed-on="{self.computed_on}"{attrs}><span class="rr-status__text">{html_text(self.words)}'
            f'</span> <span class="rr-status__on">(statut au {escape(self.computed_on_words)})</span>{renewal}</p>'
        )


# --- sources, numbered per page ---------------------------------------------------------------


@dataclass(frozen=True)
class SourceEntry:
    key: str
    title: str
    url: str | None
    publisher: str | None
    date: str | None
    retrieved: str | None
    archive: str | None

    @property
    def richness(self) -> tuple[int, str]:
        fields = (self.url, self.publisher, self.date, self.retrieved, self.archive)
        return sum(f is not None for f in fields), json.dumps(fields)


def source_key(source: str | SourceRef) -> str:
    if isinstance(source, str):
        return source
    return source.url if source.url else "titre:" + source.title


@functools.lru_cache(maxsize=65536)
def source_entry(source: str | SourceRef) -> SourceEntry:
    key = source_key(source)
    if isinstance(source, str):
        return SourceEntry(key, _url_label(source), safe_url(source), None, None, None, None)
    return SourceEntry(
        key, source.title, safe_url(source.url), source.publisher,
        on_day(source.date) if source.date else None,
        on_day(source.retrieved) if source.retrieved else None,
        safe_url(source.archive),
    )


def _url_label(url: str) -> str:
    parts = urlsplit(url)
    label = (parts.hostname or "") + parts.path
    return label.removeprefix("www.").rstrip("/") or url


class Citations:
    """A page's sources numbered in order of first citation, each listed once."""

    def __init__(self) -> None:
        self.entries: list[SourceEntry] = []
        self._numbers: dict[str, int] = {}

    def cite(self, sources: Iterable[str | SourceRef]) -> list[int]:
        numbers = []
        for source in sources:
            entry = source_entry(source)
            if entry.key not in self._numbers:
                self.entries.append(entry)
                self._numbers[entry.key] = len(self.entries)
            elif entry.richness > self.entries[self._numbers[entry.key] - 1].richness:
                self.entries[self._numbers[entry.key] - 1] = entry
            number = self._numbers[entry.key]
            if number not in numbers:
                numbers.append(number)
        return numbers


@dataclass(frozen=True)
class ClaimView:
    claim: str
    cites: list[int]


@dataclass(frozen=True)
class DisputeView:
    topic: str
    claims: list[ClaimView]


def cite_html(numbers: Sequence[int]) -> Markup:
    """Citation marks '[1, 3]', each a link to the page's numbered source."""
    if not numbers:
        return Markup("")
    links = ", ".join(f'<a href="#source-{int(n)}">{int(n)}</a>' for n in numbers)
    return Markup(f'<sup class="rr-cite">[{links}]</sup>')


def dispute_views(disputes: Sequence[Dispute], citations: Citations) -> list[DisputeView]:
    return [DisputeView(d.topic, [ClaimView(c.claim, citations.cite(c.sources)) for c in d.claims])
            for d in disputes]


# --- the renderer -----------------------------------------------------------------------------


@dataclass
class _Holding:
    """A certificate as listed on index pages."""

    view: CertificateView
    company_id: str
    company_name: str
    standard_name: str
    status: StatusView
    sort_key: tuple[str, str, int]  # by company name without accents, then id, then place in the record


@dataclass
class _Renderer:
    registry: Registry
    site: SiteInfo
    env: Environment = field(init=False)
    today: date = field(init=False)
    statuses: dict[tuple[str, int], StatusView] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.today = self.registry.today
        self.env = Environment(
            loader=FileSystemLoader(str(resources.files("generator") / "templates")),
            autoescape=True,
            undefined=StrictUndefined,
            finalize=html_text,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["attr"] = html_attr
        self.env.filters["url"] = safe_url
        self.env.filters["day"] = format_day
        self.env.filters["on_day"] = on_day
        self.env.filters["since"] = since
        self.env.filters["json_script"] = json_for_script
        self.env.filters["label"] = _url_label
        self.env.filters["cite"] = cite_html
        self.env.globals.update(
            kinds=KIND_WORDS, obligations=OBLIGATION_WORDS, short=STATUS_SHORT,
            today=self.today, today_words=format_day(self.today), site=self.site,
        )

    # names and lookups

    def standard_name(self, standard_id: str) -> str:
        standard = self.registry.standards.get(standard_id)
        return standard.name if standard else standard_id

    def certifier_name(self, certifier_id: str) -> str:
        certifier = self.registry.certifiers.get(certifier_id)
        return certifier.name if certifier else certifier_id

    def status_view(self, view: CertificateView) -> StatusView:
        certificate = view.certificate
        standard = self.registry.standards.get(certificate.standard)
        company = self.registry.companies[view.company_id]
        return StatusView(
            status=view.status,
            words=status_words(view, standard),
            short=STATUS_SHORT[view.status],
            computed_on=self.today.isoformat(),
            computed_on_words=format_day(self.today),
            last_day=view.last_day.isoformat() if view.last_day else "",
            status_date=str(certificate.status_date) if certificate.status_date else "",
            declared=certificate.status,
            current=view.current,
            unknown_text=known_facts(view, standard),
            checked=on_day(company.checked),
        )

    def holdings(self) -> list[_Holding]:
        holdings = []
        for company_id, views in self.registry.certificates.items():
            name = self.registry.companies[company_id].name
            key = fold(name)
            for view in views:
                status = self.status_view(view)
                self.statuses[(company_id, view.index)] = status
                holdings.append(_Holding(view, company_id, name, self.standard_name(view.standard_id), status,
                                         (key, company_id, view.index)))
        return holdings

    # output

    def page(self, path: str, template: str, title: str, edit_path: str | None = None,
             **context: Any) -> tuple[str, RenderedFile]:
        body = self.env.get_template(template).render(root=Markup(page_root(path)), **context)
        lines = (line.strip() for line in body.splitlines())
        html = "\n".join(line for line in lines if line)
        content = f"---\ntitle: {front_matter_title(title)}\nhide:\n  - toc\n---\n\n{html}\n"
        return path, RenderedFile(content, edit_path, html)

    def files(self) -> dict[str, RenderedFile]:
        holdings = self.holdings()
        by_standard: dict[str, list[_Holding]] = defaultdict(list)
        by_certifier: dict[str, list[_Holding]] = defaultdict(list)
        by_company: dict[str, list[_Holding]] = defaultdict(list)
        for holding in holdings:
            by_standard[holding.view.standard_id].append(holding)
            by_company[holding.company_id].append(holding)
            if holding.view.certifier_id:
                by_certifier[holding.view.certifier_id].append(holding)
        pages = [
            self.home(holdings),
            self.companies_index(by_company),
            self.standards_index(by_standard),
            self.comparison(by_standard),
            self.certifiers_index(by_certifier),
            self.verifier(),
            self.sources_page(),
            self.coverage(),
            self.open_data(),
        ]
        pages += [self.company_page(company_id) for company_id in self.registry.companies]
        pages += [self.standard_page(standard_id, by_standard[standard_id])
                  for standard_id in self.registry.standards]
        pages += [self.certifier_page(certifier_id, by_certifier[certifier_id])
                  for certifier_id in self.registry.certifiers]
        files = dict(pages)
        files.update(self.redirects())
        files.update(assets())
        return files

    # pages

    def home(self, holdings: list[_Holding]) -> tuple[str, RenderedFile]:
        current = [h for h in holdings if h.view.current]
        latest = sorted(current, key=lambda h: (-h.view.order_day.toordinal(), h.company_id, h.view.index))
        horizon = self.today + timedelta(days=EXPIRING_DAYS)
        lapsing = sorted(
            (h for h in current if h.view.in_force
             and h.view.last_day is not None and h.view.last_day <= horizon),
            key=lambda h: (h.view.last_day, h.company_id, h.view.index),
        )
        figures = {
            "companies": len(self.registry.companies),
            "valid": sum(1 for h in current if h.view.in_force),
            "standards": len(self.registry.standards),
        }
        return self.page("index.md", "home.html", "Registre de la relation client", figures=figures,
                         latest=latest[:LATEST_COUNT], lapsing=lapsing[:LAPSING_COUNT],
                         lapsing_more=max(0, len(lapsing) - LAPSING_COUNT), horizon=horizon)

    def companies_index(self, by_company: dict[str, list[_Holding]]) -> tuple[str, RenderedFile]:
        rows = []
        sectors: set[str] = set()
        used_certifiers: set[str] = set()
        for company_id, company in self.registry.companies.items():
            held = [h for h in by_company[company_id] if h.view.current]
            numbers = [h.view.certificate.number for h in by_company[company_id] if h.view.certificate.number]
            used_certifiers.update(h.view.certifier_id for h in held if h.view.certifier_id)
            if company.sector:
                sectors.add(company.sector)
            rows.append({
                "id": company_id,
                "company": company,
                "held": held,
                "search": fold(" ".join([company.name, *company.aliases, company.siren or "", *numbers])),
            })
        standards = [(sid, s.name) for sid, s in self.registry.standards.items()]
        certifiers = [(cid, c.name) for cid, c in self.registry.certifiers.items() if cid in used_certifiers]
        return self.page(
            "entreprises/index.md", "companies.html", "Entreprises", rows=rows,
            standards=sorted(standards, key=lambda p: (fold(p[1]), p[0])),
            certifiers=sorted(certifiers, key=lambda p: (fold(p[1]), p[0])),
            sectors=sorted(sectors, key=lambda s: (fold(s), s)),
        )

    def company_page(self, company_id: str) -> tuple[str, RenderedFile]:
        company = self.registry.companies[company_id]
        citations = Citations()
        company_cites = citations.cite(company.sources)
        certificates: list[dict[str, Any]] = []
        views = sorted(self.registry.certificates[company_id],
                       key=lambda v: (not v.current, -v.order_day.toordinal(), v.index))
        for view in views:
            certificate = view.certificate
            certifier = self.registry.certifiers.get(certificate.certifier) if certificate.certifier else None
            standard = self.registry.standards.get(certificate.standard)
            certificates.append({
                "view": view,
                "c": certificate,
                "standard_name": self.standard_name(certificate.standard),
                "certifier": certifier,
                "status": self.statuses.get((company_id, view.index)) or self.status_view(view),
                "cites": citations.cite(certificate.sources),
                "disputes": dispute_views(certificate.disputes, citations),
                "last_day_source": self.last_day_source(certificate, standard, view),
            })
        disputes = dispute_views(company.disputes, citations)
        path = f"entreprises/{company_id}.md"
        return self.page(
            path, "company.html", company.name, edit_path=self.registry.source_path("companies", company_id),
            company=company, company_id=company_id, company_cites=company_cites,
            current=[c for c in certificates if c["view"].current],
            history=[c for c in certificates if not c["view"].current],
            disputes=disputes, sources=citations.entries, stale=stale(company, self.today),
            jsonld=self.company_jsonld(company_id, company, certificates),
            pagefind_filter=PAGEFIND_COMPANY_FILTER,
        )

    def last_day_source(self, certificate: Certification, standard: Standard | None,
                        view: CertificateView) -> str:
        if certificate.expires is not None:
            return "date de fin donnée par les sources"
        if view.last_day is None or view.start is None:
            return ""
        years = term_on(standard, view.start)
        unit = "an" if years == 1 else "ans"
        return f"calculé : début le {format_day(view.start)} + {years} {unit}, durée du référentiel"

    def company_jsonld(self, company_id: str, company: Company, certificates: list[dict[str, Any]]) -> Markup:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": company.name,
            "url": self.site.url(f"entreprises/{company_id}/"),
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
                "url": self.site.url(f"referentiels/{view.standard_id}/"),
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
                entry["issuedBy"] = {"@type": "Organization", "name": item["certifier"].name,
                                     "url": self.site.url(f"certificateurs/{view.certifier_id}/")}
            if view.status == "unknown":
                del entry["certificationStatus"]  # schema.org has no word for "not known"
            certifications.append(entry)
        data["hasCertification"] = certifications
        return json_for_script(data)

    def standards_index(self, by_standard: dict[str, list[_Holding]]) -> tuple[str, RenderedFile]:
        rows: list[dict[str, Any]] = [{"id": sid, "s": s, "count": self.certified_count(by_standard[sid])}
                for sid, s in self.registry.standards.items()]
        rows.sort(key=lambda r: (fold(r["s"].name), r["id"]))
        return self.page("referentiels/index.md", "standards.html", "Référentiels", rows=rows)

    @staticmethod
    def certified_count(holdings: list[_Holding]) -> int:
        """Companies holding a current certificate valid today (or lapsing soon)."""
        return len({h.company_id for h in holdings if h.view.current and h.view.in_force})

    def standard_state(self, standard: Standard) -> str:
        if standard.withdrawn is not None and standard.withdrawn.first_day <= self.today:
            return f"retiré {on_day(standard.withdrawn)}"
        if standard.superseded_by:
            names = ", ".join(self.standard_name(s) for s in standard.superseded_by)
            return f"remplacé par {names}"
        return "en vigueur"

    def term_words(self, standard: Standard) -> str:
        parts = []
        if standard.validity_years:
            parts.append(_years(standard.validity_years))
        for term in sorted(standard.terms, key=lambda t: t.from_.first_day):
            parts.append(f"{_years(term.years)} à partir de {since(term.from_)}")
        return " ; ".join(parts) if parts else "non connue"

    def comparison(self, by_standard: dict[str, list[_Holding]]) -> tuple[str, RenderedFile]:
        rows: list[dict[str, Any]] = []
        for sid, standard in self.registry.standards.items():
            rows.append({
                "id": sid, "s": standard, "term": self.term_words(standard),
                "state": self.standard_state(standard),
                "certifiers": [(c, self.certifier_name(c)) for c in standard.certifiers or []],
                "count": self.certified_count(by_standard[sid]),
            })
        rows.sort(key=lambda r: (fold(r["s"].name), r["id"]))
        return self.page("comparatif/index.md", "compare.html", "Comparatif des référentiels", rows=rows)

    def standard_page(self, standard_id: str, holdings: list[_Holding]) -> tuple[str, RenderedFile]:
        standard = self.registry.standards[standard_id]
        citations = Citations()
        cites = citations.cite(standard.sources)
        terms = [(t, citations.cite(t.sources)) for t in sorted(standard.terms, key=lambda t: t.from_.first_day)]
        history = [(e, citations.cite(e.sources))
                   for e in sorted(standard.history, key=lambda e: (e.date.first_day, e.date.precision))]
        disputes = dispute_views(standard.disputes, citations)
        order = sorted(holdings, key=lambda h: h.sort_key)
        held = [h for h in order if h.view.current and h.view.in_force]
        others = [h for h in order if not (h.view.current and h.view.in_force)]
        return self.page(
            f"referentiels/{standard_id}.md", "standard.html", standard.name,
            edit_path=self.registry.source_path("standards", standard_id),
            standard_id=standard_id, s=standard, cites=cites, terms=terms, history=history,
            disputes=disputes, sources=citations.entries, term=self.term_words(standard),
            state=self.standard_state(standard), held=held, others=others,
            certifiers=[(c, self.certifier_name(c)) for c in standard.certifiers or []],
            supersedes=[(s, self.standard_name(s)) for s in standard.supersedes],
            superseded_by=[(s, self.standard_name(s)) for s in standard.superseded_by],
        )

    def certifiers_index(self, by_certifier: dict[str, list[_Holding]]) -> tuple[str, RenderedFile]:
        rows: list[dict[str, Any]] = [{"id": cid, "c": c, "count": len(by_certifier[cid])}
                                      for cid, c in self.registry.certifiers.items()]
        rows.sort(key=lambda r: (fold(r["c"].name), r["id"]))
        return self.page("certificateurs/index.md", "certifiers.html", "Certificateurs", rows=rows)

    def certifier_page(self, certifier_id: str, holdings: list[_Holding]) -> tuple[str, RenderedFile]:
        certifier = self.registry.certifiers[certifier_id]
        citations = Citations()
        cites = citations.cite(certifier.sources)
        listed = {sid for sid, s in self.registry.standards.items() if certifier_id in (s.certifiers or [])}
        certified = {h.view.standard_id for h in holdings}
        standards = [(sid, self.standard_name(sid), sid in listed, sid in certified)
                     for sid in sorted(listed | certified, key=lambda s: (fold(self.standard_name(s)), s))]
        order = sorted(holdings, key=lambda h: h.sort_key)
        return self.page(
            f"certificateurs/{certifier_id}.md", "certifier.html", certifier.name,
            edit_path=self.registry.source_path("certifiers", certifier_id),
            certifier_id=certifier_id, c=certifier, cites=cites, sources=citations.entries,
            standards=standards, holdings=order,
        )

    def verifier(self) -> tuple[str, RenderedFile]:
        lookups = [(cid, c) for cid, c in self.registry.certifiers.items() if c.lookup_url and safe_url(c.lookup_url)]
        lookups.sort(key=lambda p: (fold(p[1].name), p[0]))
        # Standards and certifiers by id, for the results the page shows from each company's JSON.
        names = {
            "standards": {sid: s.name for sid, s in self.registry.standards.items()},
            "certifiers": {cid: {"name": c.name, **({"lookup_url": url} if (url := safe_url(c.lookup_url)) else {})}
                           for cid, c in self.registry.certifiers.items()},
        }
        return self.page("verifier/index.md", "verifier.html", "Vérifier une certification", lookups=lookups,
                         names=json_for_script(names))

    def sources_page(self) -> tuple[str, RenderedFile]:
        return self.page("sources/index.md", "sources.html", "Sources", entries=collect_sources(self.registry))

    def coverage(self) -> tuple[str, RenderedFile]:
        rows = coverage_rows(self.registry)
        ages = checked_ages(self.registry)
        stale_records = sorted(
            ((cid, c) for cid, c in self.registry.companies.items() if stale(c, self.today)),
            key=lambda p: (p[1].checked.last_day, fold(p[1].name), p[0]),
        )
        return self.page("couverture/index.md", "coverage.html", "Couverture des données", rows=rows,
                         total=coverage_total(rows), ages=ages, stale_records=stale_records)

    def open_data(self) -> tuple[str, RenderedFile]:
        models = [
            ("company", "Entreprise (registry/companies/<id>.yml)", field_rows(Company)),
            ("certification", "Certificat (chaque élément de « certifications »)", field_rows(Certification)),
            ("standard", "Référentiel (registry/standards/<id>.yml)", field_rows(Standard)),
            ("term", "Changement de durée (chaque élément de « terms »)", field_rows(Term)),
            ("history", "Étape (chaque élément de « history »)", field_rows(HistoryEvent)),
            ("certifier", "Certificateur (registry/certifiers/<id>.yml)", field_rows(Certifier)),
            ("source", "Source (une URL, ou ce tableau)", field_rows(SourceRef)),
            ("dispute", "Divergence (chaque élément de « disputes »)", field_rows(Dispute)),
            ("claim", "Version des faits (chaque élément de « claims »)", field_rows(Claim)),
        ]
        return self.page("donnees/index.md", "data.html", "Données ouvertes", models=models)

    def redirects(self) -> dict[str, RenderedFile]:
        files: dict[str, RenderedFile] = {}
        template = self.env.get_template("redirect.html")
        for company_id, company in self.registry.companies.items():
            target = self.site.url(f"entreprises/{company_id}/")
            for old in company.former_ids:
                path = f"entreprises/{old}/index.html"
                if path in files or old in self.registry.companies:
                    continue  # the validator refuses both; the first claim wins if it ever runs anyway
                # Relative refresh: the redirect works wherever the site is served; canonical is absolute.
                html = template.render(target=target, relative=f"../{company_id}/", name=company.name,
                                       root=Markup(page_root(path)))
                files[path] = RenderedFile("\n".join(line.strip() for line in html.splitlines() if line.strip()) + "\n")
        return files


def _years(years: int) -> str:
    return f"{years} an" if years == 1 else f"{years} ans"


def assets() -> dict[str, RenderedFile]:
    """Every file of generator/assets/ (the stylesheet and scripts), shipped from the site's own origin."""
    folder = resources.files("generator") / "assets"
    names = sorted(entry.name for entry in folder.iterdir()
                   if entry.is_file() and not entry.name.startswith((".", "_")))
    return {f"{ASSET_DIR}/{name}": RenderedFile((folder / name).read_text(encoding="utf-8")) for name in names}


# --- /sources/ --------------------------------------------------------------------------------


@dataclass
class SourceListing:
    entry: SourceEntry
    cited_by: set[tuple[str, str, str, str]] = field(default_factory=set)  # (kind, id, name, what)

    @property
    def citers(self) -> list[tuple[str, str, str, str]]:
        order = {"entreprises": 0, "referentiels": 1, "certificateurs": 2}
        return sorted(self.cited_by, key=lambda c: (order[c[0]], fold(c[2]), c[1], c[3]))


def collect_sources(registry: Registry) -> list[SourceListing]:
    """Every source cited anywhere, one entry per URL (or per title without URL), with what cites it."""
    listings: dict[str, SourceListing] = {}

    def add(sources: Iterable[str | SourceRef], kind: str, record_id: str, name: str, what: str) -> None:
        for source in sources:
            entry = source_entry(source)
            listing = listings.get(entry.key)
            if listing is None:
                listing = listings[entry.key] = SourceListing(entry)
            elif entry.richness > listing.entry.richness:
                listing.entry = entry
            listing.cited_by.add((kind, record_id, name, what))

    def add_disputes(disputes: Sequence[Dispute], kind: str, record_id: str, name: str, prefix: str = "") -> None:
        for dispute in disputes:
            for claim in dispute.claims:
                add(claim.sources, kind, record_id, name, f"{prefix}divergence « {dispute.topic} »")

    for company_id, company in registry.companies.items():
        add(company.sources, "entreprises", company_id, company.name, "la fiche")
        add_disputes(company.disputes, "entreprises", company_id, company.name)
        for certificate in company.certifications:
            standard = registry.standards.get(certificate.standard)
            what = f"certificat {standard.name if standard else certificate.standard}"
            add(certificate.sources, "entreprises", company_id, company.name, what)
            add_disputes(certificate.disputes, "entreprises", company_id, company.name, what + " : ")
    for standard_id, standard in registry.standards.items():
        add(standard.sources, "referentiels", standard_id, standard.name, "la fiche")
        for term in standard.terms:
            add(term.sources, "referentiels", standard_id, standard.name, "durée de validité")
        for event in standard.history:
            add(event.sources, "referentiels", standard_id, standard.name, "historique")
        add_disputes(standard.disputes, "referentiels", standard_id, standard.name)
    for certifier_id, certifier in registry.certifiers.items():
        add(certifier.sources, "certificateurs", certifier_id, certifier.name, "la fiche")
    return sorted(listings.values(), key=lambda s: (fold(s.entry.title), s.entry.title, s.entry.key))


# --- /couverture/ -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    standard_id: str
    name: str
    holders: int  # companies with at least one certificate of the standard
    certificates: int
    with_certifier: int
    with_number: int
    with_exact_date: int  # `issued` known to the day
    with_archive: int  # at least one source with an archived copy

    def percent(self, part: int) -> str:
        return f"{round(100 * part / self.certificates)} %" if self.certificates else "–"


def _has_archive(certificate: Certification) -> bool:
    return any(isinstance(s, SourceRef) and s.archive for s in certificate.sources)


def coverage_rows(registry: Registry) -> list[CoverageRow]:
    grouped: dict[str, list[CertificateView]] = defaultdict(list)
    for view in registry.all_certificates():
        grouped[view.standard_id].append(view)
    rows = []
    for standard_id, standard in registry.standards.items():
        views = grouped.get(standard_id, [])
        certs = [v.certificate for v in views]
        rows.append(CoverageRow(
            standard_id=standard_id,
            name=standard.name,
            holders=len({v.company_id for v in views}),
            certificates=len(views),
            with_certifier=sum(1 for c in certs if c.certifier),
            with_number=sum(1 for c in certs if c.number),
            with_exact_date=sum(1 for c in certs if c.issued is not None and c.issued.precision == "day"),
            with_archive=sum(1 for c in certs if _has_archive(c)),
        ))
    return sorted(rows, key=lambda r: (fold(r.name), r.standard_id))


def coverage_total(rows: Sequence[CoverageRow]) -> CoverageRow:
    def total(get: Callable[[CoverageRow], int]) -> int:
        return sum(get(r) for r in rows)

    return CoverageRow("", "Tous les référentiels", -1, total(lambda r: r.certificates),
                       total(lambda r: r.with_certifier), total(lambda r: r.with_number),
                       total(lambda r: r.with_exact_date), total(lambda r: r.with_archive))


AGE_BANDS = (
    ("moins de 3 mois", 91),
    ("de 3 à 6 mois", 183),
    ("de 6 mois à un an", STALE_AFTER.days),
)


def checked_ages(registry: Registry) -> list[tuple[str, int]]:
    """How many company records were last checked in each age band (the last band: over a year)."""
    counts: Counter[str] = Counter()
    for company in registry.companies.values():
        age = (registry.today - company.checked.last_day).days
        label = next((name for name, limit in AGE_BANDS if age <= limit), "plus d'un an")
        counts[label] += 1
    return [(name, counts[name]) for name, _ in AGE_BANDS] + [("plus d'un an", counts["plus d'un an"])]


# --- /donnees/ --------------------------------------------------------------------------------


def field_rows(model: type[BaseModel]) -> list[tuple[str, bool, str]]:
    """(name in YAML, required, description) for every field of a record model."""
    return [(info.alias or name, info.is_required(), info.description or "")
            for name, info in model.model_fields.items()]
