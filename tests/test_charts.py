"""The charts drawn at build time (render/charts.py): bars from the timelines' segments, steps from the day lists."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.registry import build_registry
from generator.render import render_site
from generator.render.charts import X0, X1, Bar, Scale, certificates_chart, fit, holders_chart, nice_top, wrap
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


@dataclass(frozen=True)
class Drawn:
    """One segment as drawn: its group's classes, its box, the words written in it."""

    classes: str
    x: int
    y: int
    width: int
    text: str


BOX = re.compile(r"M(\d+) (\d+)h(\d+)v22h-\3z")
ARROW = re.compile(r"M620 (\d+)l12 14-12 14z")


def segments_of(root: ET.Element) -> list[Drawn]:
    """Every segment drawn, bar by bar from the top, left to right."""
    out = []
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "")
        if "rr-seg--" in classes:
            path = group.find(f"{SVG}path")
            assert path is not None
            texts = {(t.get("x"), t.get("y")): t.text or "" for t in group.iter(f"{SVG}text")}
            for match in BOX.finditer(path.get("d", "")):
                x, y, width = (int(v) for v in match.groups())
                out.append(Drawn(classes, x, y, width, texts.get((str(x + 4), str(y + 16)), "")))
    return sorted(out, key=lambda d: (d.y, d.x))


def arrows_of(root: ET.Element) -> list[tuple[str, int]]:
    return [(g.get("class", ""), int(m.group(1))) for g in root.iter(f"{SVG}g") if "rr-seg--" in g.get("class", "")
            for m in ARROW.finditer(g.find(f"{SVG}path").get("d", ""))]  # type: ignore[union-attr]


def test_each_segment_is_a_box_with_its_status_class_and_words() -> None:
    chart = certificates_chart([Bar("Norme de test, attribué en juin 2021", "a", VALID_THEN_EXPIRED)],
                               date(2026, 11, 25), "Acme")
    assert chart is not None
    root = svg_tree(str(chart.svg))
    drawn = segments_of(root)
    assert [d.classes for d in drawn] == ["rr-seg--unknown", "rr-seg--valid", "rr-seg--expiring",
                                          "rr-seg--expired rr-seg--after"]
    # Words where they fit, the badge's symbol where only it fits: never the colour alone.
    assert drawn[1].text == "✓ valide"
    assert drawn[2].text in ("!", "! expire bientôt")
    assert drawn[3].text == "✕ échéance dépassée"
    assert chart.legend == ("valid", "expiring", "unknown", "expired")
    assert not chart.open_ended and arrows_of(root) == []  # the open segment is an end: drawn pale, no arrow
    assert root.get("role") == "img" and "1 certificat de Acme" in (root.get("aria-label") or "")
    # The text beside it: each period from its first day, in the words of the status badges.
    (bar, words), = chart.texts
    assert words == ("statut inconnu dès le 1ᵉʳ juin 2021, valide dès le 1ᵉʳ septembre 2021, expire bientôt "
                     "dès le 3 mars 2024, échéance dépassée dès le 1ᵉʳ juin 2024")


def test_segments_follow_each_other_on_the_days_scale() -> None:
    chart = certificates_chart([Bar("x", "a", VALID_THEN_EXPIRED)], date(2026, 11, 25), "Acme")
    assert chart is not None
    drawn = segments_of(svg_tree(str(chart.svg)))
    scale = Scale.over(date(2021, 6, 1), date(2026, 11, 25))
    assert (scale.start, scale.end) == (date(2021, 1, 1), date(2027, 1, 1))
    for box, segment in zip(drawn, VALID_THEN_EXPIRED, strict=True):
        assert abs(box.x - scale.x(segment.start)) < 0.6
        assert abs(box.x + box.width - (scale.x(segment.end) if segment.end else X1)) < 1.1
    assert [a.x + a.width for a in drawn[:-1]] == [b.x for b in drawn[1:]]  # side by side, no gap


def test_an_open_segment_in_force_runs_to_the_edge_with_an_arrow() -> None:
    chart = certificates_chart([Bar("x", "a", SUSPENDED_INSIDE)], date(2026, 11, 25), "Acme")
    assert chart is not None and chart.open_ended
    root = svg_tree(str(chart.svg))
    drawn = segments_of(root)
    assert [d.classes for d in drawn] == ["rr-seg--valid", "rr-seg--suspended", "rr-seg--valid"]
    assert drawn[-1].x + drawn[-1].width == X1
    assert arrows_of(root) == [("rr-seg--valid", drawn[-1].y - 3)]  # the arrow: no known end
    (_, words), = chart.texts
    assert words == ("valide dès le 10 janvier 2023, suspendu dès le 1ᵉʳ février 2024, "
                     "valide dès le 1ᵉʳ septembre 2024 (sans fin connue)")


def test_bars_are_in_the_order_given_and_start_on_their_first_day() -> None:
    later = (Segment(date(2025, 3, 1), None, "valid", "source"),)
    chart = certificates_chart([Bar("ancien", "a", VALID_THEN_EXPIRED), Bar("récent", "b", later)],
                               date(2026, 11, 25), "Acme")
    assert chart is not None
    root = svg_tree(str(chart.svg))
    assert labels_of(root) == ["ancien", "récent"]
    drawn = segments_of(root)
    # Before its first day a certificate did not exist: nothing is drawn there.
    scale = Scale.over(date(2021, 6, 1), date(2026, 11, 25))
    assert [(d.y, d.x) for d in drawn if d.y > drawn[0].y] == [(drawn[0].y + 52, round(scale.x(date(2025, 3, 1))))]


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
    assert "Frise chronologique" in text and "Les mêmes dates en texte" in text
    assert "valide dès le 29 février 2024" in text  # the first period starts on the issue day
    standard = site["referentiels/iso-test.md"].content
    assert standard.count("<svg") == 1 and "rr-chart__steps" in standard
    # The chart counts what the page's "Entreprises certifiées" counts: companies holding one in force.
    held = registry.certificates["societe-electrique"][0].in_force
    table = visible(page_tree(site, "referentiels/iso-test.md"))
    assert f"25 novembre 2026 {int(held)}" in table


def test_a_hostile_name_and_scope_stay_text_in_the_chart_and_its_text(make_registry: Callable[..., Path]) -> None:
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
    assert " ".join(str(line) for line in labels_of(root)) == f"Norme de test ({HOSTILE}), attribué le 2 janvier 2025"
    text = visible(page_tree(render_site(registry, SITE), "entreprises/hostile.md"))
    assert f"Norme de test ({HOSTILE}), attribué le 2 janvier 2025 : valide dès le" in text  # the text's item


def test_a_long_label_takes_a_second_line_and_the_rows_below_move_down() -> None:
    long = "Élu Service Client de l'Année (Solutions communicantes pour les particuliers), attribué en novembre 2025"
    chart = certificates_chart([Bar(long, "a", SUSPENDED_INSIDE), Bar("court", "b", SUSPENDED_INSIDE)],
                               date(2026, 11, 25), "Acme")
    assert chart is not None
    root = svg_tree(str(chart.svg))
    lines = labels_of(root)
    assert len(lines) == 3 and " ".join(str(line) for line in lines[:2]) == long and lines[2] == "court"
    drawn = segments_of(root)
    # The first bar sits below its two lines, the next row follows it as usual.
    assert (drawn[0].y, drawn[3].y) == (20 + 23 + 17, 20 + 23 + 17 + 52)
    assert wrap("mot " * 100, 300, 13)[1].endswith("…")
