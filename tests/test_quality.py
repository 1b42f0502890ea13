"""The linters configured in pyproject.toml pass on the whole code base."""

from __future__ import annotations

import subprocess
import sys

from tests.sitebuild import PROJECT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=PROJECT, capture_output=True, text=True,
                          check=False, timeout=600)


def test_ruff_passes():
    result = run("ruff", "check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
