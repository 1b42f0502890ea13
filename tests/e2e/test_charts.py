"""The charts in Chromium: the marker of the visitor's day follows "Voir le statut au" and ?date=, hides outside
the chart's years, stands at the build day without script; no console error, no CSP violation."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from generator.french import format_day
from tests.e2e.harness import new_context
from tests.e2e.registry import TODAY

pytestmark = pytest.mark.browser

COMPANY = "entreprises/energie-publique/"  # ISO issued 2024-02-29, label 2025-06-01: the chart spans 2024 to 2027


def marker(page: Any, chart: str = "svg[data-rr-chart]") -> dict[str, Any]:
    """Where the page drew the marker, and where the chart's own map puts `day`."""
    return page.eval_on_selector(chart, """svg => {
        const g = svg.querySelector('[data-rr-chart-day]');
        return {from: svg.getAttribute('data-from'), to: svg.getAttribute('data-to'),
                x0: Number(svg.getAttribute('data-x0')), x1: Number(svg.getAttribute('data-x1')),
                transform: g.getAttribute('transform'), hidden: g.hasAttribute('hidden'),
                visible: g.getBoundingClientRect().width > 0, text: g.querySelector('text').textContent};
    }""")


def expected_x(drawn: dict[str, Any], day: date) -> float:
    start, end = date.fromisoformat(drawn["from"]), date.fromisoformat(drawn["to"])
    return drawn["x0"] + (day - start).days / (end - start).days * (drawn["x1"] - drawn["x0"])


def assert_at(page: Any, day: date) -> None:
    drawn = marker(page)
    x = float(re.fullmatch(r"translate\(([\d.]+) 0\)", drawn["transform"]).group(1))  # type: ignore[union-attr]
    assert abs(x - expected_x(drawn, day)) < 0.6, drawn
    assert not drawn["hidden"] and drawn["visible"] and drawn["text"] == format_day(day)


def choose(page: Any, day: date) -> None:
    page.fill("#rr-day-input", day.isoformat())
    page.locator("form[data-rr-day-control] button[type=submit]").click()
    page.wait_for_function("d => document.querySelector('[data-rr-day-value]').textContent === d",
                           arg=format_day(day))


def test_the_marker_follows_the_chosen_day(open_page: Any) -> None:
    page, watch = open_page(COMPANY)
    page.locator("form[data-rr-day-control]").wait_for(state="visible")
    drawn = marker(page)
    assert (drawn["from"], drawn["to"]) == ("2024-01-01", "2028-01-01")
    assert_at(page, TODAY)
    choose(page, date(2025, 3, 15))
    assert_at(page, date(2025, 3, 15))
    # Before the first certificate's year, then after the chart's last: no marker.
    choose(page, date(2023, 6, 1))
    assert marker(page)["hidden"] and not marker(page)["visible"]
    choose(page, date(2028, 1, 1))
    assert marker(page)["hidden"]
    choose(page, date(2027, 12, 31))
    assert_at(page, date(2027, 12, 31))
    page.locator("[data-rr-day-reset]").click()
    page.wait_for_function("() => !document.querySelector('[data-rr-chart-day]').hasAttribute('hidden')")
    assert_at(page, TODAY)
    assert watch.problems() == {}
    assert watch.csp_violations() == []


def test_a_shared_address_places_the_marker(open_page: Any) -> None:
    page, watch = open_page(COMPANY + "?date=2024-06-01")
    page.wait_for_function("() => document.querySelector('[data-rr-day-value]').textContent === '1ᵉʳ juin 2024'")
    assert_at(page, date(2024, 6, 1))
    assert watch.problems() == {}


def test_the_standard_page_draws_its_holders_with_the_marker(open_page: Any) -> None:
    page, watch = open_page("referentiels/iso-test/")
    chart = page.locator("svg.rr-chart__svg--steps")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert_at(page, TODAY)
    # The table's last row counts what the page's figure counts: companies holding one in force.
    rows = page.locator("details.rr-chart__text tbody tr")
    assert rows.last.locator("th").text_content().strip() == format_day(TODAY)
    held = page.locator("[data-rr-figures] [data-rr-figure=detenteurs] strong").inner_text()
    assert rows.last.locator("td").text_content().strip() == held
    assert watch.problems() == {}


def test_without_script_the_marker_stands_at_the_build_day(browser: Any, base_url: str) -> None:
    context = new_context(browser, clock=None, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + COMPANY)
    assert_at(page, TODAY)
    assert page.locator("details.rr-chart__text li").count() == 2  # the same dates in words, one item a certificate
    context.close()


def test_on_a_phone_the_chart_scrolls_in_its_frame_and_the_page_does_not(browser: Any, base_url: str) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + COMPANY)
    sizes = page.evaluate("""() => {
        const frame = document.querySelector('.rr-chart__scroll');
        const label = document.querySelector('.rr-chart__labels text');
        return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                frame: frame.scrollWidth - frame.clientWidth, font: label.getBoundingClientRect().height};
    }""")
    assert sizes["page"] == 0 and sizes["frame"] > 0
    assert sizes["font"] >= 11  # the labels keep a legible size instead of shrinking to the phone's width
    context.close()
