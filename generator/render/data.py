"""/donnees/: the open data, its files and the field tables, derived from the model (`generator.reference`)."""

from __future__ import annotations

from generator.export.table import SPREADSHEET_NOTE
from generator.reference import TABLES, TITLES, field_rows
from generator.render.base import Page, Renderer


def open_data_page(r: Renderer) -> Page:
    models = [(key.replace("_", "-"), TITLES[key], field_rows(TABLES[key])) for key in TITLES]
    return r.page("donnees/index.md", "data.html", "Données ouvertes", models=models,
                  spreadsheet_note=SPREADSHEET_NOTE)
