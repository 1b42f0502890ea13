"""Session fixtures: the e2e fixture registry built once, served on 127.0.0.1, and one headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    Watch,
    close_shared_browser,
    new_context,
    origin_of,
    require_chromium,
    serve,
    shared_browser,
)
from tests.e2e.registry import TODAY, write_registry
from tests.sitebuild import build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    registry = write_registry(root / "registry")
    site = root / "site"
    result = build_site(registry, site, TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_chromium()
    yield shared_browser()
    close_shared_browser()


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    """One browser context per test module: pages share its cache, so each load is quick."""
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def open_page(context: Any, base_url: str) -> Iterator[Any]:
    """open_page(path) -> (page, watch): the page loaded, with everything it reported; closed after the test."""
    pages: list[Any] = []

    def open_(path: str) -> tuple[Any, Watch]:
        page = context.new_page()
        pages.append(page)
        watch = Watch(origin=origin_of(base_url))
        watch.attach(page)
        page.goto(base_url + path)
        return page, watch

    yield open_
    for page in pages:
        page.close()
