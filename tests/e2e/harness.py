"""A built site served on 127.0.0.1, one headless Chromium for the whole session, and what a page reports.

The site is served under the fixture site_url's path (/sous-chemin/), as a host serves it: absolute
links of the 404 page and the search index's base URL then resolve exactly as in production.
Missing paths get the site's own 404.html with status 404.
"""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.sitebuild import FIXTURE_URL

PREFIX = urlsplit(FIXTURE_URL).path  # "/sous-chemin/"
# REGISTRE_CHROMIUM picks the browser, else the PATH does, as in scripts/test: REGISTRE_CHROMIUM=/nonexistent
# shows what a machine without chromium does.
CHROMIUM = (os.environ.get("REGISTRE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
            or "")
# Why a browser test is skipped by hand without chromium: tests/conftest.py counts the tests skipped so.
CHROMIUM_SKIP_REASON = "chromium n'est pas installé (sudo apt-get install chromium)"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run"]


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, site: Path, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(PREFIX):
            return str(self.site / "\x00missing")
        return super().translate_path("/" + path[len(PREFIX):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) in a thread; yields the site's base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, site=site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"site-{site.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def origin_of(url: str) -> str:
    """'http://127.0.0.1:8000/sous-chemin/' -> 'http://127.0.0.1:8000/'."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


class _Shared:
    """One Playwright and one browser for the session, whichever test module asks first.

    Playwright's sync API runs one driver per thread at a time: every browser test of the session
    (tests/e2e/, test_hostile.py, test_render.py) borrows this one instead of starting its own.
    """

    playwright: Any = None
    browser: Any = None


def shared_browser() -> Any:
    if _Shared.browser is None:
        from playwright.sync_api import sync_playwright

        _Shared.playwright = sync_playwright().start()
        _Shared.browser = _Shared.playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        atexit.register(close_shared_browser)  # for a test that borrows it without a session fixture
    return _Shared.browser


def close_shared_browser() -> None:
    if _Shared.browser is not None:
        _Shared.browser.close()
        _Shared.playwright.stop()
        _Shared.browser = _Shared.playwright = None


# The browser's clock on the day the fixture site is built for: statuses recomputed in the page agree
# with the build, whatever day the tests run.
BUILD_DAY_NOON = "2026-11-25T12:00:00+01:00"


def new_context(browser: Any, clock: str | None = BUILD_DAY_NOON, **options: Any) -> Any:
    """A French-speaking browser context in Paris, its clock pinned (None: the real clock)."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
    context.set_default_timeout(10_000)
    if clock is not None:
        context.clock.set_fixed_time(clock)
    return context


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def require_chromium() -> None:
    """Skip the browser test by hand when chromium is missing; under CI (CI=true), fail it: never a silent skip."""
    if chromium_available():
        return
    if in_ci():
        where = CHROMIUM or "ni dans le PATH ni dans REGISTRE_CHROMIUM"
        pytest.fail(f"chromium est introuvable ({where}) : en CI, les tests navigateur ne sont jamais ignorés. "
                    "Installez-le (apt-get install chromium, en root) ; ./scripts/test le fait quand il le peut.",
                    pytrace=False)
    pytest.skip(CHROMIUM_SKIP_REASON)


@dataclass
class Watch:
    """Everything a page reports that a visitor should never meet."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            self.console_errors.append(f"{message.text} [{where}]" if where else message.text)

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        if not request.url.startswith(self.origin) and not request.url.startswith(("data:", "blob:")):
            self.foreign_requests.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m]

    def problems(self, missing_document: str | None = None) -> dict[str, list[str]]:
        """What went wrong; `missing_document`: the URL of a page expected to answer 404 (its own load error)."""
        expected = f"Failed to load resource: the server responded with a status of 404 (Not Found) [{missing_document}]"
        console = [m for m in self.console_errors if m != expected]
        found = {"console errors": console, "page errors": self.page_errors,
                 "requests to another origin": self.foreign_requests, "dialogs": self.dialogs}
        return {k: v for k, v in found.items() if v}


# Every page type of the site, on the e2e fixture registry (the verifier after a search).
PAGE_TYPES = {
    "accueil": "",
    "entreprises": "entreprises/",
    "entreprise": "entreprises/energie-publique/",
    "referentiels": "referentiels/",
    "referentiel": "referentiels/iso-test/",
    "comparatif": "comparatif/",
    "certificateurs": "certificateurs/",
    "certificateur": "certificateurs/afnor/",
    "verifier": "verifier/?q=402960397",
    "donnees": "donnees/",
    "proposer": "contribuer/proposer/",
    "sources": "sources/",
    "couverture": "couverture/",
    "methode": "methode/",
    "accessibilite": "accessibilite/",
    "performances": "performances/",
    "404": "page-qui-n-existe-pas/",
}


def settle(page: Any, path: str) -> None:
    """Wait until what the page's scripts do on load is done (the verifier's answer to a query)."""
    if path.startswith("verifier/?q="):
        page.locator("[data-rr-verify-results] .rr-verify-list, [data-rr-verify-results] .rr-verify-none") \
            .first.wait_for()


def header_search(page: Any, query: str) -> list[str]:
    """Type into the header search; the titles of the results once the status line names the query."""
    page.fill("#rrc-search-input", query)
    page.wait_for_function(
        "q => document.querySelector('#rrc-search-status').textContent.includes('« ' + q + ' »')", arg=query)
    return page.locator(".rrc-search__result strong").all_inner_texts()
