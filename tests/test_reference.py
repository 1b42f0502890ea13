"""The guide's field tables are the model's: every field, its type, whether it is required, its description."""

from __future__ import annotations

from generator.model import all_models
from generator.reference import GUIDE, SHARED_TABLES, TABLES, current_guide, described_models, field_table


def test_the_guide_tables_are_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert current_guide(text) == text, "python -m generator.reference récrit les tables du guide"


def test_every_record_model_has_its_table_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert set(TABLES.values()) | set(SHARED_TABLES) >= set(all_models())
    assert described_models(text) == set(TABLES)


def test_a_table_names_every_field_with_type_requirement_and_description() -> None:
    from generator.model import Certification, yaml_fields

    table = field_table(Certification)
    for key, info in yaml_fields(Certification).items():
        row = next(line for line in table.splitlines() if line.startswith(f"| `{key}` |"))
        assert (info.description or "").replace("|", "\\|") in row
    assert "| `suspensions` | liste de tableaux « suspension » | non |" in table
    assert "| `status` | `active`, `withdrawn` | non |" in table
    assert "| `issued` | date | l'un de `issued` et `reported` |" in table
