"""The home page: the registry in figures, the latest certificates and those about to lapse."""

from __future__ import annotations

from datetime import timedelta

from generator.render.base import Holdings, Page, Renderer
from generator.status import EXPIRING_DAYS

LATEST_COUNT = 10  # bounded lists, whatever the registry's size
LAPSING_COUNT = 20


def home_page(r: Renderer, holdings: Holdings) -> Page:
    current = [h for h in holdings.all if h.view.current]
    latest = sorted(current, key=lambda h: (-h.view.order_day.toordinal(), h.company_id, h.view.index))
    horizon = r.today + timedelta(days=EXPIRING_DAYS)
    lapsing = sorted(
        (h for h in current if h.view.in_force
         and h.view.last_day is not None and h.view.last_day <= horizon),
        key=lambda h: (h.view.last_day, h.company_id, h.view.index),
    )
    figures = {
        "companies": len(r.registry.companies),
        "valid": sum(1 for h in current if h.view.in_force),
        "standards": len(r.registry.standards),
    }
    return r.page("index.md", "home.html", "Registre de la relation client", figures=figures,
                  latest=latest[:LATEST_COUNT], lapsing=lapsing[:LAPSING_COUNT],
                  lapsing_more=max(0, len(lapsing) - LAPSING_COUNT), horizon=horizon)
