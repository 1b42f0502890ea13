"""The GitHub workflows, forms and pre-commit hooks, checked offline.

The schemas are the ones bundled with check-jsonschema (no network); the publishing clock is run
for real instants on both sides of the daylight-saving changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # YAML 1.2: `on` stays a string


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("check-jsonschema")
    prefix = [command] if command else [sys.executable, "-m", "check_jsonschema"]
    return subprocess.run([*prefix, "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, check=False)


def test_workflows_follow_githubs_schema() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check-sources.yml", "publish.yml", "pull-request.yml"]
    result = check_jsonschema("vendor.github-workflows", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_follows_its_schema_and_proposes_weekly_updates() -> None:
    config = ROOT / ".github" / "dependabot.yml"
    result = check_jsonschema("vendor.dependabot", config)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {update["package-ecosystem"]: update for update in load(config)["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    # From the root, Dependabot's pip support reads pyproject.toml and the locks in requirements/.
    assert updates["pip"]["directory"] == "/"
    assert sorted(path.name for path in (ROOT / "requirements").glob("*.txt")) == ["build.txt", "site.txt", "test.txt"]
    assert {update["schedule"]["interval"] for update in updates.values()} == {"weekly"}


def test_workflows_install_the_locked_versions_into_the_project_venv() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in load(path)["jobs"].items():
            runs = _runs(job)
            if "python -m generator" not in runs:
                continue
            setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
            assert setup["with"]["cache-dependency-path"] == "requirements/*.txt", (path.name, name)
            assert "./scripts/bootstrap " in runs, (path.name, name)
            assert 'echo "$PWD/.venv/bin" >> "$GITHUB_PATH"' in runs, (path.name, name)
            assert runs.index("./scripts/bootstrap ") < runs.index("python -m generator"), (path.name, name)
            assert "pip install" not in runs, (path.name, name)


def test_issue_form_follows_githubs_schema_and_asks_for_sources() -> None:
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "signaler-une-certification.yml"
    result = check_jsonschema("vendor.github-issue-forms", form)
    assert result.returncode == 0, result.stdout + result.stderr
    data = load(form)
    assert data["name"] == "Signaler une certification"
    sources = next(item for item in data["body"] if item.get("id") == "sources")
    assert sources["type"] == "textarea"
    assert sources["validations"]["required"] is True


def test_pull_request_template_asks_for_sources() -> None:
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "## Sources" in text
    assert "python -m generator validate" in text


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pull_requests_annotate_test_build_and_summarise() -> None:
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["check"]
    runs = _runs(job)
    assert "python -m generator validate --format github" in runs
    assert "./scripts/test" in runs
    assert "python -m generator build --strict" in runs
    assert 'python -m generator diff "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"' in runs
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_publishing_runs_on_main_by_hand_and_daily_with_the_official_pages_actions() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    triggers = workflow["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    assert [entry["cron"] for entry in triggers["schedule"]] == ["5 22 * * *", "5 23 * * *"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "python -m generator build --strict" in _runs(build)
    assert _uses(build)[-2:] == ["actions/configure-pages", "actions/upload-pages-artifact"]
    assert _uses(deploy) == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"


def _clock(event: str, schedule: str, instant: datetime, tmp_path: Path) -> str:
    step = next(s for s in load(WORKFLOWS / "publish.yml")["jobs"]["build"]["steps"] if s.get("id") == "clock")
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    env = {"PATH": os.environ["PATH"], "EVENT": event, "SCHEDULE": schedule,
           "NOW": str(int(instant.timestamp())), "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", step["run"]], env=env, check=True, capture_output=True, text=True)
    return output.read_text(encoding="utf-8").strip()


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("date") is None, reason="needs bash and date")
@pytest.mark.parametrize(
    ("day", "expected_cron"),
    [
        ("2026-01-15", "5 23 * * *"),  # winter: 23:05 UTC is 00:05 in Paris
        ("2026-07-15", "5 22 * * *"),  # summer: 22:05 UTC is 00:05 in Paris
        ("2026-03-28", "5 23 * * *"),  # the evening before summer time begins (29 March, 01:00 UTC)
        ("2026-03-29", "5 22 * * *"),
        ("2026-10-24", "5 22 * * *"),  # the evening before winter time begins (25 October, 01:00 UTC)
        ("2026-10-25", "5 23 * * *"),
    ],
)
def test_exactly_one_daily_run_publishes_just_after_midnight_in_paris(
        day: str, expected_cron: str, tmp_path: Path) -> None:
    evening = datetime.fromisoformat(day).replace(tzinfo=UTC)
    published = []
    for cron, hour in (("5 22 * * *", 22), ("5 23 * * *", 23)):
        # GitHub may start a scheduled run late: 40 minutes late must not change the decision.
        for delay in (0, 40):
            instant = evening + timedelta(hours=hour, minutes=5 + delay)
            decision = _clock("schedule", cron, instant, tmp_path)
            if delay == 0:
                published.append((cron, decision))
            else:
                assert decision == dict(published)[cron]
    assert published == [(c, "run=true" if c == expected_cron else "run=false")
                         for c in ("5 22 * * *", "5 23 * * *")]
    paris = (evening + timedelta(hours=int(expected_cron.split()[1]), minutes=5)).astimezone(ZoneInfo("Europe/Paris"))
    assert (paris.hour, paris.minute) == (0, 5)


def test_pushes_and_manual_runs_always_publish(tmp_path: Path) -> None:
    instant = datetime(2026, 7, 15, 14, 0, tzinfo=UTC)
    assert _clock("push", "", instant, tmp_path) == "run=true"
    assert _clock("workflow_dispatch", "", instant, tmp_path) == "run=true"


def test_weekly_source_watch_keeps_one_issue() -> None:
    workflow = load(WORKFLOWS / "check-sources.yml")
    assert "workflow_dispatch" in workflow["on"]
    [schedule] = workflow["on"]["schedule"]
    minute, hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month) == ("*", "*") and day_of_week.isdigit()
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    runs = _runs(workflow["jobs"]["check-sources"])
    assert "python -m generator check-sources" in runs
    assert "gh issue list --state open --label" in runs
    assert "gh issue edit" in runs and "gh issue create" in runs and "gh issue close" in runs


def test_pre_commit_hooks() -> None:
    hooks = {hook["id"]: hook for hook in load(ROOT / ".pre-commit-hooks.yaml")}
    assert set(hooks) == {"registre-validate", "registre-fmt"}
    assert hooks["registre-validate"]["entry"] == "python -m generator validate"
    assert hooks["registre-validate"]["pass_filenames"] is False
    assert hooks["registre-fmt"]["entry"] == "python -m generator fmt --check"
    assert hooks["registre-fmt"]["pass_filenames"] is True
    assert {hook["language"] for hook in hooks.values()} == {"python"}


def test_pull_requests_keep_records_in_canonical_form():
    # Editing commands leave untouched lines byte for byte in canonical files: CI keeps every file so.
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "python -m generator fmt --check" in steps
