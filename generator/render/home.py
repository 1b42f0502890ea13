"""The home page: what the registry holds on the visitor's day, the latest certificates and those about to lapse."""

from __future__ import annotations

from generator.render.base import Page, Renderer
from generator.render.figures import LAPSING_COUNT, LATEST_COUNT
from generator.render.sources import collect_sources
from generator.status import EXPIRING_DAYS

__all__ = ["LAPSING_COUNT", "LATEST_COUNT", "home_page"]


def home_page(r: Renderer) -> Page:
    return r.page("index.md", "home.html", None, series=r.figures.home, expiring_days=EXPIRING_DAYS,
                  companies=len(r.registry.companies), standards=len(r.registry.standards),
                  sources=len(collect_sources(r.registry)))
