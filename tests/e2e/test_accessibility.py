"""Beyond axe-core: statuses in words, tables a screen reader can read, the keyboard with a visible focus."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import PAGE_TYPES, settle

pytestmark = pytest.mark.browser

STATUS_WORDS = ("valide", "expire bientôt", "expiré", "échéance dépassée", "suspendu", "retiré", "statut inconnu")
WITH_STATUSES = ["accueil", "entreprises", "entreprise", "referentiel", "certificateur", "verifier"]
WITH_TABLES = ["entreprises", "referentiels", "comparatif", "certificateurs", "couverture", "donnees"]


@pytest.mark.parametrize("kind", WITH_STATUSES)
def test_every_status_is_told_in_words(open_page: Any, kind: str) -> None:
    page, _ = open_page(PAGE_TYPES[kind])
    settle(page, PAGE_TYPES[kind])
    statuses = page.locator(".rr-status").all()
    assert statuses, kind
    for status in statuses:
        text = status.inner_text().strip()
        assert text.startswith(STATUS_WORDS), text
        # The colour class and the words say the same thing.
        key = status.get_attribute("data-status")
        expected = {"valid": ("valide",), "expiring": ("expire bientôt",), "expired": ("expiré", "échéance dépassée"),
                    "suspended": ("suspendu",), "withdrawn": ("retiré",), "unknown": ("statut inconnu",)}[key]
        assert text.startswith(expected) and f"rr-status--{key}" in (status.get_attribute("class") or "")


@pytest.mark.parametrize("kind", WITH_TABLES)
def test_tables_have_a_caption_and_scoped_headers(open_page: Any, kind: str) -> None:
    page, _ = open_page(PAGE_TYPES[kind])
    tables = page.locator(".md-content table").all()
    assert tables
    for table in tables:
        assert table.locator("caption").inner_text().strip()
        headers = table.locator("th").all()
        assert headers
        for th in headers:
            assert th.get_attribute("scope") in ("col", "row"), th.inner_text()
        assert table.locator("thead th[scope=col]").count() >= 2


# Marks every element the keyboard should reach, then records, for each Tab, the focused element and its
# focus indicator; then the same element's style without focus.
_MARK = """() => {
  const wanted = [...document.querySelectorAll(
    '#rrc-search-input, .md-content a[href], .md-content input, .md-content select, .md-content button')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden');
  wanted.forEach((e, i) => { e.dataset.e2eKey = String(i); });
  return wanted.map(e => (e.id ? '#' + e.id : e.tagName.toLowerCase() + ':' + (e.innerText || '').trim()));
}"""
_STYLE = """(e) => { const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '); }"""
_FOCUSED = """() => { const e = document.activeElement;
  return e && e.dataset.e2eKey !== undefined ? e.dataset.e2eKey : (e ? e.tagName : null); }"""


def _visible_indicator(style: str) -> bool:
    outline_style, outline_width, _, shadow = style.split(" | ")
    return (outline_style != "none" and outline_width != "0px") or shadow != "none"


@pytest.mark.parametrize("kind", ["entreprises", "entreprise", "verifier", "accueil"])
def test_the_keyboard_reaches_search_filters_and_every_link_with_a_visible_focus(open_page: Any, kind: str) -> None:
    page, _ = open_page(PAGE_TYPES[kind])
    settle(page, PAGE_TYPES[kind])
    names = page.evaluate(_MARK)
    focused_style: dict[str, str] = {}
    page.locator("body").focus()
    previous = None
    for _ in range(len(names) + 40):
        page.keyboard.press("Tab")
        key = page.evaluate(_FOCUSED)
        if key is not None and key.isdigit():
            if key in focused_style and key != previous:  # a date input takes one Tab per field: day, month, year
                break  # round the page once
            previous = key
            focused_style[key] = page.evaluate(f"() => ({_STYLE})(document.activeElement)")
    reached = {names[int(k)] for k in focused_style}
    assert reached == set(names), set(names) - reached
    assert "#rrc-search-input" in reached
    if kind == "entreprises":
        assert {"#rr-f-q", "#rr-f-referentiel", "#rr-f-certificateur", "#rr-f-statut", "#rr-f-secteur",
                "button:Entreprise", "button:SIREN", "button:Secteur", "a:Énergie Publique"} <= reached
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for key, style in focused_style.items():
        assert _visible_indicator(style), (names[int(key)], style)
        unfocused = page.locator(f"[data-e2e-key='{key}']").evaluate(_STYLE)
        assert unfocused != style, (names[int(key)], style)
