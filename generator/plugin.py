"""MkDocs adapter: the registry's pages as virtual files, its exports and search index after the build.

Thin on purpose: everything it shows comes from the engine-free core (registry,
render, export). Only MkDocs' public plugin API is used, so ProperDocs (the
maintained MkDocs 1.6 fork) runs it unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.build import BuildError, UnsafeTarget, check_target, prepared_registry, sources_for
from generator.clock import today_in_paris
from generator.dates import SUPPORTED_RANGE, DateRangeError, PartialDate
from generator.diagnostics import format_text, printable
from generator.finish import Exports, SearchIndex, finish_site, start_exports
from generator.french import format_day, plural
from generator.registry import Registry, build_registry
from generator.site import SiteInfo, edit_base_for, normalise_site_url

log = logging.getLogger("mkdocs.plugins.registry")



class RegistryConfig(Config):
    enabled = c.Type(bool, default=True)
    # The registry folder, relative to mkdocs.yml.
    registry = c.Type(str, default="registry")
    # The day statuses are computed for (AAAA-MM-JJ); default: today in Europe/Paris.
    today = c.Optional(c.Type(str))
    # Index the built site with Pagefind (the header search and /verifier/ use it).
    search = c.Type(bool, default=True)
    # Add a Content-Security-Policy <meta> with hashes of the theme's inline scripts.
    csp = c.Type(bool, default=True)


class RegistryPlugin(BasePlugin[RegistryConfig]):
    def __init__(self) -> None:
        self.registry: Registry | None = None
        self.site: SiteInfo | None = None
        self.registry_dir = ""
        self.edit_paths: dict[str, str] = {}
        self.serving = False
        self.bodies: dict[str, str] = {}
        self.page_assets: dict[str, tuple[str, ...]] = {}
        self.alternates: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self.exports: Exports | None = None
        self.search_index: SearchIndex | None = None
        self.nav_cache = NavCache(set())
        # Under `mkdocs serve`: the last registry that validated, and the validator's messages while the records
        # are invalid. MkDocs keeps this instance from one rebuild to the next because it defines on_startup.
        self.last_good: Registry | None = None
        self.invalid: list[str] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Under `mkdocs serve` the server injects its own inline live-reload script, whose text changes
        # with every page: the preview goes without the policy, the built site always has it.
        self.serving = command == "serve"

    # Early: the registry must be loaded before any other plugin looks at the files.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        base = os.path.dirname(config.config_file_path or "mkdocs.yml")
        # Under `python -m generator build`, the registry it validated (its --registry, its --today).
        registry = prepared_registry()
        if registry is None:
            self.registry_dir = os.path.normpath(os.path.join(base, self.config.registry))
            registry = build_registry(self.registry_dir, _parse_today(self.config.today))
        else:
            self.registry_dir = registry.root
        if not self.serving:  # `mkdocs serve` builds into a temporary folder of its own
            try:
                check_target(config.site_dir, sources_for(config.config_file_path or "mkdocs.yml",
                                                          self.registry_dir, config.docs_dir))
            except UnsafeTarget as error:
                raise PluginError(printable(str(error))) from None
        for diagnostic in registry.diagnostics:
            line = format_text([diagnostic]).rstrip("\n")
            (log.error if diagnostic.severity == "error" else log.info)(line)
        registry = self._valid_or_last_good(registry, base)
        self.registry = registry
        repo_url = config.repo_url or None
        inside = os.path.relpath(os.path.abspath(self.registry_dir), os.path.abspath(base))
        # A registry given from outside the repository is edited where the repository keeps its own.
        registry_in_repo = "registry/" if inside.startswith("..") else inside.replace(os.sep, "/").rstrip("/") + "/"
        self.site = SiteInfo(
            site_url=normalise_site_url(config.site_url or "http://127.0.0.1:8000/"),
            repo_url=repo_url,
            edit_base=edit_base_for(repo_url, registry_path=registry_in_repo),
            revision=_git_revision(self.registry_dir),
        )
        config.extra["registre"] = {
            "today": registry.today.isoformat(),
            "today_fr": format_day(registry.today),
            "revision": self.site.revision,
            "invalid": self.invalid,  # shown by the `announce` block of overrides/main.html
        }
        from generator.render import ASSET_DIR, ASSETS

        for name in ASSETS:  # in load order: the later scripts read what status.js writes
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if f"{ASSET_DIR}/{name}" not in target:
                target.append(f"{ASSET_DIR}/{name}")
        return config

    def _valid_or_last_good(self, registry: Registry, base: str) -> Registry:
        """The registry to build. An invalid one stops the build, except under `mkdocs serve` once a site was
        built: the last good registry is served again, with the validator's messages on every page."""
        if not registry.errors:
            self.last_good, self.invalid = registry, []
            return registry
        if not self.serving or self.last_good is None:
            raise PluginError(f"{plural(len(registry.errors), 'erreur')} dans {self.registry_dir}, voir ci-dessus")
        # file:line:column, then the message (all are errors: no English severity word on a page)
        self.invalid = [f"{os.path.relpath(d.path, base)}:{d.line}:{d.column} : {d.message}" for d in registry.errors]
        log.warning("registre invalide : le site servi reste le dernier construit sans erreur, avec ces messages "
                    "en haut de chaque page, jusqu'à ce que les fiches soient corrigées")
        return self.last_good

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.registry is None or self.site is None:
            return None
        from generator.render import render_site

        self.edit_paths = {}
        self.bodies = {}
        self.page_assets = {}
        self.alternates = {}
        rendered_files = render_site(self.registry, self.site, parallel=True)  # on both cores
        # The site folder is clean from here on: the open data is written beside the pages (generator/finish.py).
        self.exports = start_exports(self.registry, self.site, config.site_dir)
        for path, rendered in rendered_files.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                # Generated pages own their URLs: a hand-written page there would be a silent conflict.
                raise PluginError(f"docs/{path} existe déjà : cette adresse est générée depuis le registre")
            # A page's body is put back in on_page_content: MkDocs reads only its front matter.
            generated = File.generated(config, path, content=rendered.head)
            if rendered.edit_path:
                self.edit_paths[generated.src_uri] = rendered.edit_path
            if rendered.html is not None:
                self.bodies[generated.src_uri] = rendered.html
            if rendered.assets:
                self.page_assets[generated.src_uri] = rendered.assets
            if rendered.alternates:
                self.alternates[generated.src_uri] = rendered.alternates
            files.append(generated)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav_cache = NavCache({page.file.src_uri for page in nav.pages})
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        env.globals["registre_nav"] = self.nav_cache  # read by overrides/main.html, block site_nav
        if self.exports is not None and self.config.search:  # after the fork of the exports: not inherited
            try:
                self.search_index = SearchIndex(Path(config.site_dir))
            except BuildError as error:
                raise PluginError(str(error)) from None
        return None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # The "edit" link of a generated page opens its YAML record, not a Markdown file.
        record = self.edit_paths.get(page.file.src_uri)
        if record is not None and self.site is not None:
            page.edit_url = self.site.edit_url(record)
        # A generated page's body is finished HTML: Markdown is skipped, its HTML is put back below.
        return "" if page.file.src_uri in self.bodies else None

    # Early: other plugins see the page's real content.
    @event_priority(50)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.bodies.get(page.file.src_uri)

    # Last: the policy must cover the final HTML, after every other plugin changed it.
    @event_priority(-100)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        names = self.page_assets.get(page.file.src_uri, ())
        if names:
            output = with_page_assets(output, names, page.url)
        links = self.alternates.get(page.file.src_uri, ())
        if links:
            output = with_alternates(output, links, page.url)
        if self._csp():
            output = add_csp(output)
        if self.search_index is not None:
            # A failure is reported after the pages.
            self.search_index.add(page.file.dest_uri, output, self.bodies.get(page.file.src_uri))
        return output

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str | None:
        if self._csp() and template_name.endswith(".html"):
            return add_csp(output_content)
        return None

    def _csp(self) -> bool:
        return self.config.enabled and self.config.csp and not self.serving

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.registry is None or self.site is None:
            return
        exports, self.exports = self.exports, None
        index, self.search_index = self.search_index, None
        if exports is None:
            return
        try:
            finish_site(config.site_dir, exports, index)
        except BuildError as error:
            raise PluginError(str(error)) from None

    def on_build_error(self, *, error: Exception) -> None:
        # A build that failed on the pages: the open data stops being written into a folder that goes,
        # and Pagefind stops indexing it.
        if self.exports is not None:
            self.exports.stop()
            self.exports = None
        if self.search_index is not None:
            self.search_index.stop()
            self.search_index = None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(self.registry_dir)
        return server


class NavCache:
    """Material's side navigation, rendered once for the pages outside it (a company, a standard, a certifier).

    For such a page no entry is active, its table of contents is empty, and the links are relative to the
    folder holding it: every page in the same folder, with the same hidden parts, gets the same HTML. At 10,000
    companies the navigation was a third of MkDocs' time on the pages. `tests/test_build.py` checks that a
    site built with the cache is byte for byte the site built without it.
    """

    def __init__(self, in_nav: set[str]) -> None:
        self.in_nav = in_nav
        self.html: dict[str, str] = {}

    def key(self, page: Page | None) -> str:
        """'' when the page's navigation is its own (in the nav, with a table of contents, or no page)."""
        if page is None or page.file.src_uri in self.in_nav or len(page.toc):
            return ""
        hidden = page.meta.get("hide") or ()
        return f"{page.url.rstrip('/').rpartition('/')[0]}/|{','.join(sorted(map(str, hidden)))}"

    def get(self, key: str) -> str | None:
        return self.html.get(key)

    def keep(self, key: str, html: str) -> str:
        self.html[key] = html
        return html


def _parse_today(text: str | None) -> date:
    if text is None:
        return today_in_paris()
    try:
        day = PartialDate.parse(text)
    except DateRangeError:
        raise PluginError(f"registry.today « {text} » : hors des années que le registre prend en charge "
                          f"({SUPPORTED_RANGE})") from None
    except ValueError:
        day = None
    if day is None or day.precision != "day":
        raise PluginError(f"registry.today « {text} » : attendu AAAA-MM-JJ")
    return day.first_day


def _git_revision(folder: str) -> str | None:
    """The registry's git revision (short), with '+' when it has uncommitted changes; None outside git."""
    try:
        head = subprocess.run(["git", "-C", folder, "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", folder, "status", "--porcelain", "--", "."],
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+" if dirty else "") if head else None


_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_SCRIPT_TYPES = ("", "text/javascript", "module", "application/javascript")
_CHARSET = '<meta charset="utf-8">'


def content_security_policy(hashes: list[str]) -> str:
    script_sources = " ".join(["'self'", *(f"'sha256-{h}'" for h in hashes), "'wasm-unsafe-eval'"])
    return (
        "default-src 'self'; "
        f"script-src {script_sources}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def add_csp(html: str) -> str:
    """Put a CSP <meta> first in <head>, allowing this page's own inline scripts by hash."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
        if kind is not None and kind.group(1).lower() not in _SCRIPT_TYPES:
            continue  # data blocks (JSON, JSON-LD) are not executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(base64.b64encode(digest).decode("ascii"))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(sorted(set(hashes)))}">'
    if _CHARSET in html:
        return html.replace(_CHARSET, _CHARSET + "\n    " + meta, 1)
    return re.sub(r"<head(\s[^>]*)?>", lambda m: m.group(0) + meta, html, count=1)


def with_page_assets(html: str, names: tuple[str, ...], page_url: str) -> str:
    """The page with the assets only it needs: stylesheets at the end of <head>, scripts at the end of <body>."""
    from mkdocs.utils import get_relative_url

    from generator.render import ASSET_DIR

    def href(name: str) -> str:
        return get_relative_url(f"{ASSET_DIR}/{name}", page_url)

    styles = "".join(f'<link rel="stylesheet" href="{href(n)}">' for n in names if n.endswith(".css"))
    scripts = "".join(f'<script src="{href(n)}"></script>' for n in names if n.endswith(".js"))
    return html.replace("</head>", styles + "</head>", 1).replace("</body>", scripts + "</body>", 1)


def with_alternates(html: str, links: tuple[tuple[str, str, str], ...], page_url: str) -> str:
    """The page with its feeds announced at the end of <head>: (media type, title, path in the site)."""
    from html import escape

    from mkdocs.utils import get_relative_url

    tags = "".join(f'<link rel="alternate" type="{escape(kind)}" title="{escape(title)}" '
                   f'href="{escape(get_relative_url(path, page_url))}">' for kind, title, path in links)
    return html.replace("</head>", tags + "</head>", 1)
