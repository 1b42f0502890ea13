"""benchmarks/check_registry.py stays independent of the generator on purpose (it checks the generator's
synthetic data with its own reading); its field lists must still be the model's."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from generator.model import MODELS, Certification, SourceRef, Suspension, yaml_fields

CHECKER = Path(__file__).resolve().parent.parent / "benchmarks" / "check_registry.py"


def load_checker():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(CHECKER.parent))  # it imports its sibling make_registry, as when run as a script
    spec = importlib.util.spec_from_file_location("check_registry", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_independent_checker_knows_the_models_fields() -> None:
    checker = load_checker()
    for folder, model in MODELS.items():
        fields = yaml_fields(model)
        assert checker.FIELDS[folder] == set(fields), folder
        assert checker.REQUIRED[folder] == {key for key, info in fields.items() if info.is_required()}, folder
    assert set(yaml_fields(Certification)) == checker.CERTIFICATION_FIELDS
    assert set(yaml_fields(Suspension)) == checker.SUSPENSION_FIELDS
    assert set(yaml_fields(SourceRef)) == checker.SOURCE_FIELDS
