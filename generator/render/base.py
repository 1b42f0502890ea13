"""What every page family shares: the Jinja2 environment, the registry's names and status views, and
the assembly of one page (front matter + one raw HTML block)."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.french import format_day, number, plural_word
from generator.registry import CertificateView, Registry
from generator.render.citations import cite_html, url_label
from generator.render.figures import Figures
from generator.render.lines import Lines
from generator.render.text import (
    code_ticks,
    compact_lines,
    fold,
    front_matter_title,
    html_attr,
    html_text,
    json_for_script,
    page_root,
    safe_url,
)
from generator.render.wording import StatusView, on_day, since, status_view, vocabulary_script
from generator.site import SiteInfo
from generator.wording import STATUS_LABELS

ASSET_DIR = "assets/registre"  # where the stylesheet and scripts land inside the site
# The files the pages need, in load order (status.js first: the others read its results).
ASSETS = ("registre.css", "search.css", "figures.css", "vocabulaire.js", "status.js", "figures.js", "day.js",
          "table.js", "verifier.js", "search.js", "regions.js")

KIND_WORDS = {"norme": "Norme", "certification": "Certification", "label": "Label", "prix": "Prix"}

Page = tuple[str, "RenderedFile"]


@dataclass(frozen=True)
class RenderedFile:
    head: str  # the file's text; for a page with `html`, its front matter alone
    edit_path: str | None = None  # the record inside the registry, e.g. "companies/edf.yml"
    # A page's body as finished HTML (the raw block of `content`): an engine that can take HTML as is
    # need not run Markdown over it, which costs seconds on the largest pages. Kept once: at 10,000
    # companies a second copy inside the Markdown text held 400 MB more during the build.
    html: str | None = field(default=None, repr=False)
    # Files of generator/assets/ that only this page needs (loaded after the site-wide ASSETS).
    assets: tuple[str, ...] = ()
    # The page's feeds, announced in its <head> (<link rel="alternate">): (media type, title, path in the site).
    alternates: tuple[tuple[str, str, str], ...] = ()

    @property
    def content(self) -> str:
        """The whole file: for a page, Markdown whose body is one raw HTML block."""
        return self.head if self.html is None else f"{self.head}\n{self.html}\n"


@dataclass
class Holding:
    """A certificate as listed on index pages."""

    view: CertificateView
    company_id: str
    company_name: str
    standard_name: str
    status: StatusView
    sort_key: tuple[str, str, int]  # by company name without accents, then id, then place in the record


@dataclass
class Holdings:
    """Every certificate as listed, and the same grouped by standard, certifier and company."""

    all: list[Holding]
    by_standard: dict[str, list[Holding]]
    by_certifier: dict[str, list[Holding]]
    by_company: dict[str, list[Holding]]


def make_environment(today: date, site: SiteInfo) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resources.files("generator") / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=html_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["attr"] = html_attr
    env.filters["url"] = safe_url
    env.filters["day"] = format_day
    env.filters["on_day"] = on_day
    env.filters["since"] = since
    env.filters["json_script"] = json_for_script
    env.filters["label"] = url_label
    env.filters["cite"] = cite_html
    env.filters["ticks"] = code_ticks
    env.filters["number"] = number
    env.filters["json_attr"] = lambda value: html_attr(json.dumps(value, ensure_ascii=False))
    env.globals["plural_word"] = plural_word
    env.globals.update(
        kinds=KIND_WORDS, short=STATUS_LABELS,
        today=today, today_words=format_day(today), site=site,
    )
    return env


class Renderer:
    """The registry, the site's settings and the templates: what each page family renders from."""

    def __init__(self, registry: Registry, site: SiteInfo) -> None:
        self.registry = registry
        self.site = site
        self.today = registry.today
        self.env = make_environment(self.today, site)
        self.statuses: dict[tuple[str, int], StatusView] = {}

    def standard_name(self, standard_id: str) -> str:
        standard = self.registry.standards.get(standard_id)
        return standard.name if standard else standard_id

    def certifier_name(self, certifier_id: str) -> str:
        certifier = self.registry.certifiers.get(certifier_id)
        return certifier.name if certifier else certifier_id

    @functools.cached_property
    def lines(self) -> Lines:
        """Which certificates renew which (render/lines.py), computed once per build."""
        return Lines(self.registry)

    @functools.cached_property
    def figures(self) -> Figures:
        """The figures that follow the visitor's day (render/figures.py), computed once per build."""
        return Figures(self.registry, self.lines, self.standard_name, self.status_view)

    def status_view(self, view: CertificateView) -> StatusView:
        cached = self.statuses.get((view.company_id, view.index))
        if cached is None:
            cached = status_view(view, self.registry.companies[view.company_id], self.today)
            self.statuses[(view.company_id, view.index)] = cached
        return cached

    def holdings(self) -> Holdings:
        holdings = []
        for company_id, views in self.registry.certificates.items():
            name = self.registry.companies[company_id].name
            key = fold(name)
            for view in views:
                holdings.append(Holding(view, company_id, name, self.standard_name(view.standard_id),
                                        self.status_view(view), (key, company_id, view.index)))
        by_standard: dict[str, list[Holding]] = defaultdict(list)
        by_certifier: dict[str, list[Holding]] = defaultdict(list)
        by_company: dict[str, list[Holding]] = defaultdict(list)
        for holding in holdings:
            by_standard[holding.view.standard_id].append(holding)
            by_company[holding.company_id].append(holding)
            if holding.view.certifier_id:
                by_certifier[holding.view.certifier_id].append(holding)
        return Holdings(holdings, by_standard, by_certifier, by_company)

    def page(self, path: str, template: str, title: str | None, edit_path: str | None = None,
             assets: tuple[str, ...] = (), alternates: tuple[tuple[str, str, str], ...] = (),
             **context: Any) -> Page:
        """`title`: None for the home page, whose <title> is the site's name alone."""
        body = self.env.get_template(template).render(root=Markup(page_root(path)), **context)
        html = compact_lines(body)
        title_line = f"title: {front_matter_title(title)}\n" if title is not None else ""
        return path, RenderedFile(f"---\n{title_line}hide:\n  - toc\n---\n", edit_path, html, assets, alternates)


def assets() -> dict[str, RenderedFile]:
    """Every file of generator/assets/ (the stylesheet and scripts), shipped from the site's own origin."""
    folder = resources.files("generator") / "assets"
    names = sorted(entry.name for entry in folder.iterdir()
                   if entry.is_file() and not entry.name.startswith((".", "_")))
    files = {f"{ASSET_DIR}/{name}": RenderedFile((folder / name).read_text(encoding="utf-8")) for name in names}
    files[f"{ASSET_DIR}/vocabulaire.js"] = RenderedFile(vocabulary_script())
    return files
