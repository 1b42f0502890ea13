"""The set-up floor, offline and fast: the locks agree with pyproject.toml, the scripts make and reuse .venv/
with the locked versions and pass their arguments on, and browser tests never skip silently.

The scripts run for real on a copy of the project, with stand-ins for python3 and .venv/bin/python that log
what they are asked and install nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCKS = ROOT / "requirements"
SCRIPTS = ["scripts/bootstrap", "scripts/build-site", "scripts/test", "scripts/lock", ".ci/run"]
SKIP_LINE = "174 tests navigateur ignorés : chromium n'est pas installé (sudo apt-get install chromium)"


def pins(lock: Path) -> dict[str, list[Requirement]]:
    """The lock's entries by normalised name (a package may have one per marker), each with its hashes checked."""
    logical = re.sub(r"\\\n", " ", lock.read_text(encoding="utf-8"))
    entries: dict[str, list[Requirement]] = {}
    for line in logical.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, *hashes = re.split(r"\s+--hash=", line)
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), f"{lock.name}: {line[:80]}"
        parsed = Requirement(requirement)
        [spec] = parsed.specifier
        assert spec.operator == "==", f"{lock.name}: {requirement} is not an exact pin"
        entries.setdefault(canonicalize_name(parsed.name), []).append(parsed)
    return entries


def assert_locked(requirements: list[str], lock: Path) -> None:
    locked = pins(lock)
    for text in requirements:
        wanted = Requirement(text)
        entries = locked.get(canonicalize_name(wanted.name))
        assert entries, f"{wanted.name} (pyproject.toml) is missing from {lock.name}: run scripts/lock"
        for entry in entries:
            [spec] = entry.specifier
            assert wanted.specifier.contains(spec.version, prereleases=True), (
                f"{lock.name} pins {entry}, outside pyproject.toml's {wanted}: run scripts/lock")


def test_the_site_lock_holds_every_runtime_dependency() -> None:
    assert_locked(PYPROJECT["project"]["dependencies"], LOCKS / "site.txt")


def test_the_test_lock_holds_every_runtime_and_test_dependency() -> None:
    project = PYPROJECT["project"]
    assert_locked(project["dependencies"] + project["optional-dependencies"]["test"], LOCKS / "test.txt")


def test_the_site_lock_pins_exactly_what_the_test_lock_pins() -> None:
    site, test = pins(LOCKS / "site.txt"), pins(LOCKS / "test.txt")
    for name, entries in site.items():
        assert sorted(map(str, entries)) == sorted(map(str, test.get(name, []))), name


def test_the_build_backend_is_locked() -> None:
    assert_locked(PYPROJECT["build-system"]["requires"], LOCKS / "build.txt")


def test_the_locks_are_made_for_every_supported_python_and_platform() -> None:
    # One lock fits all: resolved from the lowest supported Python, for every platform, hashes included.
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]) == SpecifierSet(">=3.11")
    lock_script = (ROOT / "scripts" / "lock").read_text(encoding="utf-8")
    for option in ("--universal", "--python-version 3.11", "--generate-hashes"):
        assert option in lock_script
    for lock in LOCKS.glob("*.txt"):
        assert lock.read_text(encoding="utf-8").splitlines()[1] == "#    scripts/lock", lock.name


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_are_strict_executable_bash(script: str) -> None:
    path = ROOT / script
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines
    assert path.stat().st_mode & stat.S_IXUSR


def test_scripts_use_the_project_venv_and_the_locks() -> None:
    text = {name: (ROOT / name).read_text(encoding="utf-8") for name in SCRIPTS}
    assert '.venv/bin/python -m pytest "$@"' in text["scripts/test"]
    assert '.venv/bin/python -m generator build --strict "$@"' in text["scripts/build-site"]
    assert "exec ./scripts/test" in text[".ci/run"]
    bootstrap = text["scripts/bootstrap"]
    assert "pip install --require-hashes -r requirements/build.txt" in bootstrap
    assert "pip install --no-build-isolation --no-deps --editable ." in bootstrap
    for name, script in text.items():
        # Only .venv/bin/python installs; python3 (perhaps the system's) only makes virtual environments.
        assert not re.search(r"(?<!\.venv/bin/)python3? -m pip", script), name


# A copy of the project with stand-ins, on a PATH of its own that holds no chromium: python3 runs the real
# interpreter except `-m venv`, which makes a .venv/bin/python that logs every call, installs nothing, and
# answers pytest with $FAKE_PYTEST_STATUS after writing $FAKE_SKIPS where the conftest would; `id -u` says
# $FAKE_UID; sudo and apt-get log their calls and fail, unless $FAKE_SUDO_STATUS (sudo then runs the command)
# or $FAKE_APT_STATUS is 0 (a successful `apt-get install` puts a chromium on the PATH).
FAKES = {
    "python3": """\
#!/usr/bin/env bash
echo "python3 $*" >> "$FAKE_LOG"
if [ -n "${FAKE_VERSION:-}" ]; then echo "$FAKE_VERSION"; exit 0; fi
if [ "$1 $2" = "-m venv" ]; then
  rm -rf .venv && mkdir -p .venv/bin && cp "$FAKES/venv-python" .venv/bin/python
  exit 0
fi
exec "$REAL_PYTHON" "$@"
""",
    "venv-python": """\
#!/usr/bin/env bash
echo "venv $*" >> "$FAKE_LOG"
if [ "$1 $2" = "-m pip" ]; then exit "${FAKE_PIP_STATUS:-0}"; fi
if [ "$1 $2" = "-m pytest" ]; then
  if [ -n "${FAKE_SKIPS:-}" ]; then echo "$FAKE_SKIPS" > "$REGISTRE_BROWSER_SKIPS_FILE"; fi
  exit "${FAKE_PYTEST_STATUS:-0}"
fi
""",
    "id": """\
#!/usr/bin/env bash
echo "${FAKE_UID:-0}"
""",
    "sudo": """\
#!/usr/bin/env bash
echo "sudo $*" >> "$FAKE_LOG"
if [ "${FAKE_SUDO_STATUS:-1}" != 0 ]; then exit 1; fi
if [ "$1" = -n ]; then shift; fi
exec "$@"
""",
    "apt-get": """\
#!/usr/bin/env bash
echo "apt-get $*" >> "$FAKE_LOG"
status=${FAKE_APT_STATUS:-1}
if [ "$status" = 0 ] && [ "$1" = install ]; then printf '#!/bin/sh\\n' > "$FAKES/chromium"; chmod +x "$FAKES/chromium"; fi
exit "$status"
""",
}
TOOLS = ["bash", "env", "true", "dirname", "sha256sum", "cut", "cat", "mktemp", "rm", "mkdir", "cp", "chmod"]


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = root.parent / "calls.log"
        for name in ("scripts", "requirements", ".ci"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "pyproject.toml", root)
        self.fakes = root.parent / "fakes"
        self.fakes.mkdir()
        for name, text in FAKES.items():
            (self.fakes / name).write_text(text, encoding="utf-8")
            (self.fakes / name).chmod(0o755)
        tools = root.parent / "tools"
        tools.mkdir()
        for name in TOOLS:
            (tools / name).symlink_to(shutil.which(name) or name)
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"CI", "REGISTRE_CHROMIUM", "REGISTRE_BROWSER_SKIPS_FILE", "VIRTUAL_ENV"}}
        self.env.update(PATH=f"{self.fakes}:{tools}", FAKE_LOG=str(self.log), FAKES=str(self.fakes),
                        REAL_PYTHON=sys.executable, REGISTRE_CHROMIUM=shutil.which("true") or "/bin/true")

    def run(self, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
        self.log.write_text("", encoding="utf-8")
        environment = self.env | env
        if environment["REGISTRE_CHROMIUM"] == "":
            del environment["REGISTRE_CHROMIUM"]
        return subprocess.run(command, cwd=self.root, env=environment, capture_output=True, text=True,
                              check=False, timeout=60)

    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def installs(self) -> list[str]:
        return [call for call in self.calls() if call.startswith("venv -m pip")]

    def ran_pytest(self) -> bool:
        return any(call.startswith("venv -m pytest") for call in self.calls())


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


PIP = "venv -m pip --disable-pip-version-check --quiet install"


def test_first_run_makes_the_venv_from_the_locks_and_passes_arguments_to_pytest(project: Project) -> None:
    result = project.run("./scripts/test", "--collect-only", "-q")
    assert result.returncode == 0, result.stderr
    assert "python3 -m venv --clear .venv" in project.calls()
    assert project.installs() == [
        f"{PIP} --require-hashes -r requirements/build.txt -r requirements/test.txt",
        f"{PIP} --no-build-isolation --no-deps --editable .",
    ]
    assert project.calls()[-1] == "venv -m pytest --collect-only -q"


def test_a_second_run_reuses_the_venv_until_a_lock_changes(project: Project) -> None:
    assert project.run("./scripts/test").returncode == 0
    assert project.run("./scripts/test", "-k", "verifier").returncode == 0
    assert project.installs() == []
    assert project.calls()[-1] == "venv -m pytest -k verifier"
    lock = project.root / "requirements" / "test.txt"
    lock.write_text(lock.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert project.run("./scripts/test").returncode == 0
    assert "python3 -m venv --clear .venv" in project.calls()
    assert len(project.installs()) == 2


def test_tool_settings_in_pyproject_need_no_new_venv(project: Project) -> None:
    assert project.run("./scripts/test").returncode == 0
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("line-length = 120", "line-length = 119"),
                         encoding="utf-8")
    assert project.run("./scripts/test").returncode == 0
    assert project.installs() == []


def test_building_the_site_then_testing_adds_only_the_test_tools(project: Project) -> None:
    result = project.run("./scripts/build-site", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert project.installs()[0] == f"{PIP} --require-hashes -r requirements/build.txt -r requirements/site.txt"
    assert project.calls()[-1] == "venv -m generator build --strict --today 2026-11-25"
    assert project.run("./scripts/test").returncode == 0
    assert project.installs() == [f"{PIP} --require-hashes -r requirements/test.txt"]
    assert project.run("./scripts/build-site").returncode == 0
    assert project.installs() == []  # the test environment holds the site's pins


@pytest.mark.parametrize("script", ["./scripts/test", "./scripts/build-site"])
def test_python_older_than_3_11_is_refused_in_french(project: Project, script: str) -> None:
    result = project.run(script, FAKE_VERSION="3.9")
    assert result.returncode == 1
    assert "Python 3.11 ou plus récent est requis" in result.stderr
    assert "est Python 3.9" in result.stderr
    assert not (project.root / ".venv").exists()


def test_a_failed_install_stops_everything(project: Project) -> None:
    result = project.run("./scripts/test", FAKE_PIP_STATUS="1")
    assert result.returncode == 1
    assert "a échoué" in result.stderr
    assert not project.ran_pytest()
    assert project.run("./scripts/test").returncode == 0
    assert "python3 -m venv --clear .venv" in project.calls()  # no stamp was left: made anew


def test_by_hand_without_chromium_the_last_line_counts_the_skipped_browser_tests(project: Project) -> None:
    result = project.run("./scripts/test", "-q", REGISTRE_CHROMIUM="/nonexistent", FAKE_SKIPS="174")
    assert result.returncode == 0, result.stderr
    assert "chromium est introuvable (/nonexistent, d'après REGISTRE_CHROMIUM)" in result.stderr
    assert "les tests navigateur seront ignorés" in result.stderr
    assert result.stdout.splitlines()[-1] == SKIP_LINE
    failed = project.run("./scripts/test", REGISTRE_CHROMIUM="/nonexistent", FAKE_SKIPS="1", FAKE_PYTEST_STATUS="1")
    assert failed.returncode == 1  # pytest's own status, after the line
    assert failed.stdout.splitlines()[-1] == ("1 test navigateur ignoré : chromium n'est pas installé "
                                              "(sudo apt-get install chromium)")


def test_without_chromium_nor_root_by_hand_the_run_goes_on_and_says_so(project: Project) -> None:
    result = project.run("./scripts/test", REGISTRE_CHROMIUM="", FAKE_UID="1000", FAKE_SKIPS="174")
    assert result.returncode == 0, result.stderr
    assert "sudo -n true" in project.calls()  # asked sudo whether it needs a password, nothing more
    assert not any(call.startswith("apt-get") for call in project.calls())
    assert result.stderr.splitlines()[-2:] == [
        "chromium n'est pas installé et ce compte ne peut pas l'installer : les tests navigateur seront ignorés.",
        "Pour les lancer : sudo apt-get install chromium, puis ./scripts/test",
    ]
    assert result.stdout.splitlines()[-1] == SKIP_LINE


def test_as_root_chromium_is_installed_then_the_tests_run(project: Project) -> None:
    result = project.run("./scripts/test", REGISTRE_CHROMIUM="", FAKE_APT_STATUS="0")
    assert result.returncode == 0, result.stderr
    assert [call for call in project.calls() if call.startswith("apt-get")] == [
        "apt-get update -qq", "apt-get install -y -qq chromium"]
    assert project.ran_pytest()
    assert project.run("./scripts/test", REGISTRE_CHROMIUM="", FAKE_UID="1000", FAKE_SUDO_STATUS="0").returncode == 0
    assert not any(call.startswith(("apt-get", "sudo")) for call in project.calls())  # found on the PATH now


def test_a_failed_apt_get_stops_everything(project: Project) -> None:
    result = project.run("./scripts/test", REGISTRE_CHROMIUM="", FAKE_UID="1000", FAKE_SUDO_STATUS="0")
    assert result.returncode == 1
    assert project.calls()[-3:] == ["sudo -n true", "sudo -n apt-get update -qq", "apt-get update -qq"]
    assert "apt-get update a échoué" in result.stderr
    assert not project.ran_pytest()


def test_with_chromium_no_skip_line(project: Project) -> None:
    result = project.run("./scripts/test", FAKE_SKIPS="0")
    assert result.returncode == 0
    assert result.stdout == ""


def test_under_ci_a_missing_chromium_stops_the_run(project: Project) -> None:
    result = project.run("./scripts/test", CI="true", REGISTRE_CHROMIUM="/nonexistent")
    assert result.returncode == 1
    assert "En CI, les tests navigateur ne sont jamais ignorés" in result.stderr
    assert not project.ran_pytest()


# The conftest's own hooks, in a pytest run of their own: the marker decides before any fixture or skipif.
INNER_TESTS = '''
import pytest

@pytest.mark.browser
def test_page():
    pass

@pytest.mark.browser
@pytest.mark.skipif(True, reason="chromium is not installed")
def test_with_its_own_skipif():
    pass

def test_not_a_browser_test():
    pass
'''


def run_inner_session(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import (pytest_configure, pytest_runtest_makereport, pytest_runtest_setup,\n"
        "                            pytest_sessionfinish)\n", encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: a browser test\n", encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TESTS), encoding="utf-8")
    count = tmp_path / "skips"
    base = {key: value for key, value in os.environ.items() if key not in {"CI", "REGISTRE_CHROMIUM"}}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", str(tmp_path)], cwd=tmp_path,
        env=base | {"PYTHONPATH": str(ROOT), "REGISTRE_BROWSER_SKIPS_FILE": str(count)} | env,
        capture_output=True, text=True, check=False, timeout=120)
    return result, count.read_text(encoding="utf-8").strip()


def test_browser_tests_skip_in_french_and_are_counted(tmp_path: Path) -> None:
    result, count = run_inner_session(tmp_path, REGISTRE_CHROMIUM="/nonexistent")
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped" in result.stdout
    assert "chromium n'est pas installé (sudo apt-get install chromium)" in result.stdout
    assert count == "2"


def test_under_ci_browser_tests_fail_without_chromium(tmp_path: Path) -> None:
    result, count = run_inner_session(tmp_path, REGISTRE_CHROMIUM="/nonexistent", CI="true")
    assert result.returncode == 1
    assert "en CI, les tests navigateur ne sont jamais ignorés" in result.stdout
    assert "2 errors" in result.stdout or "2 failed" in result.stdout, result.stdout
    assert count == "0"


def test_with_chromium_browser_tests_run(tmp_path: Path) -> None:
    result, count = run_inner_session(tmp_path, REGISTRE_CHROMIUM=shutil.which("true") or "/bin/true")
    assert "2 passed, 1 skipped" in result.stdout  # the skipif of its own still applies
    assert count == "0"
