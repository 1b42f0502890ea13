"""`validate` and `status` as a maintainer and CI run them: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import COMPANY


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def broken(make_registry):
    text = COMPANY.replace("number: 'A-1'", "expries: '2027-01-01'").replace("'347384570'", "'347384571'")
    return make_registry({"companies/societe-electrique.yml": text})


def test_validate_text_is_path_line_column(make_registry):
    root = broken(make_registry)
    result = run("validate", "--registry", str(root), "--today", "2026-11-25")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{root}/companies/societe-electrique.yml:5:8: error: « siren » : SIREN « 347384571 » invalide : "
        "9 chiffres sans espace, avec une clé de contrôle (Luhn) valide",
        f"{root}/companies/societe-electrique.yml:14:5: error: champ inconnu « expries » : "
        "vouliez-vous dire « expires » ?",
    ]


def test_validate_path_is_joined_to_the_registry_argument_as_given(make_registry, monkeypatch):
    root = broken(make_registry)
    monkeypatch.chdir(root.parent)
    result = run("validate", "--registry", "registry/", "--today", "2026-11-25")
    assert result.stdout.startswith("registry/companies/societe-electrique.yml:5:8: error:")


def test_validate_github_and_json(make_registry):
    root = broken(make_registry)
    result = run("validate", "--registry", str(root), "--today", "2026-11-25", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == (
        f"::error file={root}/companies/societe-electrique.yml,line=14,col=5::champ inconnu « expries » : "
        "vouliez-vous dire « expires » ?"
    )
    result = run("validate", "--registry", str(root), "--today", "2026-11-25", "--format", "json")
    data = json.loads(result.stdout)
    assert [sorted(item) for item in data] == [["code", "column", "line", "message", "path", "severity"]] * 2
    assert [(d["line"], d["column"], d["code"]) for d in data] == [(5, 8, "invalid-siren"), (14, 5, "unknown-field")]


def test_validate_clean_and_strict(make_registry):
    root = make_registry()
    assert run("validate", "--registry", str(root), "--today", "2026-11-25").exit_code == 0
    stale = COMPANY.replace("checked: '2026-11-01'", "checked: '2024-01-01'")
    root = make_registry({"companies/societe-electrique.yml": stale})
    result = run("validate", "--registry", str(root), "--today", "2026-11-25")
    assert result.exit_code == 0 and ": warning: " in result.stdout
    assert run("validate", "--registry", str(root), "--today", "2026-11-25", "--strict").exit_code == 1


def test_usage_errors_exit_2(make_registry):
    root = make_registry()
    assert run("validate", "--registry", str(root), "--today", "25/11/2026").exit_code == 2
    assert run("validate", "--registry", str(root), "--format", "xml").exit_code == 2
    assert run("status", "--registry", str(root), "--within", "-3").exit_code == 2


def test_status_json_sorted_with_exact_keys(make_registry):
    companies = {
        "companies/zeta.yml": COMPANY.replace("'347384570'", "'479076002'").replace("'A-1'", "'A-2'").replace(
            "issued: '2024-02-29'", "issued: '2025-01-10'"),
        "companies/alpha.yml": COMPANY.replace("'347384570'", "'503380081'").replace("'A-1'", "'A-3'").replace(
            "standard: iso-test\n    certifier: afnor", "standard: label-test").replace(
            "issued: '2024-02-29'", "reported: '2015'"),
    }
    root = make_registry(companies)
    result = run("status", "--registry", str(root), "--today", "2026-11-25", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"company": "societe-electrique", "standard": "iso-test", "certifier": "afnor", "issued": "2024-02-29",
         "expires": "2027-02-28", "status": "valid", "current": True},
        {"company": "zeta", "standard": "iso-test", "certifier": "afnor", "issued": "2025-01-10",
         "expires": "2028-01-09", "status": "valid", "current": True},
        # Reported in 2015 under a 3-year label: issued then at the latest, so certainly lapsed since 2019.
        {"company": "alpha", "standard": "label-test", "certifier": None, "issued": None,
         "expires": None, "status": "expired", "current": True},
    ]
    result = run("status", "--registry", str(root), "--today", "2026-11-25", "--within", "95", "--format", "json")
    assert [row["company"] for row in json.loads(result.stdout)] == ["societe-electrique"]
    result = run("status", "--registry", str(root), "--today", "2026-11-25", "--within", "94", "--format", "json")
    assert json.loads(result.stdout) == []


def on(root, day: str, today: str = "2026-11-25") -> dict[str, str]:
    result = run("status", "--registry", str(root), "--today", today, "--on", day, "--format", "json")
    assert result.exit_code == 0, result.output
    return {f"{row['company']}/{row['issued']}": row["status"] for row in json.loads(result.stdout)}


def test_status_on_any_day_with_the_registry_as_known_today(make_registry):
    suspended = COMPANY.replace("'A-1'", "'A-1'\n    suspensions:\n      - from: '2025-03-10'\n        to: "
                                "'2025-04-02'\n        sources:\n          - https://example.org/s")
    renewed = COMPANY.replace("'347384570'", "'479076002'").replace("'A-1'", "'A-2'").replace(
        "    id: iso-test-2024\n", "    id: iso-test-2024\n  - standard: iso-test\n    issued: '2026-06-01'\n"
        "    sources:\n      - https://example.org/r\n    id: iso-test-2026\n")
    root = make_registry({"companies/societe-electrique.yml": suspended, "companies/zeta.yml": renewed})
    # A past day before any certificate was issued: nothing is listed, not even as unknown.
    assert on(root, "2024-02-28") == {}
    # The day of issue, inside a lifted suspension, after it, and before the renewal began.
    assert on(root, "2024-02-29") == {"societe-electrique/2024-02-29": "valid", "zeta/2024-02-29": "valid"}
    assert on(root, "2025-03-10")["societe-electrique/2024-02-29"] == "suspended"
    assert on(root, "2025-04-02")["societe-electrique/2024-02-29"] == "valid"
    assert "zeta/2026-06-01" not in on(root, "2026-05-31")
    # A future day is read from the same timelines: the 2024 certificate lapses, the renewal holds.
    assert on(root, "2028-06-01") == {"societe-electrique/2024-02-29": "expired", "zeta/2024-02-29": "expired",
                                      "zeta/2026-06-01": "valid"}
    # --on does not move the day of the data: a past day is no "date in the future" error for a record.
    result = run("status", "--registry", str(root), "--today", "2026-11-25", "--on", "2020-01-01")
    assert result.exit_code == 0 and result.stdout == ""
    current = json.loads(run("status", "--registry", str(root), "--today", "2026-11-25", "--on", "2026-01-01",
                             "--format", "json").stdout)
    # Before the renewal began, the 2024 certificate was the current one.
    assert [(r["company"], r["issued"], r["current"]) for r in current if r["company"] == "zeta"] == [
        ("zeta", "2024-02-29", True)]


def test_status_refuses_an_invalid_registry(make_registry):
    root = broken(make_registry)
    result = run("status", "--registry", str(root), "--today", "2026-11-25")
    assert result.exit_code == 1
    assert ":14:5: error: champ inconnu « expries »" in result.stdout


def test_module_entry_point_runs_without_traceback(tmp_path):
    (tmp_path / "companies").mkdir()
    (tmp_path / "companies" / "x.yml").write_bytes(b"\xff\xfe\x00garbage")
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--registry", str(tmp_path), "--today", "2026-11-25"],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr + completed.stdout
    assert f"{tmp_path}/companies/x.yml:1:1: error: octet 0xFF invalide : le fichier n'est pas encodé en UTF-8" in completed.stdout
