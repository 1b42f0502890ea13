"""The charts drawn at build time (render/charts.py): bars from the timelines' segments, steps from the day lists."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

from generator.registry import build_registry
from generator.render import render_site
from generator.render.charts import X0, X1, Bar, Scale, certificates_chart, fit, holders_chart, nice_top
from generator.render.days import DayList, Listed
from generator.timeline import Segment
from tests.conftest import TODAY
from tests.test_render import SITE, page_tree, visible

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> " ]]> {{ 7*7 }} &amp; \'x\''

VALID_THEN_EXPIRED = (
    Segment(date(2021, 6, 1), date(2021, 9, 1), "unknown", "partial-date"),
    Segment(date(2021, 9, 1), date(2024, 3, 3), "valid", "term"),
    Segment(date(2024, 3, 3), date(2024, 6, 1), "expiring", "term"),
    Segment(date(2024, 6, 1), None, "expired", "term"),
)
SUSPENDED_INSIDE = (
    Segment(date(2023, 1, 10), date(2024, 2, 1), "valid", "source"),
    Segment(date(2024, 2, 1), date(2024, 9, 1), "suspended", "declared"),
    Segment(date(2024, 9, 1), None, "valid", "source"),
)


def svg_tree(markup: str) -> ET.Element:
    """The chart parsed as XML (the HTML serialization of an inline SVG is well-formed XML here)."""
    return ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
                         .replace(" data-rr-chart ", ' data-rr-chart="" ').replace(" data-rr-chart-day ", ' data-rr-chart-day="" ')
                         .replace(" hidden>", ' hidden="">'))


def labels_of(root: ET.Element) -> list[str | None]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "rr-chart__labels")
    return [t.text for t in group]


def segments_of(root: ET.Element) -> list[tuple[str, str]]:
    """(classes, text) of each drawn segment, in order."""
    out = []
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "")
        if "rr-seg--" in classes:
            text = group.find(f"{SVG}text")
            out.append((classes, text.text if text is not None and text.text else ""))
    return out


def test_each_segment_is_a_rect_with_its_status_class_and_words() -> None:
    chart = certificates_chart([Bar("Norme de test, attribué en juin 2021", "a", VALID_THEN_EXPIRED)],
                               date(2026, 11, 25), "Acme")
    assert chart is not None
    root = svg_tree(str(chart.svg))
    drawn = segments_of(root)
    assert [c for c, _ in drawn] == ["rr-seg--unknown", "rr-seg--valid", "rr-seg--expiring",
                                     "rr-seg--expired rr-seg--after"]
    # Words where they fit, the badge's symbol where only it fits: never the colour alone.
    assert drawn[1][1] == "✓ valide"
    assert drawn[2][1] in ("!", "! expire bientôt")
    assert drawn[3][1] == "✕ échéance dépassée"
    assert chart.legend == ("valid", "expiring", "unknown", "expired")
    assert not chart.open_ended  # the open segment is an end: expired, drawn pale, no arrow
    assert root.get("role") == "img" and "1 certificat de Acme" in (root.get("aria-label") or "")
    # The table beside it: each period, its last day, its words.
    (bar, periods), = chart.rows
    assert [(p.start, p.until, p.words) for p in periods] == [
        ("1ᵉʳ juin 2021", "31 août 2021", "statut inconnu"),
        ("1ᵉʳ septembre 2021", "2 mars 2024", "valide"),
        ("3 mars 2024", "31 mai 2024", "expire bientôt"),
        ("1ᵉʳ juin 2024", "sans fin connue", "échéance dépassée"),
    ]


def test_segments_follow_each_other_on_the_days_scale() -> None:
    chart = certificates_chart([Bar("x", "a", VALID_THEN_EXPIRED)], date(2026, 11, 25), "Acme")
    assert chart is not None
    rects = [r for r in svg_tree(str(chart.svg)).iter(f"{SVG}rect")]
    scale = Scale.over(date(2021, 6, 1), date(2026, 11, 25))
    assert (scale.start, scale.end) == (date(2021, 1, 1), date(2027, 1, 1))
    for rect, segment in zip(rects, VALID_THEN_EXPIRED, strict=True):
        assert abs(float(rect.get("x", "")) - scale.x(segment.start)) < 0.6
        right = float(rect.get("x", "")) + float(rect.get("width", ""))
        assert abs(right - (scale.x(segment.end) if segment.end else X1)) < 1.6
    assert abs(float(rects[-1].get("x", "")) + float(rects[-1].get("width", "")) - X1) < 0.6


def test_an_open_segment_in_force_runs_to_the_edge_with_an_arrow() -> None:
    chart = certificates_chart([Bar("x", "a", SUSPENDED_INSIDE)], date(2026, 11, 25), "Acme")
    assert chart is not None and chart.open_ended
    root = svg_tree(str(chart.svg))
    classes = [c for c, _ in segments_of(root)]
    assert classes == ["rr-seg--valid", "rr-seg--suspended", "rr-seg--valid"]
    last = [g for g in root.iter(f"{SVG}g") if "rr-seg--" in g.get("class", "")][-1]
    assert last.find(f"{SVG}path") is not None  # the arrow: no known end
    (_, periods), = chart.rows
    assert periods[1].words == "suspendu" and periods[-1].until == "sans fin connue"


def test_bars_are_in_the_order_given_and_start_on_their_first_day() -> None:
    later = (Segment(date(2025, 3, 1), None, "valid", "source"),)
    chart = certificates_chart([Bar("ancien", "a", VALID_THEN_EXPIRED), Bar("récent", "b", later)],
                               date(2026, 11, 25), "Acme")
    assert chart is not None
    root = svg_tree(str(chart.svg))
    labels = labels_of(root)
    assert labels == ["ancien", "récent"]
    rects = list(root.iter(f"{SVG}rect"))
    # Before its first day a certificate did not exist: nothing is drawn there.
    scale = Scale.over(date(2021, 6, 1), date(2026, 11, 25))
    assert abs(float(rects[-1].get("x", "")) - scale.x(date(2025, 3, 1))) < 0.6


def test_the_marker_stands_at_the_build_day_and_hides_outside_the_span() -> None:
    chart = certificates_chart([Bar("x", "a", SUSPENDED_INSIDE)], date(2026, 11, 25), "Acme")
    assert chart is not None
    root = svg_tree(str(chart.svg))
    assert (root.get("data-from"), root.get("data-to")) == ("2023-01-01", "2027-01-01")
    assert (float(root.get("data-x0", "")), float(root.get("data-x1", ""))) == (X0, X1)
    marker = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "rr-chart__day")
    x = float(re.match(r"translate\(([\d.]+) 0\)", marker.get("transform", "")).group(1))  # type: ignore[union-attr]
    assert abs(x - Scale.over(date(2023, 1, 10), date(2026, 11, 25)).x(date(2026, 11, 25))) < 0.6
    assert marker.find(f"{SVG}text").text == "25 novembre 2026"  # type: ignore[union-attr]
    assert marker.get("hidden") is None


def test_record_text_is_escaped_and_cut_to_fit() -> None:
    chart = certificates_chart([Bar(HOSTILE, "a", SUSPENDED_INSIDE)], date(2026, 11, 25), HOSTILE)
    assert chart is not None
    markup = str(chart.svg)
    assert "<script" not in markup and "]]>" not in markup and "{{" not in markup
    assert '" ]]' not in markup  # the double quote cannot close the aria-label
    root = svg_tree(markup)  # well-formed: nothing escaped out of its element or attribute
    assert HOSTILE in (root.get("aria-label") or "")
    label = labels_of(root)[0]
    assert label == HOSTILE
    long = "Référentiel " * 20
    assert fit(long, 300, 14).endswith("…") and len(fit(long, 300, 14)) < len(long)


def test_no_chart_without_a_dated_certificate() -> None:
    assert certificates_chart([], date(2026, 11, 25), "Acme") is None
    assert certificates_chart([Bar("x", "a", ())], date(2026, 11, 25), "Acme") is None


def test_holders_chart_steps_and_yearly_table() -> None:
    counts = DayList([Listed(None, ((date(2022, 3, 1), date(2025, 1, 1)),)),
                      Listed(None, ((date(2023, 7, 14), None),))], 0)
    chart = holders_chart(counts, date(2026, 11, 25), "Norme")
    assert chart is not None
    assert chart.yearly == (("1ᵉʳ janvier 2022", 0), ("1ᵉʳ janvier 2023", 1), ("1ᵉʳ janvier 2024", 2),
                            ("1ᵉʳ janvier 2025", 1), ("1ᵉʳ janvier 2026", 1), ("25 novembre 2026", 1))
    root = svg_tree(str(chart.svg))
    path = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "rr-chart__steps").get("d", "")
    assert path.count("V") == 4  # 1, 2, 1, then back to the base
    assert [t.text for t in next(g for g in root.iter(f"{SVG}g") if g.get("class") == "rr-chart__counts")] == \
        ["0", "1", "2"]
    assert holders_chart(DayList([], 0), date(2026, 11, 25), "Norme") is None


def test_a_large_count_draws_a_bounded_path() -> None:
    spans = [Listed(None, ((date.fromordinal(date(2015, 1, 1).toordinal() + i), None),)) for i in range(4000)]
    chart = holders_chart(DayList(spans, 0), date(2026, 11, 25), "Norme")
    assert chart is not None
    assert str(chart.svg).count("H") <= X1 - X0 + 2 and len(str(chart.svg)) < 12_000


def test_nice_top() -> None:
    assert [nice_top(v) for v in (1, 2, 3, 5, 11, 39, 41, 101, 29_993)] == [2, 2, 4, 10, 20, 40, 100, 200, 40_000]


def test_company_and_standard_pages_draw_their_charts(make_registry: Callable[..., Path]) -> None:
    registry = build_registry(str(make_registry()), TODAY)
    site = render_site(registry, SITE)
    company = site["entreprises/societe-electrique.md"].content
    assert company.count("<svg") == 1 and 'role="img"' in company and "data-rr-chart-day" in company
    text = visible(page_tree(site, "entreprises/societe-electrique.md"))
    assert "Frise chronologique" in text and "Les mêmes dates en tableau" in text
    assert "29 février 2024" in text  # the table's first period starts on the issue day
    standard = site["referentiels/iso-test.md"].content
    assert standard.count("<svg") == 1 and "rr-chart__steps" in standard
    # The chart counts what the page's "Entreprises certifiées" counts: companies holding one in force.
    held = registry.certificates["societe-electrique"][0].in_force
    table = visible(page_tree(site, "referentiels/iso-test.md"))
    assert f"25 novembre 2026 {int(held)}" in table


def test_a_hostile_name_and_scope_stay_text_in_the_chart_and_its_table(make_registry: Callable[..., Path]) -> None:
    quoted = json.dumps(HOSTILE, ensure_ascii=False)
    company = f"""\
name: {quoted}
checked: '2026-11-01'
sources:
  - https://example.org/hostile
certifications:
  - standard: iso-test
    certifier: afnor
    issued: '2025-01-02'
    scope: {quoted}
    sources:
      - https://example.org/hostile-2
"""
    registry = build_registry(str(make_registry({"companies/hostile.yml": company})), TODAY)
    assert registry.errors == []
    html = render_site(registry, SITE)["entreprises/hostile.md"].content
    section = html[html.index('<section class="rr-section rr-chart"'):]
    section = section[:section.index("</section>")]
    assert "<script" not in section and "]]>" not in section and "{{" not in section
    svg = section[section.index("<svg"):section.index("</svg>") + 6]
    root = svg_tree(svg)
    assert HOSTILE in (root.get("aria-label") or "")
    assert labels_of(root)[0] == fit(f"Norme de test ({HOSTILE}), attribué le 2 janvier 2025", 636, 13)
    text = visible(page_tree(render_site(registry, SITE), "entreprises/hostile.md"))
    assert f"Norme de test ({HOSTILE}), attribué le 2 janvier 2025" in text  # the table's row header
